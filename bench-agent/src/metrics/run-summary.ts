import { LatencyHistogram, type Percentiles } from './latency-histogram';
import { ERROR_KINDS, type ErrorKind, type SampleInput } from '../run/sample.types';

/** The agent's own run summary; field names follow the GraphQL contract's `RunStats`. */
export interface RunSummary {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  durationS: number | null;
  requestsPerS: number | null;
  outputTokensPerS: number | null;
  totalTokensPerS: number | null;
  ttftMs: Percentiles;
  tpotMs: Percentiles;
  itlMs: Percentiles;
  e2eMs: Percentiles;
  errorsByKind: { kind: string; count: number }[];
}

/**
 * Summarises non-warm-up samples. Wall time (durationS) = last response end - first send; throughput
 * counts successful requests and their output tokens over that wall time.
 */
export function summarizeSamples(samples: readonly SampleInput[]): RunSummary {
  const hist = {
    ttft: new LatencyHistogram(),
    tpot: new LatencyHistogram(),
    itl: new LatencyHistogram(),
    e2e: new LatencyHistogram(),
  };
  const errorCounts = new Map<ErrorKind, number>();
  let requests = 0;
  let successes = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let firstSendMs = Infinity;
  let lastEndMs = -Infinity;
  for (const s of samples) {
    if (s.warmup) continue;
    requests += 1;
    firstSendMs = Math.min(firstSendMs, s.sentAtMs);
    lastEndMs = Math.max(lastEndMs, s.sentAtMs + (s.e2eMs ?? 0));
    if (s.errorKind) {
      errorCounts.set(s.errorKind, (errorCounts.get(s.errorKind) ?? 0) + 1);
      continue;
    }
    successes += 1;
    inputTokens += s.inputTokens ?? 0;
    outputTokens += s.outputTokens ?? 0;
    if (s.ttftMs !== null) hist.ttft.recordMs(s.ttftMs);
    if (s.tpotMs !== null) hist.tpot.recordMs(s.tpotMs);
    if (s.e2eMs !== null) hist.e2e.recordMs(s.e2eMs);
    for (const gap of s.itlMs) hist.itl.recordMs(gap);
  }
  const durationS = requests > 0 && lastEndMs > firstSendMs ? (lastEndMs - firstSendMs) / 1000 : null;
  const perS = (n: number): number | null => (durationS ? n / durationS : null);
  const errorsByKind = [...errorCounts.entries()]
    .sort((a, b) => ERROR_KINDS.indexOf(a[0]) - ERROR_KINDS.indexOf(b[0]))
    .map(([kind, count]) => ({ kind, count }));
  return {
    requests,
    errors: requests - successes,
    inputTokens,
    outputTokens,
    durationS,
    requestsPerS: perS(successes),
    outputTokensPerS: perS(outputTokens),
    totalTokensPerS: perS(inputTokens + outputTokens),
    ttftMs: hist.ttft.percentiles(),
    tpotMs: hist.tpot.percentiles(),
    itlMs: hist.itl.percentiles(),
    e2eMs: hist.e2e.percentiles(),
    errorsByKind,
  };
}
