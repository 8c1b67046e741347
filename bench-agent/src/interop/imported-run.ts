import type { HardwareInput, RunStatus } from '../graphql/agent-operations';
import type { ErrorKind, SampleInput } from '../run/sample.types';
import { importHardware, type HardwareLayer } from './import-hardware';

/**
 * A run read from another tool's result file, ready to upload like a measured one. `config.import`
 * records the source tool, file, how each of its metrics maps onto ours, and `unmapped` notes for every
 * value that could not be carried over (or only approximately).
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
  /** Per-request samples; empty for aggregate-only files (their percentiles are in `summary`). */
  samples: SampleInput[];
  summary: Record<string, unknown>;
}

export interface ImportNotes {
  tool: string;
  format: string;
  file: string;
  /** "their name → our name" for every metric carried over. */
  metricMapping: Record<string, string>;
  /** Values that could not be mapped, or only approximately, with the reason. */
  unmapped: string[];
  /** True when the file held only aggregates: the run has zero samples, see `summary.sourcePercentiles`. */
  aggregateOnly: boolean;
}

/** An importer turns one parsed file into one or more runs (GuideLLM and llama-bench files hold several). */
export interface ResultImporter {
  readonly format: string;
  readonly description: string;
  parse(text: string, file: string): ImportedRun[];
}

/** Distribution of one metric as the source tool reported it (ms unless the name says otherwise). */
export interface SourcePercentiles {
  mean?: number;
  min?: number;
  max?: number;
  std?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  [percentile: string]: number | undefined;
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

/** Maps another tool's error text / HTTP code onto our error kinds (best effort; the text is kept). */
export function classifyForeignError(message: string, httpCode?: number | null): ErrorKind {
  if (httpCode === 499 || /cancel/i.test(message)) return 'cancelled';
  if (/timeout|timed out/i.test(message)) return 'timeout';
  if (/connect|refused|ENOTFOUND|unreachable/i.test(message)) return 'connect';
  if (
    (httpCode !== undefined && httpCode !== null && httpCode >= 400) ||
    /HTTP|status|\b[45]\d\d\b/.test(message)
  )
    return 'http_status';
  if (/json|decode|parse/i.test(message)) return 'malformed_event';
  return 'stream_broken';
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
