import { describe, expect, it } from 'vitest';
import { percentileSorted, seededUniform } from '../../src/finance/ranges.js';
import { quantilesInPlace } from '../../src/finance/select.js';

describe('quantilesInPlace (quickselect)', () => {
  it('equals interpolated percentiles of a full sort, ties and sorted input included', () => {
    const u = seededUniform(5);
    const cases: number[][] = [
      [3, 1, 2, 4],
      [7],
      [5, 5, 5, 5, 5, 1],
      Array.from({ length: 1_000 }, (_, i) => i), // sorted
      Array.from({ length: 1_000 }, (_, i) => 1_000 - i), // reversed
      Array.from({ length: 10_001 }, () => Math.round(u() * 50)), // many ties
      Array.from({ length: 9_999 }, () => u() * 1e6 - 5e5),
    ];
    const ps = [0, 0.1, 0.5, 0.9, 1];
    for (const values of cases) {
      const sorted = Float64Array.from(values).sort();
      const expected = ps.map((p) => percentileSorted(sorted, p));
      expect(quantilesInPlace(Float64Array.from(values), ps), `n=${values.length}`).toEqual(expected);
    }
    expect(quantilesInPlace(Float64Array.from([3, 1, 2, 4]), [0.5])).toEqual([2.5]);
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([NaN]);
  });
});
