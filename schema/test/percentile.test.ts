import { describe, expect, it } from 'vitest';
import { percentileOfSorted, percentiles, quantileOfSorted } from '../src/percentile';

// Known-good values from the methods' own documentation, not from this code:
// - numpy.percentile docs: a = [[10, 7, 4], [3, 2, 1]]; np.percentile(a, 50) → 3.5.
// - Excel PERCENTILE.INC docs: PERCENTILE.INC({1,3,2,4}, 0.3) → 1.9.
// - R `quantile(1:10, 0.9)` (type 7, the default) → 9.1; `quantile(c(1, 2, 4, 8), 0.25)` → 1.75.
describe('percentile: linear interpolation (Hyndman–Fan 7)', () => {
  it.each([
    ['numpy docs', [10, 7, 4, 3, 2, 1], 50, 3.5],
    ['Excel PERCENTILE.INC docs', [1, 3, 2, 4], 30, 1.9],
    ['R quantile(1:10, 0.9)', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
    ['R quantile(c(1,2,4,8), 0.25)', [1, 2, 4, 8], 25, 1.75],
    ['one value', [42], 99, 42],
    ['p0 is the min', [5, 1, 9], 0, 1],
    ['p100 is the max', [5, 1, 9], 100, 9],
  ])('%s', (_name, values, p, expected) => {
    expect(percentiles(values, [p])[0]).toBeCloseTo(expected, 12);
  });

  it('is null without values and refuses a percentile outside [0, 100]', () => {
    expect(percentileOfSorted([], 50)).toBeNull();
    expect(() => percentileOfSorted([1], 101)).toThrow(/\[0, 100\]/);
  });

  it('reads the same value from a whole rank, whatever the interpolation', () => {
    // n = 5: p50 → h = 2 exactly.
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });

  it("does not sort the caller's array", () => {
    const values = [3, 1, 2];
    percentiles(values, [50]);
    expect(values).toEqual([3, 1, 2]);
  });
});
