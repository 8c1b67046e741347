/**
 * Time studies: individual before/after task timings → mean time saved with a 95 % confidence
 * interval (Welch's t, which does not assume equal variances or equal sample sizes).
 */
import { studentTQuantile } from './student-t.js';

/** Result of a time study, usable directly as a productivity stream's `timeSavedHoursPerTask`. */
export interface TimeSavedEstimate {
  kind: 'time-study';
  /** mean(before) − mean(after), in the unit of the observations (hours for a value stream). */
  meanSaved: number;
  /** 95 % confidence interval of the mean saving [low, high]. */
  ci95Low: number;
  ci95High: number;
  nBefore: number;
  nAfter: number;
  /** Welch–Satterthwaite degrees of freedom. */
  degreesOfFreedom: number;
  /** Standard error of the difference of means. */
  standardError: number;
}

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

/**
 * Mean time saved per task from independent before/after observations, with Welch's 95 % CI:
 * `d = x̄_b − x̄_a`, `se = √(s_b²/n_b + s_a²/n_a)`,
 * `ν = se⁴ / ((s_b²/n_b)²/(n_b−1) + (s_a²/n_a)²/(n_a−1))`, CI = `d ± t_{0.975,ν} · se`.
 *
 * Units: whatever the observations are in (minutes in → minutes out).
 * Example: before [10, 12, 14], after [7, 8, 9] → meanSaved 4, se = √(4/3 + 1/3) = 1.291,
 * ν = 2.94, CI ≈ [−0.16, 8.16] (too few observations to be sure of any saving).
 * Throws when either side has fewer than 2 observations or a value is not a finite number ≥ 0.
 */
export function timeSaved(before: readonly number[], after: readonly number[]): TimeSavedEstimate {
  for (const [field, xs] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (xs.length < 2) throw new RangeError(`${field}: need at least 2 observations (got ${xs.length})`);
    const bad = xs.findIndex((x) => !Number.isFinite(x) || x < 0);
    if (bad >= 0) throw new RangeError(`${field}[${bad}] must be a finite duration ≥ 0 (got ${xs[bad]})`);
  }
  const b = meanAndVariance(before);
  const a = meanAndVariance(after);
  const vb = b.variance / before.length;
  const va = a.variance / after.length;
  const se = Math.sqrt(vb + va);
  const meanSaved = b.mean - a.mean;
  let df: number;
  let half: number;
  if (se === 0) {
    df = before.length + after.length - 2;
    half = 0;
  } else {
    df = (vb + va) ** 2 / (vb ** 2 / (before.length - 1) + va ** 2 / (after.length - 1));
    half = studentTQuantile(0.975, df) * se;
  }
  return {
    kind: 'time-study',
    meanSaved,
    ci95Low: meanSaved - half,
    ci95High: meanSaved + half,
    nBefore: before.length,
    nAfter: after.length,
    degreesOfFreedom: df,
    standardError: se,
  };
}
