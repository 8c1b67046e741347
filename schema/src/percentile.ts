/**
 * The ONE percentile method of the project: linear interpolation between closest ranks, Hyndman & Fan
 * (1996) definition 7 — the same as DuckDB's `quantile_cont`, numpy's default `percentile`, R's
 * `quantile(type = 7)` and Excel's PERCENTILE.INC. The agent's summary computes it with these
 * functions, the server's SQL with `quantile_cont`, so the CLI and the UI print the same number for the
 * same run (docs/metrics.md, "Percentiles").
 *
 * Over the n values sorted ascending x[0] ≤ … ≤ x[n−1], for p in [0, 100]:
 *   h = (n − 1) · p / 100,  lo = ⌊h⌋,  d = h − lo,  value = x[lo] · (1 − d) + x[lo + 1] · d
 * (x[lo] itself when h is whole). The arithmetic is DuckDB's, step for step, so both give the same
 * double, not merely a close one (checked against DuckDB in schema/test/percentile.test.ts' peer,
 * server/test/percentile-duckdb.test.ts).
 */
export const PERCENTILE_METHOD = {
  key: 'linear',
  name: 'linear interpolation between closest ranks (Hyndman–Fan type 7)',
  formula: 'h = (n − 1)·p/100, d = h − ⌊h⌋; x[⌊h⌋]·(1 − d) + x[⌊h⌋+1]·d over the sorted values',
  sameAs: "DuckDB quantile_cont, numpy.percentile (default 'linear'), R type 7, Excel PERCENTILE.INC",
} as const;

/**
 * The quantile (0-1) of a percentile, as the decimal SQL writes it: `quantileOfPercentile(99.9)` →
 * 0.999, where 99.9 / 100 is 0.9990000000000001 in binary floating point, which moves h = (n − 1)·q
 * and so the last bit of the result. The server's SQL writes these same quantiles as literals.
 */
export function quantileOfPercentile(p: number): number {
  return Number((p / 100).toFixed(12));
}

/**
 * Percentile `p` (0-100) of values already sorted ascending; null when there are none.
 * `percentileOfSorted([10, 20, 30, 40], 50)` → 25 (h = 1.5: halfway between 20 and 30);
 * `percentileOfSorted([10, 20, 30, 40], 99)` → 39.7 (h = 2.97).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  return quantileOfSorted(sorted, quantileOfPercentile(p));
}

/** As percentileOfSorted, with the quantile q in [0, 1] (what DuckDB's quantile_cont takes). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  if (lo === hi) return sorted[lo]!;
  // DuckDB's arithmetic for DOUBLE (CastInterpolation::Interpolate): lo·(1 − d) + hi·d. The same
  // value written x[lo] + (x[hi] − x[lo])·d differs in the last bit for ~1 in 5 quantiles.
  const d = h - lo;
  return sorted[lo]! * (1 - d) + sorted[hi]! * d;
}

/**
 * Sorts a copy of `values` (numerically, as Float64Array does) and reads each percentile from it.
 * `percentiles([3, 1, 2], [50, 100])` → [2, 3].
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): (number | null)[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
}
