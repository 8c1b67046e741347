// The per-month band of the Monte Carlo (cumulativeNetByMonth). Outside figure: the quantile function
// of the triangular distribution (a, c, b): F⁻¹(p) = a + √(p (b−a)(c−a)) for p < (c−a)/(b−a), else
// b − √((1−p)(b−a)(b−c)) (Vose, "Risk Analysis", 3rd ed., §III.7).
import { describe, expect, it } from 'vitest';
import { MAX_PATH_CELLS, monteCarlo } from '../../src/finance/monte-carlo.js';
import { scorecard } from '../../src/finance/scorecard.js';
import type { Initiative } from '../../src/finance/model.js';
import { supportAssistantCase } from './case.fixture.js';

function triangularQuantile(p: number, a: number, c: number, b: number): number {
  return p < (c - a) / (b - a)
    ? a + Math.sqrt(p * (b - a) * (c - a))
    : b - Math.sqrt((1 - p) * (b - a) * (b - c));
}

/** 100,000 up front, then a saving of triangular(0, 5,000, 10,000) a month: the only uncertainty. */
function oneRangedSaving(): Initiative {
  return {
    id: 'one-range',
    name: 'One range',
    phase: 'production',
    horizonMonths: 24,
    discountRatePerYear: 0.1,
    currency: 'USD',
    costItems: [
      {
        id: 'setup',
        category: 'infrastructure',
        phase: 'production',
        recurrence: 'one-time',
        amount: 100_000,
      },
    ],
    valueStreams: [
      {
        id: 'saving',
        kind: 'cost-avoidance',
        phase: 'production',
        amountPerMonth: { low: 0, likely: 5_000, high: 10_000 },
      },
    ],
  };
}

describe('Monte Carlo: per-month band of the cumulative cash flow', () => {
  it('gives one ordered P10 ≤ P50 ≤ P90 per month of the horizon', () => {
    const c = supportAssistantCase();
    c.costItems[0]!.amount = { low: 100_000, likely: 120_000, high: 160_000 };
    const mc = monteCarlo(c, { iterations: 10_000, seed: 9 });
    expect(mc.cumulativeNetByMonth.map((m) => m.month)).toEqual(Array.from({ length: 36 }, (_, t) => t + 1));
    for (const m of mc.cumulativeNetByMonth) {
      expect(m.p10).toBeLessThanOrEqual(m.p50);
      expect(m.p50).toBeLessThanOrEqual(m.p90);
    }
    // The one-time cost is ranged, so the band has width from month 1 on.
    expect(mc.cumulativeNetByMonth[0]!.p90 - mc.cumulativeNetByMonth[0]!.p10).toBeGreaterThan(10_000);
  });

  it('matches the triangular quantiles month by month when one saving is the only range', () => {
    const c = oneRangedSaving();
    const det = scorecard(c).months.map((m) => m.cumulativeNet);
    const mc = monteCarlo(c, { iterations: 20_000, seed: 4 });
    for (const [t, m] of mc.cumulativeNetByMonth.entries()) {
      // cumulative(t) = −100,000 + n_t × saving, with n_t months of saving so far (read off the likely path).
      const months = (det[t]! + 100_000) / 5_000;
      for (const [p, got] of [
        [0.1, m.p10],
        [0.5, m.p50],
        [0.9, m.p90],
      ] as const) {
        const expected = -100_000 + months * triangularQuantile(p, 0, 5_000, 10_000);
        expect(Math.abs(got - expected), `month ${m.month} p${p * 100}`).toBeLessThanOrEqual(
          0.03 * months * 5_000 + 1e-6,
        );
      }
    }
    // Symmetric range: the P50 path is the deterministic path, within sampling error.
    const last = mc.cumulativeNetByMonth.at(-1)!;
    expect(Math.abs(last.p50 - det.at(-1)!)).toBeLessThan(0.01 * 24 * 5_000);
  });

  it('keeps P50 close to the deterministic path when every range is symmetric', () => {
    const c = supportAssistantCase();
    c.costItems[0]!.amount = { low: 100_000, likely: 120_000, high: 140_000 };
    c.costItems[1]!.amount = { low: 6_000, likely: 8_000, high: 10_000, distribution: 'pert' };
    const det = scorecard(c).months.map((m) => m.cumulativeNet);
    const scale = Math.max(...det.map(Math.abs));
    const mc = monteCarlo(c, { iterations: 10_000, seed: 2 });
    for (const [t, m] of mc.cumulativeNetByMonth.entries()) {
      expect(Math.abs(m.p50 - det[t]!), `month ${m.month}`).toBeLessThan(0.01 * scale);
    }
  });

  it('is reproducible with the same seed and moves with another', () => {
    const c = oneRangedSaving();
    const a = monteCarlo(c, { iterations: 10_000, seed: 42 }).cumulativeNetByMonth;
    expect(monteCarlo(c, { iterations: 10_000, seed: 42 }).cumulativeNetByMonth).toEqual(a);
    expect(monteCarlo(c, { iterations: 10_000, seed: 43 }).cumulativeNetByMonth[23]!.p10).not.toBe(
      a[23]!.p10,
    );
  });

  it('refuses more paths than it may keep, naming the iterations that fit', () => {
    const c = oneRangedSaving();
    const tooMany = Math.floor(MAX_PATH_CELLS / 24) + 1;
    expect(() => monteCarlo(c, { iterations: tooMany, seed: 1 })).toThrow(/use at most 250000 iterations/);
  });
});
