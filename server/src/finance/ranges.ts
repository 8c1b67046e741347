/**
 * Uncertain inputs: a plain number, or a low / likely / high range sampled as triangular or PERT.
 * Also the seeded random number generator the Monte Carlo uses (reproducible: same seed, same result).
 */
import { mulberry32 } from '@yardstick/schema/seeded-random';

/** A three-point estimate. `low ≤ likely ≤ high`, all in the unit of the field that holds it. */
export interface Range {
  low: number;
  likely: number;
  high: number;
  /** Sampling distribution; default 'triangular'. PERT puts less weight on the tails. */
  distribution?: 'triangular' | 'pert';
}

/** A number or a range, e.g. `amountUsd: 1200` or `amountUsd: { low: 900, likely: 1200, high: 2000 }`. */
export type Estimate = number | Range;

/** The likely value of an estimate. Example: `likely({ low: 1, likely: 2, high: 4 })` → 2. */
export function likely(e: Estimate): number {
  return typeof e === 'number' ? e : e.likely;
}

/** Checks `low ≤ likely ≤ high` and finiteness; returns an error message naming `field`, or null. */
export function rangeError(field: string, e: Estimate): string | null {
  if (typeof e === 'number') return Number.isFinite(e) ? null : `${field} must be a finite number (got ${e})`;
  const { low, likely: ml, high } = e;
  if (![low, ml, high].every(Number.isFinite)) return `${field}: low, likely and high must be finite numbers`;
  if (!(low <= ml && ml <= high)) {
    return `${field}: expected low ≤ likely ≤ high (got ${low} / ${ml} / ${high}); reorder the three values`;
  }
  return null;
}

/**
 * Seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32, passes the usual quick
 * statistical checks; ample for ≤ 10^6 draws of a business Monte Carlo). Returns a function giving
 * uniform numbers in [0, 1).
 * Example: `const u = seededUniform(42); u()` → 0.6011037519 (always the same for seed 42).
 */
export const seededUniform: (seed: number) => () => number = mulberry32;

/**
 * Inverse CDF of the triangular distribution (low a, mode c, high b) at probability u ∈ [0, 1).
 * Example: `triangularQuantile(0.5, 0, 0, 1)` ≈ 0.29289 (= 1 − √0.5).
 */
export function triangularQuantile(u: number, a: number, c: number, b: number): number {
  if (b === a) return a;
  const fc = (c - a) / (b - a);
  return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** Standard normal draw (Marsaglia polar method). */
function normal(u: () => number): number {
  for (;;) {
    const x = 2 * u() - 1;
    const y = 2 * u() - 1;
    const s = x * x + y * y;
    if (s > 0 && s < 1) return x * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) draw, Marsaglia & Tsang (2000); shape ≥ 1 here (PERT shapes are ≥ 1). */
function gamma(shape: number, u: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(u);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One PERT draw: `low + (high − low) × Beta(α, β)` with `α = 1 + 4 (likely − low)/(high − low)`,
 * `β = 1 + 4 (high − likely)/(high − low)`; mean `(low + 4 likely + high) / 6`.
 * Example: PERT(0, 5, 10) has mean 5 and standard deviation √(1/28)×10 ≈ 1.89.
 */
export function pertSample(low: number, mode: number, high: number, u: () => number): number {
  if (high === low) return low;
  const alpha = 1 + (4 * (mode - low)) / (high - low);
  const beta = 1 + (4 * (high - mode)) / (high - low);
  const x = gamma(alpha, u);
  const y = gamma(beta, u);
  return low + ((high - low) * x) / (x + y);
}

/** One draw from an estimate (a plain number is returned unchanged). */
export function sample(e: Estimate, u: () => number): number {
  if (typeof e === 'number') return e;
  return e.distribution === 'pert'
    ? pertSample(e.low, e.likely, e.high, u)
    : triangularQuantile(u(), e.low, e.likely, e.high);
}

/**
 * Percentile of a sorted array by linear interpolation between closest ranks (spreadsheet
 * PERCENTILE / PERCENTILE.INC). Example: `percentileSorted([1, 2, 3, 4], 0.5)` → 2.5.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
