import type { LengthDist } from '@yardstick/schema/scenario';
import type { Rng } from '../util/rng';
import { lognormalVariate } from './random-variates';

/** Keeps a rounded draw inside the distribution's optional [min, max] and at least 1 token. */
function clampLength(value: number, min: number | undefined, max: number | undefined): number {
  const rounded = Math.round(value);
  return Math.max(min ?? 1, Math.min(max ?? Number.MAX_SAFE_INTEGER, rounded), 1);
}

/**
 * Draws one token length from a scenario distribution with the run's seeded RNG.
 * fixed → value; uniform → integer in [min, max]; normal and lognormal → rounded, clamped to [min, max]
 * and to ≥ 1 (clamping moves the mean when the bounds cut the distribution); empirical → a bin with
 * probability weight / Σweights, then an integer uniformly in that bin's [min, max].
 * Example: { dist: lognormal, mean: 1000, stddev: 500 } averages ~1000 tokens with a long right tail.
 */
export function drawLength(rng: Rng, dist: LengthDist): number {
  switch (dist.dist) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return rng.int(dist.min, dist.max);
    case 'normal':
      return clampLength(rng.normal(dist.mean, dist.stddev), dist.min, dist.max);
    case 'lognormal':
      return clampLength(lognormalVariate(rng, dist.mean, dist.stddev), dist.min, dist.max);
    case 'empirical': {
      const total = dist.bins.reduce((sum, b) => sum + b.weight, 0);
      let pick = rng.next() * total;
      for (const bin of dist.bins) {
        pick -= bin.weight;
        if (pick < 0 && bin.weight > 0) return rng.int(bin.min, bin.max);
      }
      const last = dist.bins.findLast((b) => b.weight > 0)!;
      return rng.int(last.min, last.max);
    }
  }
}

/** The distribution's mean in tokens, before clamping (empirical: Σ weight·(min+max)/2 / Σ weight). */
export function nominalMeanLength(dist: LengthDist): number {
  switch (dist.dist) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'normal':
    case 'lognormal':
      return dist.mean;
    case 'empirical': {
      const total = dist.bins.reduce((sum, b) => sum + b.weight, 0);
      return dist.bins.reduce((sum, b) => sum + (b.weight * (b.min + b.max)) / 2, 0) / total;
    }
  }
}
