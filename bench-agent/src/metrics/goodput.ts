/**
 * Goodput: the load a system carries while meeting its service-level objectives (METRICS.md "Per run").
 *
 * A request is "good" when it succeeded AND every per-request latency limit holds for it (TTFT ≤ x ms,
 * TPOT ≤ y ms, ...). Failed requests are never good, so errors count against goodput. This is the
 * DistServe / vLLM `--goodput` definition: the per-request form, not "was the run's p95 under x".
 */
import type { Goodput, SloLimits } from '@yardstick/schema/run-summary';
import type { SampleInput } from '../run/sample.types';

/** Per-request latency limits in milliseconds; an absent limit is not checked (the contract's SloLimits). */
export type { SloLimits };

/** The metrics an SLO may limit, with the scenario-file key stem each one uses (`ttft_p95_ms`). */
const SLO_METRICS = { ttft: 'ttftMs', tpot: 'tpotMs', itl: 'itlMs', e2e: 'e2eMs' } as const;

/** Run-level SLO check: a percentile of a metric must stay at or below a limit. */
export interface PercentileSlo {
  metric: keyof SloLimits;
  percentile: number;
  limitMs: number;
}

/**
 * Reads a scenario's `slo` block: keys of the form `<metric>_p<percentile>_ms` (`ttft_p95_ms: 500`,
 * `tpot_p99_ms: 40`, `e2e_p99.9_ms: 9000`). Unknown keys are reported, not ignored.
 * Example: `{ ttft_p95_ms: 500, tpot_p95_ms: 40 }` →
 * `[{ metric: 'ttftMs', percentile: 95, limitMs: 500 }, { metric: 'tpotMs', percentile: 95, limitMs: 40 }]`.
 * @throws Error naming the key and the accepted form.
 */
export function parseSloBlock(slo: Record<string, unknown> | undefined | null): PercentileSlo[] {
  if (!slo) return [];
  const out: PercentileSlo[] = [];
  for (const [key, value] of Object.entries(slo)) {
    const m = /^(ttft|tpot|itl|e2e)_p(\d+(?:\.\d+)?)_ms$/.exec(key);
    if (!m || typeof value !== 'number' || !(value > 0)) {
      throw new Error(
        `slo.${key}: expected "<ttft|tpot|itl|e2e>_p<percentile>_ms: <positive number>" (e.g. ttft_p95_ms: 500)`,
      );
    }
    out.push({
      metric: SLO_METRICS[m[1] as keyof typeof SLO_METRICS],
      percentile: Number(m[2]),
      limitMs: value,
    });
  }
  return out;
}

/**
 * Per-request limits from percentile SLOs: each limit applies to every request (the strictest one wins
 * when a metric has several). `[{ metric: 'ttftMs', percentile: 95, limitMs: 500 }]` → `{ ttftMs: 500 }`.
 */
export function perRequestLimits(slos: readonly PercentileSlo[]): SloLimits {
  const limits: SloLimits = {};
  for (const s of slos) limits[s.metric] = Math.min(limits[s.metric] ?? Infinity, s.limitMs);
  return limits;
}

/** True when the limits check nothing (no SLO): every successful request is then good. */
export function isEmptySlo(limits: SloLimits): boolean {
  return Object.values(limits).every((v) => v === undefined);
}

/**
 * Whether one sample met every limit. Errors (and warm-up samples) never do. A limit on a metric the
 * sample lacks (TPOT of a one-token answer) is treated as met: there is nothing to violate. ITL limits
 * apply to the request's worst chunk gap.
 */
export function meetsSlo(sample: SampleInput, limits: SloLimits): boolean {
  if (sample.errorKind !== null || sample.warmup) return false;
  if (limits.ttftMs !== undefined && sample.ttftMs !== null && sample.ttftMs > limits.ttftMs) return false;
  if (limits.tpotMs !== undefined && sample.tpotMs !== null && sample.tpotMs > limits.tpotMs) return false;
  if (limits.e2eMs !== undefined && sample.e2eMs !== null && sample.e2eMs > limits.e2eMs) return false;
  if (limits.itlMs !== undefined) {
    for (const gap of sample.itlMs) if (gap > limits.itlMs) return false;
  }
  return true;
}

/** Goodput figures of a run (the contract's Goodput, schema/src/run-summary.ts). */
export type { Goodput };
