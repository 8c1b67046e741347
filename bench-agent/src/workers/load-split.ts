import type { Scenario } from '../scenario/scenario.loader';
import type { LoadOverrides } from '../scenario/scenario.loader';

/**
 * Splits one run's load across `workers` processes so each drives a share on its own core:
 * - closed loop: the concurrency is divided (10 over 3 → 4, 3, 3);
 * - open loop: every rate (`rate_per_s`, ramp stage rates) is divided by the worker count. The sum of
 *   independent Poisson processes is a Poisson process at the summed rate, so Poisson load is exact;
 *   constant-rate workers are offset by one inter-arrival gap each (`startOffsetMs`) so the merged
 *   stream stays evenly spaced; gamma arrivals merge into a smoother stream than one gamma process
 *   (the burstiness a single process would show is diluted — run those in one process to study bursts);
 * - `max_concurrency` and `stop.requests` are divided like concurrency; `warmup.requests` too.
 * Trace replay is not split (its timestamps belong to one timeline).
 * @throws Error naming the field when a share would be zero.
 */
export function splitScenario(scenario: Scenario, overrides: LoadOverrides, workers: number): WorkerShare[] {
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`--workers must be a positive integer (got ${workers})`);
  const load = scenario.load as Record<string, unknown> & { type: string };
  if (load.type === 'trace' && workers > 1) {
    throw new Error('load.type "trace" replays one timeline and cannot be split: use --workers 1');
  }
  const shares: WorkerShare[] = [];
  for (let i = 0; i < workers; i += 1) {
    const part = (n: number | undefined, field: string): number | undefined => {
      if (n === undefined) return undefined;
      const share = Math.floor(n / workers) + (i < n % workers ? 1 : 0);
      if (share < 1)
        throw new Error(
          `${field} = ${n} cannot be split over ${workers} workers (each needs at least 1); lower --workers`,
        );
      return share;
    };
    const rate = (r: unknown): unknown => (typeof r === 'number' ? r / workers : r);
    const splitLoad: Record<string, unknown> = { ...load };
    if (typeof load.concurrency === 'number')
      splitLoad.concurrency = part(load.concurrency, 'load.concurrency');
    if (typeof load.max_concurrency === 'number')
      splitLoad.max_concurrency = part(load.max_concurrency, 'load.max_concurrency');
    if ('rate_per_s' in load) splitLoad.rate_per_s = rate(load.rate_per_s);
    if (Array.isArray(load.stages)) {
      splitLoad.stages = (load.stages as Record<string, unknown>[]).map((s) => ({
        ...s,
        rate_per_s: rate(s.rate_per_s),
        ...(s.start_rate_per_s !== undefined ? { start_rate_per_s: rate(s.start_rate_per_s) } : {}),
      }));
    }
    const stop = { ...scenario.stop, requests: part(scenario.stop.requests, 'stop.requests') };
    const warmupShare =
      Math.floor(scenario.warmup.requests / workers) + (i < scenario.warmup.requests % workers ? 1 : 0);
    const effectiveRate =
      overrides.ratePerS ?? (typeof load.rate_per_s === 'number' ? load.rate_per_s : undefined);
    shares.push({
      scenario: {
        ...scenario,
        seed: scenario.seed + i * 1_000_003,
        load: splitLoad as Scenario['load'],
        stop: stop as Scenario['stop'],
        warmup: { ...scenario.warmup, requests: warmupShare },
      },
      overrides: {
        ...overrides,
        concurrency: part(overrides.concurrency, '--concurrency'),
        ratePerS: overrides.ratePerS !== undefined ? overrides.ratePerS / workers : undefined,
        requests: part(overrides.requests, '--requests'),
      },
      startOffsetMs: load.type === 'constant' && effectiveRate ? (i * 1000) / effectiveRate : 0,
    });
  }
  return shares;
}

/** One worker's part of the run. */
export interface WorkerShare {
  scenario: Scenario;
  overrides: LoadOverrides;
  /** Delay before this worker starts, ms (interleaves constant-rate workers). */
  startOffsetMs: number;
}

/** Resolves `--workers auto`: one per core, at most 64. */
export function resolveWorkerCount(value: string | number, cores: number): number {
  if (value === 'auto') return Math.max(1, Math.min(64, cores));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--workers: expected a positive integer or "auto" (got "${value}")`);
  return n;
}
