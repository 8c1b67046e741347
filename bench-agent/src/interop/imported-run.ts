import type { HardwareInput, RunStatus } from '../graphql/agent-operations';
import type { SampleInput } from '../run/sample.types';
import { importHardware, type HardwareLayer } from './import-hardware';

/**
 * A run read from another tool's result file, ready to upload like a measured one. `config.import`
 * records the source tool, its version and file kind, how each of its metrics maps onto ours, the time
 * base, and `unmapped` notes for every value that could not be carried over (or only approximately).
 */
export interface ImportedRun {
  scenario: string;
  targetUrl: string;
  targetEngine: string;
  model: string;
  quantization: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  /**
   * The hardware block as the source file alone allows: what it states, every other field explicitly
   * unknown. `yardstick-agent import --hardware/--detect` rebuilds it with `sourceHardware` as the
   * lowest layer.
   */
  hardware: HardwareInput;
  /** What the source file states about the machine (llama-bench: cpu_info, gpu_info); undefined: nothing. */
  sourceHardware?: HardwareLayer;
  config: Record<string, unknown> & { import: ImportNotes };
  /** Per-request samples; empty for aggregate-only files (the tool's figures are in `summary.reported`). */
  samples: SampleInput[];
  summary: Record<string, unknown> & { reported: ReportedFigures };
}

/**
 * How the run's duration (and so every throughput) is known:
 * - `send-times`: each sample has its real send time from the file; duration = last end − first send;
 * - `sequential`: the tool ran its repetitions one after another (llama-bench), so each sample is sent
 *   when the previous one ended and the duration is the sum of their times;
 * - `tool-duration`: the file has no send times; the tool's own duration and throughput are the run's
 *   (`summary.reported.authoritative` includes "throughput").
 */
export type TimeBase = 'send-times' | 'sequential' | 'tool-duration';

export interface ImportNotes {
  /** e.g. "vLLM bench serve", "GuideLLM", "AIPerf", "GenAI-Perf", "llama-bench". */
  tool: string;
  /** The tool version the file names, or what its shape identifies (e.g. "0.1x (no start_times)"). */
  toolVersion: string;
  /** e.g. "--save-result --save-detailed JSON", "profile_export.jsonl", "-o jsonl". */
  fileKind: string;
  /** The `--format` it was imported with. */
  format: string;
  file: string;
  timeBase: TimeBase;
  /** "their name → our name" for every metric carried over. */
  metricMapping: Record<string, string>;
  /** Values that could not be mapped, or only approximately, with the reason. */
  unmapped: string[];
  /** True when the file held only aggregates: the run has zero samples, see `summary.reported`. */
  aggregateOnly: boolean;
  /** What the file says about the run beyond metrics (vLLM --metadata, AIPerf target URL, …). */
  metadata: Record<string, unknown>;
  /** What the user set on the command line over the file (--model, --quantization). */
  overrides?: Record<string, string>;
}

/** Distribution of one latency as the source tool reported it, in ms. `count`: observations. */
export interface ReportedDistribution {
  mean?: number;
  min?: number;
  max?: number;
  std?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  count?: number;
  /** Other percentiles the tool reported, keyed "p25", "p99_9", … */
  [percentile: string]: number | undefined;
}

/**
 * The source tool's own figures for the run (`summary.reported`). `authoritative` names the groups the
 * server shows from here instead of computing them from the samples, because the samples cannot give
 * them: "throughput" when the file has no time base (or only a sample of the requests), "latency" when
 * the file has no per-request data or only a sample of it.
 */
export interface ReportedFigures {
  tool: string;
  authoritative: ('throughput' | 'latency')[];
  requests: number | null;
  errors: number | null;
  durationS: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  requestsPerS: number | null;
  outputTokensPerS: number | null;
  totalTokensPerS: number | null;
  ttftMs?: ReportedDistribution;
  tpotMs?: ReportedDistribution;
  itlMs?: ReportedDistribution;
  e2eMs?: ReportedDistribution;
}

/** An importer turns one parsed file into one or more runs (GuideLLM and llama-bench files hold several). */
export interface ResultImporter {
  readonly format: string;
  readonly description: string;
  /** Throws ImportFormatError (file, place, what was expected) for a file it cannot read. */
  parse(text: string, file: string): ImportedRun[];
}

/**
 * The hardware fields of a run from a file of `tool`: what the file states (`layer`, if any), every
 * other field recorded as unknown with the note "not in the source file" (import-hardware.ts).
 */
export function hardwareFromSource(
  tool: string,
  layer?: HardwareLayer,
): Pick<ImportedRun, 'hardware' | 'sourceHardware'> {
  return { hardware: importHardware(tool, layer ? [layer] : []), sourceHardware: layer };
}

/** An empty successful sample with every timing unknown; importers fill what their source has. */
export function blankSample(seq: number): SampleInput {
  return {
    seq,
    warmup: false,
    scheduledAtMs: 0,
    sentAtMs: 0,
    sendLagMs: 0,
    queueMs: 0,
    ttftMs: null,
    e2eMs: null,
    tpotMs: null,
    itlMs: [],
    inputTokens: null,
    outputTokens: null,
    outputTokensServer: null,
    outputTokensClient: null,
    tokenSource: null,
    errorKind: null,
    errorMessage: null,
  };
}

/** TPOT as we define it: (E2E − TTFT) / (N_out − 1), null below 2 tokens. */
export function tpotMs(
  e2eMs: number | null,
  ttftMs: number | null,
  outputTokens: number | null,
): number | null {
  if (e2eMs === null || ttftMs === null || outputTokens === null || outputTokens < 2) return null;
  return round3((e2eMs - ttftMs) / (outputTokens - 1));
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `sum / durationS`, or null when either is unknown or the duration is not positive. */
export const perSecond = (sum: number | null, durationS: number | null): number | null =>
  sum !== null && durationS !== null && durationS > 0 ? sum / durationS : null;
