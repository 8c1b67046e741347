import { describe, expect, it } from 'vitest';
import {
  capitalRecoveryFactor,
  costForSeconds,
  costPerMillionTokens,
  costPerMillionTokensAtRate,
  ownedHourlyCost,
} from '../src/finance/hourly-cost';

describe('capitalRecoveryFactor', () => {
  // Capital recovery (A/P) factors from standard compound-interest tables (5 significant digits).
  it.each([
    [0.08, 3, 0.38803],
    [0.1, 5, 0.2638],
    [0.05, 10, 0.1295],
    [0.06, 4, 0.28859],
    [0.12, 1, 1.12],
  ])('crf(%f, %i) = %f as in A/P interest tables', (rate, years, expected) => {
    expect(capitalRecoveryFactor(rate, years)).toBeCloseTo(expected, 4);
  });

  it('is 1/n at r = 0 and approaches it as r -> 0', () => {
    expect(capitalRecoveryFactor(0, 4)).toBe(0.25);
    expect(capitalRecoveryFactor(1e-9, 4)).toBeCloseTo(0.25, 6);
  });

  it('rejects a non-positive period and a rate <= -100%', () => {
    expect(() => capitalRecoveryFactor(0.08, 0)).toThrow(/years must be > 0/);
    expect(() => capitalRecoveryFactor(-1, 3)).toThrow(/ratePerYear/);
  });
});

describe('ownedHourlyCost', () => {
  const base = {
    capex: 250_000,
    residualValue: 50_000,
    amortisationYears: 4,
    discountRatePerYear: 0,
    maintenancePerYear: 8_760,
    hostingPerHour: 0.5,
    powerWatts: 10_200,
    pue: 1.3,
    electricityPerKwh: 0.12,
  };

  it('straight line at r = 0: (price - residual) / n per year, plus energy, maintenance and hosting', () => {
    const cost = ownedHourlyCost(base);
    expect(cost.capitalPerHour).toBeCloseTo(200_000 / 4 / 8760, 9); // 5.70776...
    expect(cost.energyPerHour).toBeCloseTo(10.2 * 1.3 * 0.12, 9); // 1.5912
    expect(cost.maintenancePerHour).toBeCloseTo(1, 12);
    expect(cost.hostingPerHour).toBe(0.5);
    expect(cost.total).toBeCloseTo(5.707763 + 1.5912 + 1 + 0.5, 5);
  });

  it('discounts the residual and applies the CRF when r > 0', () => {
    // 8%/yr over 3 years, no residual: capex × CRF = 100000 × 0.388034 = 38803.35 per year.
    const cost = ownedHourlyCost({
      ...base,
      capex: 100_000,
      residualValue: 0,
      amortisationYears: 3,
      discountRatePerYear: 0.08,
    });
    expect(cost.capitalPerHour * 8760).toBeCloseTo(38_803.35, 1);
    // A residual R is worth R / 1.08^3 today: 20000 / 1.259712 = 15876.64.
    const withResidual = ownedHourlyCost({
      ...base,
      capex: 100_000,
      residualValue: 20_000,
      amortisationYears: 3,
      discountRatePerYear: 0.08,
    });
    expect(withResidual.capitalPerHour * 8760).toBeCloseTo((100_000 - 15_876.64) * 0.3880335, 0);
  });

  it('counts no energy at 0 W', () => {
    expect(ownedHourlyCost({ ...base, powerWatts: 0 }).energyPerHour).toBe(0);
  });
});

describe('cost per million tokens', () => {
  it('is a ratio of sums: total cost × 1e6 / total tokens', () => {
    expect(costPerMillionTokens(8.799, 1_800_000)).toBeCloseTo(4.88833, 5);
    expect(costPerMillionTokens(5, 0)).toBeNull();
  });

  it('matches $/hour × 1e6 / (tokens/s × 3600) at one operating point', () => {
    // 2 $/h at 1000 tokens/s: 3.6M tokens per hour -> 0.5556 $/Mtok.
    expect(costPerMillionTokensAtRate(2, 1000)).toBeCloseTo(2 / 3.6, 9);
    expect(costPerMillionTokensAtRate(2, 0)).toBeNull();
    // The same figure through the ratio of sums over 30 minutes.
    expect(costPerMillionTokens(costForSeconds(2, 1800), 1000 * 1800)).toBeCloseTo(2 / 3.6, 9);
  });

  it('costForSeconds prorates the hourly cost', () => {
    expect(costForSeconds(8.799, 1800)).toBeCloseTo(4.3995, 9);
  });
});
