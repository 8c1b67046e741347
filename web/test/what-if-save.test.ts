import { describe, expect, it } from 'vitest';
import {
  editedEstimate,
  noEdits,
  overridesOf,
  saveInputsOf,
  type WhatIfEdits,
} from '../src/lib/what-if-save';

describe('editedEstimate', () => {
  it('keeps a point a point', () => {
    expect(editedEstimate({ low: 5, likely: 5, high: 5, ranged: false }, 7)).toEqual({ likely: 7 });
  });

  it('scales a range with its likely value and keeps its distribution', () => {
    expect(
      editedEstimate({ low: 80, likely: 100, high: 150, ranged: true, distribution: 'PERT' }, 200),
    ).toEqual({ low: 160, likely: 200, high: 300, distribution: 'PERT' });
  });

  it('caps a fraction at its maximum and never puts likely outside the range', () => {
    const e = editedEstimate({ low: 0.4, likely: 0.6, high: 0.8, ranged: true }, 0.9, 1);
    expect(e.high).toBe(1); // 0.8 × 1.5 = 1.2, capped
    expect(e.low).toBeCloseTo(0.6, 12);
    expect(editedEstimate({ low: 0, likely: 0, high: 1, ranged: true }, 0.5)).toEqual({ likely: 0.5 });
  });
});

describe('save inputs and what-if overrides come from the same edits', () => {
  const edits: WhatIfEdits = {
    discountRatePerYear: 0.12,
    costItem: { id: 'c1', amount: { likely: 50_000 } },
    adoption: { valueStreamId: 'v1', maxFraction: { likely: 0.7 }, steepnessPerMonth: 0.5, midpointMonth: 6 },
  };

  it('maps each edit to its update mutation input, carrying the rest of the adoption curve', () => {
    expect(saveInputsOf('i1', edits)).toEqual({
      initiative: { id: 'i1', discountRatePerYear: 0.12 },
      costItem: { id: 'c1', amount: { likely: 50_000 } },
      valueStream: {
        id: 'v1',
        adoption: { maxFraction: { likely: 0.7 }, steepnessPerMonth: 0.5, midpointMonth: 6 },
      },
    });
    expect(saveInputsOf('i1', { costItem: edits.costItem })).toEqual({
      initiative: null,
      costItem: { id: 'c1', amount: { likely: 50_000 } },
      valueStream: null,
    });
  });

  it('keys the overrides as the tornado does', () => {
    expect(overridesOf(edits)).toEqual({
      discountRatePerYear: 0.12,
      inputs: [
        { key: 'costItems[c1].amount', value: { likely: 50_000 } },
        { key: 'valueStreams[v1].adoption.maxFraction', value: { likely: 0.7 } },
      ],
    });
    expect(overridesOf({})).toEqual({});
    expect(noEdits({})).toBe(true);
    expect(noEdits({ discountRatePerYear: 0 })).toBe(false);
  });
});
