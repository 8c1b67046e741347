import { mulberry32 } from '@yardstick/schema/seeded-random';

/**
 * Small seeded pseudo-random generator (the project's mulberry32, schema/src/seeded-random.ts) so schedules and prompts are reproducible:
 * the same seed always yields the same sequence on every machine.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Exponential variate with the given rate (events per unit); mean = 1 / rate. */
  exponential(rate: number): number;
  /** Normal variate (Box–Muller). */
  normal(mean: number, stddev: number): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
}

/** Creates a seeded RNG. `createRng(42).next()` returns the same value on every run. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed >>> 0 || 0x9e3779b9);
  return {
    next,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    normal: (mean, stddev) => {
      const u1 = 1 - next();
      const u2 = next();
      return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}
