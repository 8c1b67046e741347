import { createRng } from '../util/rng';

/**
 * Precomputes a Poisson arrival schedule: offsets in ms from the phase start (exponential gaps with mean
 * 1000 / ratePerS), drawn from a seeded RNG so the same seed gives the same schedule. Stops after `count`
 * arrivals or at the first arrival at/after `durationMs`, whichever comes first (at least one is required).
 * Example: poissonOffsetsMs(42, 10, { count: 3 }) -> three increasing offsets averaging ~100 ms apart.
 */
export function poissonOffsetsMs(
  seed: number,
  ratePerS: number,
  stop: { count?: number; durationMs?: number },
): number[] {
  if (!(ratePerS > 0)) throw new Error(`load.rate_per_s must be > 0 (got ${ratePerS})`);
  if (stop.count === undefined && stop.durationMs === undefined) {
    throw new Error('a Poisson schedule needs stop.requests or stop.duration_s');
  }
  const rng = createRng(seed);
  const offsets: number[] = [];
  const count = stop.count ?? Infinity;
  const durationMs = stop.durationMs ?? Infinity;
  let t = 0;
  while (offsets.length < count) {
    t += rng.exponential(ratePerS) * 1000;
    if (t >= durationMs) break;
    offsets.push(t);
  }
  return offsets;
}
