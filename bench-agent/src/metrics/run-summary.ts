import { RunAccumulator } from './run-accumulator';
import type { MeasuredRunSummary } from '@yardstick/schema/run-summary';
import { perRequestLimits, type PercentileSlo } from './goodput';
import type { AgentCpuUsage } from './agent-cpu';
import type { SampleInput } from '../run/sample.types';

/**
 * The agent's own run summary (stored as JSON with the run): the contract's MeasuredRunSummary
 * (schema/src/run-summary.ts) without the blocks measuredRun adds after the run (telemetry, energy,
 * cost; workers/measured-run.ts). The server validates it on finishRun.
 */
export type RunSummary = Omit<MeasuredRunSummary, 'telemetry' | 'energyJoules' | 'cost'>;

/** Options for a summary: SLOs for goodput, the agent's CPU use. */
export interface SummaryOptions {
  slos?: readonly PercentileSlo[];
  agentCpu?: AgentCpuUsage;
}

/**
 * Summarises non-warm-up samples by the schema's METRICS definitions (docs/metrics.md): wall time
 * (durationS) = last response end − first send; throughput counts successful requests and their tokens
 * over that wall time; percentiles by the one PERCENTILE_METHOD, as the server computes them.
 */
export function summarizeSamples(samples: readonly SampleInput[], options: SummaryOptions = {}): RunSummary {
  const acc = new RunAccumulator(perRequestLimits(options.slos ?? []));
  for (const s of samples) acc.add(s);
  return summarizeAccumulator(acc, options);
}

/** Summary of an accumulator (one process's, or several merged). */
export function summarizeAccumulator(acc: RunAccumulator, options: SummaryOptions = {}): RunSummary {
  const durationS = acc.durationS;
  const perS = (n: number): number | null => (durationS ? n / durationS : null);
  const h = acc.latencies;
  const pct = {
    ttftMs: h.ttftMs.percentiles(),
    tpotMs: h.tpotMs.percentiles(),
    itlMs: h.itlMs.percentiles(),
    e2eMs: h.e2eMs.percentiles(),
  };
  const summary: RunSummary = {
    requests: acc.requests,
    errors: acc.requests - acc.successes,
    inputTokens: acc.inputTokens,
    outputTokens: acc.outputTokens,
    durationS,
    requestsPerS: perS(acc.successes),
    outputTokensPerS: perS(acc.outputTokens),
    totalTokensPerS: perS(acc.inputTokens + acc.outputTokens),
    ...pct,
    errorsByKind: acc.errorList(),
    sendLagMs: h.sendLagMs.percentiles(),
    queueMs: h.queueMs.percentiles(),
    tokenCounts: {
      outputTokensServer: acc.outputTokensServer,
      outputTokensClient: acc.outputTokensClient,
      requestsWithServerCount: acc.tokenSource.server,
      requestsWithClientCount: acc.tokenSource.client,
    },
    goodput: {
      limits: acc.limits,
      goodRequests: acc.goodRequests,
      goodFraction: acc.requests > 0 ? acc.goodRequests / acc.requests : null,
      requestsPerS: perS(acc.goodRequests),
      outputTokensPerS: perS(acc.goodOutputTokens),
      totalTokensPerS: perS(acc.goodInputTokens + acc.goodOutputTokens),
      percentileChecks: (options.slos ?? []).map((s) => {
        const valueMs = h[s.metric].percentileMs(s.percentile);
        return { ...s, valueMs, met: valueMs !== null && valueMs <= s.limitMs };
      }),
    },
  };
  if (options.agentCpu) summary.agentCpu = options.agentCpu;
  return summary;
}
