// Capital recovery factor against a published compound-interest table: the (A/P, i, n) column of the
// interest-factor tables in Blank & Tarquin, Engineering Economy (7th ed., appendix), which prints
// four decimals; the same values appear in every engineering-economics text.
import { describe, expect, it } from 'vitest';
import {
  annualRateFromMonthly,
  discountFactors,
  monthlyRateFromAnnual,
} from '../../src/finance/discounting.js';
import { capitalRecoveryFactor } from '../../src/finance/hourly-cost.js';

describe('capital recovery factor', () => {
  it.each([
    { i: 0.05, n: 30, table: 0.0651 },
    { i: 0.06, n: 10, table: 0.1359 },
    { i: 0.08, n: 3, table: 0.388 },
    { i: 0.1, n: 5, table: 0.2638 },
    { i: 0.12, n: 20, table: 0.1339 },
    { i: 0.1, n: 1, table: 1.1 },
  ])('(A/P, $i, $n) = $table', ({ i, n, table }) => {
    expect(Math.abs(capitalRecoveryFactor(i, n) - table)).toBeLessThan(0.00005 + 1e-12);
  });

  it('reduces to straight line 1/n at r = 0 and rejects nonsense', () => {
    expect(capitalRecoveryFactor(0, 4)).toBe(0.25);
    expect(() => capitalRecoveryFactor(0.1, 0)).toThrow(/years/);
    expect(() => capitalRecoveryFactor(-1, 3)).toThrow(/rate/);
  });
});

describe('monthly rate convention', () => {
  it('twelve months at r_m compound to exactly one year at r', () => {
    const rm = monthlyRateFromAnnual(0.1);
    expect(rm).toBeCloseTo(0.0079741404289, 12);
    expect((1 + rm) ** 12).toBeCloseTo(1.1, 14);
    expect(annualRateFromMonthly(rm)).toBeCloseTo(0.1, 14);
    expect(discountFactors(rm, 13)[12]).toBeCloseTo(1 / 1.1, 14);
    expect(discountFactors(rm, 1)[0]).toBe(1);
  });
  it('rejects a rate of −100 % or below', () => {
    expect(() => monthlyRateFromAnnual(-1)).toThrow(/annualRate/);
  });
});
