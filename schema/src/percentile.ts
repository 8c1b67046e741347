/**
 * The ONE percentile method of the project: linear interpolation between closest ranks, Hyndman & Fan
 * (1996) definition 7 — the same as DuckDB's `quantile_cont`, numpy's default `percentile`, R's
 * `quantile(type = 7)` and Excel's PERCENTILE.INC. The agent's summary computes it with these
 * functions, the server's SQL with `quantile_cont`, so the CLI and the UI print the same number for the
 * same run (docs/metrics.md, "Percentiles").
 *
 * Over the n values sorted ascending x[0] ≤ … ≤ x[n−1], for p in [0, 100]:
 *   h = (n − 1) · p / 100,  lo = ⌊h⌋,  value = x[lo] + (x[lo + 1] − x[lo]) · (h − lo)
 * (x[lo] itself when h is whole). The arithmetic is DuckDB's, step for step, so both give the same
 * double, not merely a close one.
 */
export const PERCENTILE_METHOD = {
  key: 'linear',
  name: 'linear interpolation between closest ranks (Hyndman–Fan type 7)',
  formula: 'h = (n − 1)·p/100; x[⌊h⌋] + (x[⌊h⌋+1] − x[⌊h⌋])·(h − ⌊h⌋) over the sorted values',
  sameAs: "DuckDB quantile_cont, numpy.percentile (default 'linear'), R type 7, Excel PERCENTILE.INC",
} as const;

/**
 * Percentile `p` (0-100) of values already sorted ascending; null when there are none.
 * `percentileOfSorted([10, 20, 30, 40], 50)` → 25 (h = 1.5: halfway between 20 and 30);
 * `percentileOfSorted([10, 20, 30, 40], 99)` → 39.7 (h = 2.97).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  return quantileOfSorted(sorted, p / 100);
}

/** As percentileOfSorted, with the quantile q in [0, 1] (what DuckDB's quantile_cont takes). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const x = sorted[lo]!;
  if (lo === hi) return x;
  return x + (sorted[hi]! - x) * (h - lo);
}

/**
 * Sorts a copy of `values` (numerically, as Float64Array does) and reads each percentile from it.
 * `percentiles([3, 1, 2], [50, 100])` → [2, 3].
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): (number | null)[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
}
