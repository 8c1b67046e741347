import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { OpenAiTarget } from '../targets/openai.target';
import { executorFor } from '../executors/executor.registry';
import { effectiveLoad, type LoadOverrides, type Scenario } from '../scenario/scenario.loader';
import { RequestSource } from '../workload/request-source';
import { loadTokenizer, resolveTokenizerName } from '../workload/tokenizer.registry';
import { buildSample } from './sample.builder';
import { buildRunConfig, type ResolvedTarget } from './run-config';
import { summarizeAccumulator, type RunSummary } from '../metrics/run-summary';
import { RunAccumulator } from '../metrics/run-accumulator';
import { parseSloBlock, perRequestLimits } from '../metrics/goodput';
import { AgentCpuMeter } from '../metrics/agent-cpu';
import { GraphqlClient } from '../upload/graphql.client';
import { RunUploader } from '../upload/run.uploader';
import { defaultSpoolDir } from '../upload/spool.store';
import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import type { HardwareInput, RunStatus, StartRunInput } from '../graphql/agent-operations';
import type { SampleInput } from './sample.types';
import type { LoadSpec, SendSlot } from '../executors/executor.types';

export interface RunProgress {
  done: number;
  total: number | null;
  errors: number;
  elapsedMs: number;
}

export interface RunOptions {
  targetUrl: string;
  scenario: Scenario;
  scenarioFile?: string;
  model?: string;
  quantization?: string;
  overrides?: LoadOverrides;
  apiKey?: string;
  /** Driver (`chat` | `completions`), streaming, extra body fields and headers (targets/target.config.ts). */
  targetOptions?: {
    api?: string;
    stream?: boolean;
    extraBody?: Record<string, unknown>;
    headers?: Record<string, string>;
  };
  /** "yardstick-embedded", "vllm", ...; guessed from /v1/models when absent. */
  targetEngine?: string;
  engineBackend?: string | null;
  /** Embedded engine details recorded in the run config. */
  engineInfo?: unknown;
  hardware: HardwareInput;
  /**
   * Keep-alive connections to open before warm-up (`preconnectCount`): a number, 0 for none, or
   * `auto` (default) to derive it from the load.
   */
  preconnect?: number | 'auto';
  /** Upload target; without it nothing is uploaded or spooled. */
  server?: {
    url: string;
    token: string;
    spoolDir?: string;
    batchSize?: number;
    /** How long to keep retrying an unreachable server before leaving the rest to the spool. */
    retryWindowMs?: number;
  };
  signal?: AbortSignal;
  /**
   * Keep every sample in memory for `RunOutcome.samples` (default true). Long runs pass false: the
   * summary comes from streaming HDR histograms and the samples go to the spool only.
   */
  keepSamples?: boolean;
  /** Adds to the summary (telemetry, energy, cost) after the last request and before finishRun. */
  finalizeSummary?: (summary: RunSummary) => Promise<RunSummary>;
  onProgress?: (p: RunProgress) => void;
  /** The resolved run identity and config, before the first request (worker processes forward it). */
  onStart?: (input: StartRunInput) => void;
  /** Every finished request's sample, as it is made (worker processes forward them to the parent). */
  onSample?: (sample: SampleInput) => void;
  log?: (line: string) => void;
}

export interface RunOutcome {
  clientRunId: string;
  status: RunStatus;
  config: MeasuredRunConfigInput;
  hardware: HardwareInput;
  samples: SampleInput[];
  summary: RunSummary;
  /** The run's counters and latency values (worker processes send them to their parent to merge). */
  accumulator?: RunAccumulator;
  upload?: { delivered: boolean; spoolFile: string; runId?: string; offlineReason?: string };
}

/**
 * Replays a scenario against an OpenAI-compatible target: resolves model and quantization label from
 * /v1/models, runs warm-up then measured requests with the scenario's load model (CLI overrides win),
 * streams samples to the uploader, and returns every sample plus the summary. A cancelled run (signal)
 * stops scheduling, counts in-flight requests as `cancelled` and finishes as ABORTED.
 */
export async function runScenario(opts: RunOptions): Promise<RunOutcome> {
  const log = opts.log ?? (() => {});
  const { scenario } = opts;
  const target = new OpenAiTarget({
    baseUrl: opts.targetUrl,
    apiKey: opts.apiKey,
    timeoutMs: scenario.timeout_s * 1000,
    ...opts.targetOptions,
  });
  try {
    const resolved = await resolveModel(target, opts, log);
    const { load, stop } = effectiveLoad(scenario, opts.overrides ?? {});
    const clientRunId = randomUUID();
    const tokenizer = resolveTokenizerName(scenario.request.tokenizer, resolved.tokenizer);
    const requests = new RequestSource(scenario, await loadTokenizer(tokenizer));
    const config = buildRunConfig({
      scenario,
      scenarioFile: opts.scenarioFile,
      load,
      stop,
      resolved,
      targetUrl: opts.targetUrl,
      target: target.describe(),
      engineInfo: opts.engineInfo,
      tokenizer,
      preconnect: { setting: opts.preconnect ?? 'auto', connections: preconnectCount(load, opts.preconnect) },
    });
    const startInput: StartRunInput = {
      clientRunId,
      scenario: scenario.name,
      targetUrl: opts.targetUrl,
      targetEngine: resolved.targetEngine,
      model: resolved.model,
      quantization: resolved.quantization,
      engineBackend: resolved.engineBackend,
      config,
      hardware: opts.hardware,
      startedAt: new Date().toISOString(),
    };
    opts.onStart?.(startInput);
    const uploader = opts.server
      ? new RunUploader(
          new GraphqlClient(opts.server.url, opts.server.token),
          opts.server.spoolDir ?? defaultSpoolDir(),
          startInput,
          log,
          opts.server.batchSize,
          { windowMs: opts.server.retryWindowMs },
        )
      : undefined;
    await uploader?.start();

    await preconnect(target, preconnectCount(load, opts.preconnect), log);

    const samples: SampleInput[] = [];
    const slos = parseSloBlock(scenario.slo as Record<string, unknown> | undefined);
    const accumulator = new RunAccumulator(perRequestLimits(slos));
    const cpuMeter = new AgentCpuMeter();
    let doneCount = 0;
    const runStartAt = performance.now();
    const total = stop.requests !== undefined ? stop.requests + scenario.warmup.requests : null;
    let errors = 0;
    const sendOne = (warmup: boolean) => async (slot: SendSlot) => {
      const planned = requests.next(slot);
      const result = await target.chat(
        {
          model: resolved.model,
          prompt: planned.prompt,
          systemPrompt: planned.systemPrompt,
          messages: planned.messages,
          maxTokens: planned.maxTokens,
          seed: scenario.seed + slot.seq,
        },
        opts.signal,
      );
      planned.done(result.completionTokens);
      const sample = buildSample(
        { seq: slot.seq, warmup, runStartAt, scheduledAt: slot.scheduledAt, slotAt: slot.slotAt },
        result,
      );
      if (sample.errorKind) errors += 1;
      doneCount += 1;
      accumulator.add(sample);
      if (opts.keepSamples !== false) samples.push(sample);
      uploader?.add(sample);
      opts.onSample?.(sample);
      opts.onProgress?.({ done: doneCount, total, errors, elapsedMs: performance.now() - runStartAt });
    };
    const executor = executorFor(load);
    let seq = 0;
    if (scenario.warmup.requests > 0) {
      seq += await executor({
        load,
        stop: { requests: scenario.warmup.requests },
        seed: scenario.seed + 1,
        firstSeq: seq,
        send: sendOne(true),
        signal: opts.signal,
      });
    }
    if (!opts.signal?.aborted) {
      await executor({
        load,
        stop,
        seed: scenario.seed,
        firstSeq: seq,
        send: sendOne(false),
        signal: opts.signal,
      });
    }
    samples.sort((a, b) => a.seq - b.seq);
    let summary: RunSummary = summarizeAccumulator(accumulator, { slos, agentCpu: cpuMeter.stop() });
    // Energy and cost (workers/measured-run.ts) join the summary before it is uploaded.
    if (opts.finalizeSummary) summary = await opts.finalizeSummary(summary);
    const status: RunStatus = opts.signal?.aborted ? 'ABORTED' : 'COMPLETED';
    const outcome: RunOutcome = {
      clientRunId,
      status,
      config,
      hardware: opts.hardware,
      samples,
      summary,
      accumulator,
    };
    if (uploader) {
      const offlineBefore = uploader.offline;
      const up = await uploader.finish(status, summary);
      outcome.upload = { ...up, offlineReason: uploader.offline ?? offlineBefore };
    }
    return outcome;
  } finally {
    target.close();
  }
}

/** Rate × this is the `auto` estimate of connections an open-loop load needs at its start. */
const PRECONNECT_WINDOW_S = 0.25;
/** Upper bound of the `auto` estimate for rate loads without a concurrency cap. */
const PRECONNECT_AUTO_MAX = 256;

/**
 * Connections to open before warm-up. A number is taken as is (0 = none). `auto`: a closed loop's
 * concurrency; a rate load's concurrency cap when it has one; else min(256, ceil(rate × 0.25 s)) —
 * by Little's law the connections in use are rate × latency, and 0.25 s covers the first requests of
 * short generations (longer ones open the rest as they need them, as without preconnect). Ramps use
 * their first stage's rate; a trace without a cap gets 0 (its rate is not known before reading it).
 * `preconnectCount({ type: 'poisson', ratePerS: 1000 }, 'auto')` → 250.
 */
export function preconnectCount(load: LoadSpec, setting: number | 'auto' = 'auto'): number {
  if (setting !== 'auto') return setting;
  if (load.type === 'concurrency') return load.concurrency;
  if (load.maxConcurrency !== undefined) return load.maxConcurrency;
  const rate =
    load.type === 'ramp' ? (load.stages[0]?.ratePerS ?? 0) : load.type === 'trace' ? 0 : load.ratePerS;
  return Math.min(PRECONNECT_AUTO_MAX, Math.ceil(rate * PRECONNECT_WINDOW_S));
}

/** Pre-opens `n` connections; a failure is a log line, never an error (the requests will report it). */
async function preconnect(target: OpenAiTarget, n: number, log: (l: string) => void): Promise<void> {
  if (n <= 0) return;
  const startedAt = performance.now();
  const r = await target.preconnect(n);
  if (r === null) return log('preconnect: not available with the node:http client; skipped');
  if (r.failed === 0 && r.pending === 0) return;
  const ms = (performance.now() - startedAt).toFixed(0);
  log(
    `preconnect: ${r.opened} of ${r.attempted} connection(s) opened in ${ms} ms` +
      (r.failed > 0 ? `, ${r.failed} failed (${r.firstFailure})` : '') +
      (r.pending > 0 ? `, ${r.pending} still connecting` : '') +
      '; the run goes on and opens connections as requests need them',
  );
}

async function resolveModel(
  target: OpenAiTarget,
  opts: RunOptions,
  log: (l: string) => void,
): Promise<ResolvedTarget> {
  let models: { id: string; [k: string]: unknown }[] = [];
  try {
    models = await target.listModels();
  } catch (err) {
    if (!opts.model && !opts.scenario.model) {
      throw new Error(
        `cannot list models at ${opts.targetUrl} (${(err as Error).message}); pass --model or set model in the scenario`,
      );
    }
    log(`warning: ${(err as Error).message}; using the given model`);
  }
  const model = opts.model ?? opts.scenario.model ?? models[0]?.id;
  if (!model) throw new Error(`${opts.targetUrl}/v1/models lists no models; pass --model`);
  const entry = models.find((m) => m.id === model);
  const info = entry?.yardstick as
    { quantization?: string; backend?: string; tokenizer?: string } | undefined;
  const engineTokenizer = (opts.engineInfo as { tokenizer?: unknown } | undefined)?.tokenizer;
  const ownedBy = typeof entry?.owned_by === 'string' ? entry.owned_by : '';
  return {
    model,
    quantization: opts.quantization ?? info?.quantization ?? 'unknown',
    targetEngine:
      opts.targetEngine ?? (info ? 'yardstick-embedded' : /vllm/i.test(ownedBy) ? 'vllm' : 'unknown'),
    engineBackend: opts.engineBackend ?? info?.backend ?? null,
    engineInfo: info,
    tokenizer: typeof engineTokenizer === 'string' ? engineTokenizer : info?.tokenizer,
  };
}
