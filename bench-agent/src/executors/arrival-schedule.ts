import { createRng, type Rng } from '../util/rng';
import { gammaVariate } from '../workload/random-variates';
import type { RampStage } from './executor.types';

/**
 * Arrival schedules as lazy sequences of offsets in ms from the phase start, so a million-request run
 * never holds its whole schedule in memory. All are seeded: the same seed gives the same schedule.
 * They end at `count` arrivals or before `durationMs`, whichever comes first.
 */
export interface ScheduleStop {
  count?: number;
  durationMs?: number;
}

function* limit(offsets: Iterable<number>, stop: ScheduleStop): Generator<number> {
  const count = stop.count ?? Infinity;
  const durationMs = stop.durationMs ?? Infinity;
  let n = 0;
  for (const t of offsets) {
    if (n >= count || t >= durationMs) return;
    n += 1;
    yield t;
  }
}

/** Renewal process: gaps drawn by `gapMs`; the first arrival comes after one gap. */
function* renewal(gapMs: () => number): Generator<number> {
  let t = gapMs();
  for (;;) {
    yield t;
    t += gapMs();
  }
}

/** Constant rate: arrivals at 0, 1000/r, 2000/r, … ms. Example: rate 4 → 0, 250, 500, 750 ms. */
export function constantOffsetsMs(ratePerS: number, stop: ScheduleStop): Iterable<number> {
  return limit(evenlySpaced(1000 / ratePerS), stop);
}

function* evenlySpaced(gapMs: number): Generator<number> {
  for (let i = 0; ; i += 1) yield i * gapMs; // i·gap, not a running sum: no rounding drift over long runs
}

/** Poisson: exponential gaps with mean 1000/r ms (coefficient of variation 1). */
export function poissonOffsetsMsLazy(seed: number, ratePerS: number, stop: ScheduleStop): Iterable<number> {
  const rng = createRng(seed);
  return limit(
    renewal(() => rng.exponential(ratePerS) * 1000),
    stop,
  );
}

/** Array form of {@link poissonOffsetsMsLazy}. Example: poissonOffsetsMs(42, 10, { count: 3 }) → 3 offsets ~100 ms apart. */
export function poissonOffsetsMs(seed: number, ratePerS: number, stop: ScheduleStop): number[] {
  if (!(ratePerS > 0)) throw new Error(`load.rate_per_s must be > 0 (got ${ratePerS})`);
  if (stop.count === undefined && stop.durationMs === undefined) {
    throw new Error('a Poisson schedule needs stop.requests or stop.duration_s');
  }
  return [...poissonOffsetsMsLazy(seed, ratePerS, stop)];
}

/**
 * Gamma-distributed gaps with shape = burstiness and mean 1000/r ms (vLLM `--burstiness`): the gaps'
 * coefficient of variation is 1/√burstiness. Example: burstiness 0.25 → CV 2 (bursts and lulls).
 */
export function gammaOffsetsMs(
  seed: number,
  ratePerS: number,
  burstiness: number,
  stop: ScheduleStop,
): Iterable<number> {
  const rng = createRng(seed);
  const scaleMs = 1000 / (ratePerS * burstiness);
  return limit(
    renewal(() => gammaVariate(rng, burstiness, scaleMs)),
    stop,
  );
}

/**
 * Multi-stage ramp: an inhomogeneous process whose rate moves linearly inside each stage. Arrivals are
 * generated at unit rate in "expected arrivals" space Λ (steps of 1 for constant, Exp(1) for Poisson)
 * and mapped back to time by inverting Λ(t) = ∫rate. Within a stage of duration D going from rate a to b:
 * Λ(t) = a·t + (b−a)·t²/(2D), so t = 2λ / (a + √(a² + 2(b−a)λ/D)).
 * Example: one stage 0 → 10 req/s over 10 s expects 50 arrivals, 3/4 of them in the second half.
 */
export function rampOffsetsMs(
  seed: number,
  stages: readonly RampStage[],
  arrivals: 'constant' | 'poisson',
  stop: ScheduleStop,
): Iterable<number> {
  const rng: Rng = createRng(seed);
  const totalMs = stages.reduce((sum, s) => sum + s.durationS * 1000, 0);
  return limit(rampGenerator(rng, stages, arrivals), {
    count: stop.count,
    durationMs: Math.min(stop.durationMs ?? Infinity, totalMs),
  });
}

function* rampGenerator(
  rng: Rng,
  stages: readonly RampStage[],
  arrivals: 'constant' | 'poisson',
): Generator<number> {
  const step = (): number => (arrivals === 'poisson' ? rng.exponential(1) : 1);
  let stageStartS = 0;
  let previousEnd = 0;
  // Λ still to go, measured from the current stage start. Constant arrivals sit at Λ = 0.5, 1.5, …, so a
  // steady stage of r req/s over d s holds exactly r·d arrivals, each in the middle of its 1/r slot.
  let lambda = arrivals === 'poisson' ? step() : 0.5;
  for (const stage of stages) {
    const a = stage.startRatePerS ?? previousEnd;
    const b = stage.ratePerS;
    const d = stage.durationS;
    const stageLambda = ((a + b) / 2) * d;
    while (lambda <= stageLambda) {
      const disc = Math.max(0, a * a + (2 * (b - a) * lambda) / d);
      const denom = a + Math.sqrt(disc);
      const t = denom > 0 ? (2 * lambda) / denom : 0;
      yield (stageStartS + t) * 1000;
      lambda += step();
    }
    lambda -= stageLambda;
    stageStartS += d;
    previousEnd = b;
  }
}
