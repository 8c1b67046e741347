import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import { performance } from 'node:perf_hooks';
import { runScenario, type RunOptions, type RunOutcome } from '../run/run.service';
import { runWithWorkers } from './worker-pool';
import { PooledRunUpload } from './pooled-upload';
import {
  TelemetrySession,
  type TelemetryOptions,
  type TelemetryReport,
} from '../telemetry/telemetry.registry';
import { priceRun, type CostSource, type RunCost } from '../cost/run-cost';
import type { RunSummary } from '../metrics/run-summary';

/** What a measured run adds around the plain run service. */
export interface MeasurementOptions {
  /** Worker processes (1 = in this process). Every sample is uploaded either way. */
  workers?: number;
  /** Telemetry collectors to sample during the run (names from telemetry.registry.ts). */
  telemetry?: readonly string[];
  telemetryOptions?: TelemetryOptions;
  /** How to price the run; absent → no cost block. */
  cost?: CostSource;
  /** Share of reserved hours the hardware is busy (allocation basis), default 1. */
  utilisation?: number;
}

/** The summary a measured run stores: the run summary plus energy and cost. */
export type MeasuredSummary = RunSummary & {
  telemetry?: Omit<TelemetryReport, 'samples'> & { sampleCount: number };
  /** Measured energy over the run, joules (telemetry.totalJoules); set only when power was sampled. */
  energyJoules?: number;
  cost?: RunCost;
};

export interface MeasuredOutcome {
  status: RunOutcome['status'];
  config: MeasuredRunConfigInput;
  summary: MeasuredSummary;
  /** Present for single-process runs. */
  outcome?: RunOutcome;
  telemetry?: TelemetryReport;
  /** Upload result of a multi-process run (single-process runs carry theirs in `outcome`). */
  upload?: RunOutcome['upload'];
  /** The multi-process run's clientRunId when it was uploaded. */
  clientRunId?: string;
}

/**
 * Runs a scenario with telemetry sampling, optional worker processes, and prices the result:
 * energy → J per output token, cost → $/Mtok (goodput tokens/s when the scenario has an SLO, else all
 * successful tokens/s). Telemetry samples are kept in the report; the summary stores their count only.
 */
export async function measuredRun(run: RunOptions, m: MeasurementOptions = {}): Promise<MeasuredOutcome> {
  const names = m.telemetry ?? [];
  const session = names.length > 0 ? await TelemetrySession.start(names, m.telemetryOptions) : undefined;
  for (const line of session?.describe() ?? []) run.log?.(`telemetry ${line}`);
  const startEpochMs = epochNowMs();
  let telemetry: TelemetryReport | undefined;
  const finalize = async (base: RunSummary): Promise<MeasuredSummary> => {
    let summary: MeasuredSummary = base;
    if (session) {
      telemetry = await session.stop(summary.outputTokens, startEpochMs - 1000, epochNowMs() + 1000);
      const { samples, ...rest } = telemetry;
      summary = { ...summary, telemetry: { ...rest, sampleCount: samples.length } };
      // Top-level energyJoules is what the server's leaderboard reads (J per output token, ratio of sums);
      // absent when no collector measured power, so "no data" never reads as 0 J.
      if (rest.energy.length > 0) summary = { ...summary, energyJoules: rest.totalJoules };
    }
    if (m.cost) summary = { ...summary, cost: priceSummary(summary, m.cost, m.utilisation, telemetry) };
    return summary;
  };
  try {
    if ((m.workers ?? 1) > 1) {
      const upload = run.server ? new PooledRunUpload({ ...run, server: run.server }, m.workers!) : undefined;
      let pooled;
      try {
        pooled = await runWithWorkers(run, m.workers!, upload);
      } catch (err) {
        // Samples already spooled stay; the run is closed as FAILED rather than left RUNNING.
        await upload?.finish('FAILED', { note: `run failed: ${(err as Error).message}`.slice(0, 2000) });
        throw err;
      }
      const summary = await finalize(pooled.summary);
      const uploaded = await upload?.finish(pooled.status, summary);
      return {
        status: pooled.status,
        config: pooled.config,
        summary,
        telemetry,
        upload: uploaded,
        clientRunId: upload?.clientRunId,
      };
    }
    // The caller's own finaliser (e.g. the embedded engine's figures) runs first, then energy and cost.
    const callerFinalize = run.finalizeSummary;
    const outcome = await runScenario({
      ...run,
      finalizeSummary: async (s) => finalize(callerFinalize ? await callerFinalize(s) : s),
    });
    return { status: outcome.status, config: outcome.config, summary: outcome.summary, outcome, telemetry };
  } finally {
    if (session && !telemetry) await session.stop();
  }
}

const epochNowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Prices a summary: goodput tokens/s when the scenario has an SLO (FINANCE.md: read throughput at the
 * operating point that meets the latency target), else all successful tokens/s.
 */
export function priceSummary(
  summary: RunSummary,
  cost: CostSource,
  utilisation?: number,
  telemetry?: TelemetryReport,
): RunCost {
  const hasSlo = Object.keys(summary.goodput.limits).length > 0;
  const total = hasSlo ? summary.goodput.totalTokensPerS : summary.totalTokensPerS;
  const output = hasSlo ? summary.goodput.outputTokensPerS : summary.outputTokensPerS;
  return priceRun(
    cost,
    { inputTokensPerS: total !== null && output !== null ? total - output : null, outputTokensPerS: output },
    {
      utilisation,
      measuredPowerW: telemetry?.averagePowerW ?? null,
      basis: hasSlo ? 'goodput' : 'throughput',
    },
  );
}

/**
 * `measuredRun` shaped as the run service's RunOutcome, for callers that print or save outcomes. A
 * multi-process run keeps no samples in memory (`samples` is empty; they went to the spool and server).
 */
export async function measuredRunAsOutcome(run: RunOptions, m: MeasurementOptions = {}): Promise<RunOutcome> {
  const r = await measuredRun(run, m);
  if (r.outcome) return r.outcome;
  return {
    clientRunId: r.clientRunId ?? 'workers',
    status: r.status,
    config: r.config,
    hardware: run.hardware,
    samples: [],
    summary: r.summary,
    upload: r.upload,
  };
}
