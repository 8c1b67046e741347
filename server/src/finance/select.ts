/**
 * Quantiles without sorting: Hoare's quickselect puts the k-th smallest value at index k in O(n) on
 * average, so three quantiles of 10,000 draws cost a few passes instead of a sort (the per-month
 * Monte Carlo band takes P10/P50/P90 of every month; sorting each month was ~4× the simulation).
 */

/** Rearranges values[from..to] (inclusive) so that values[k] is the value a full sort would put there. */
export function selectInPlace(values: Float64Array, k: number, from = 0, to = values.length - 1): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    // Median of three as pivot: sorted or reversed input stays O(n).
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // j < k < i: values[k] equals the pivot, in place
  }
}

/**
 * Linear-interpolation quantiles (the same definition as ranges.ts#percentileSorted) of `values`,
 * which is reordered. `ps` must be ascending. quantilesInPlace([3, 1, 2, 4], [0.5]) -> [2.5].
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  const out: number[] = [];
  let from = 0;
  for (const p of ps) {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    selectInPlace(values, k, from, n - 1);
    // Everything after k is ≥ values[k]: the next order statistic is their minimum.
    let next = values[k]!;
    if (k + 1 < n) {
      next = values[k + 1]!;
      for (let i = k + 2; i < n; i++) if (values[i]! < next) next = values[i]!;
    }
    out.push(values[k]! + (h - k) * (next - values[k]!));
    from = k; // later (larger) quantiles lie at or after k
  }
  return out;
}
