// Monte Carlo and tornado. Outside figures: the triangular distribution's mean (a + b + c)/3 and
// median, and the PERT mean (a + 4m + b)/6 and variance (μ−a)(b−μ)/7 (Vose, "Risk Analysis", 3rd ed.,
// §III.7); the deterministic NPV of the LibreOffice-checked case (scorecard-case.test.ts).
import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../src/finance/monte-carlo.js';
import { pertSample, seededUniform, triangularQuantile } from '../../src/finance/ranges.js';
import { scorecard } from '../../src/finance/scorecard.js';
import { tornado } from '../../src/finance/tornado.js';
import type { Initiative } from '../../src/finance/model.js';
import { supportAssistantCase } from './case.fixture.js';

function symmetricRanges(): Initiative {
  const c = supportAssistantCase();
  c.costItems[0]!.amount = { low: 100_000, likely: 120_000, high: 140_000 };
  c.costItems[1]!.amount = { low: 6_000, likely: 8_000, high: 10_000, distribution: 'pert' };
  const prod = c.valueStreams[1]!;
  if (prod.kind === 'productivity') prod.timeSavedHoursPerTask = { low: 0.15, likely: 0.25, high: 0.35 };
  const avoid = c.valueStreams[0]!;
  if (avoid.kind === 'cost-avoidance')
    avoid.amountPerMonth = { low: 10_000, likely: 15_000, high: 20_000, distribution: 'pert' };
  return c;
}

describe('samplers', () => {
  it('triangular mean and median match the closed forms', () => {
    const u = seededUniform(7);
    const xs = Array.from({ length: 50_000 }, () => triangularQuantile(u(), 0, 2, 10)).sort((a, b) => a - b);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(4, 1); // (0 + 2 + 10) / 3
    expect(xs[25_000]!).toBeCloseTo(10 - Math.sqrt(0.5 * 10 * 8), 1); // b − √((b−a)(b−c)/2)
  });

  it('PERT mean and variance match the closed forms', () => {
    const u = seededUniform(11);
    const xs = Array.from({ length: 50_000 }, () => pertSample(0, 2, 10, u));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    const mu = (0 + 4 * 2 + 10) / 6; // 3
    expect(mean).toBeCloseTo(mu, 1);
    expect(variance).toBeCloseTo(((mu - 0) * (10 - mu)) / 7, 1); // 3
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(10);
  });
});

describe('Monte Carlo', () => {
  it('P50 of NPV converges on the deterministic NPV when ranges are symmetric', () => {
    const c = symmetricRanges();
    const deterministic = scorecard(c).npv;
    expect(deterministic).toBeCloseTo(296725.464772533, 6); // ranges' likely values = the LibreOffice case
    const mc = monteCarlo(c, { iterations: 20_000, seed: 3 });
    expect(mc.rangedInputs).toHaveLength(4);
    expect(Math.abs(mc.npv.p50 - deterministic) / deterministic).toBeLessThan(0.01);
    expect(Math.abs(mc.npv.mean - deterministic) / deterministic).toBeLessThan(0.01);
    expect(mc.npv.p10).toBeLessThan(mc.npv.p50);
    expect(mc.npv.p90).toBeGreaterThan(mc.npv.p50);
    expect(mc.roi.p50).toBeCloseTo(scorecard(c).roi!, 1);
    expect(mc.paybackMonth.p50).toBeGreaterThanOrEqual(15);
    expect(mc.paybackMonth.p50).toBeLessThanOrEqual(17);
    expect(mc.probabilityRoiPositive).toBe(1); // every draw of this case pays off
  });

  it('is reproducible by seed and different across seeds', () => {
    const c = symmetricRanges();
    const a = monteCarlo(c, { iterations: 10_000, seed: 42 });
    expect(monteCarlo(c, { iterations: 10_000, seed: 42 })).toEqual(a);
    expect(monteCarlo(c, { iterations: 10_000, seed: 43 }).npv.p50).not.toBe(a.npv.p50);
  });

  it('P(ROI > 0) is between 0 and 1 when the ranges straddle break-even, and payback can be never', () => {
    const c = symmetricRanges();
    const avoid = c.valueStreams[0]!;
    if (avoid.kind === 'cost-avoidance') avoid.amountPerMonth = { low: 0, likely: 1_000, high: 30_000 };
    const prod = c.valueStreams[1]!;
    if (prod.kind === 'productivity') prod.timeSavedHoursPerTask = { low: 0, likely: 0.05, high: 0.4 };
    const mc = monteCarlo(c, { iterations: 10_000, seed: 5 });
    expect(mc.probabilityRoiPositive).toBeGreaterThan(0.05);
    expect(mc.probabilityRoiPositive).toBeLessThan(0.95);
    expect(mc.paybackMonth.neverShare).toBeGreaterThan(0);
  });
});

describe('tornado', () => {
  it('ranks inputs by NPV swing, each swing equal to the input range times its PV weight', () => {
    const t = tornado(symmetricRanges());
    expect(t.baseNpv).toBeCloseTo(296725.464772533, 6);
    // Cost avoidance 10k…20k over months 3–35: swing = 10,000 × (PV of 1/month, months 3–35).
    const pvPerUnit = 426882.213392405 / 15_000;
    const avoid = t.bars.find((b) => b.input === 'valueStreams[fewer-escalations].amountPerMonth')!;
    expect(avoid.swing).toBeCloseTo(10_000 * pvPerUnit, 4);
    const servers = t.bars.find((b) => b.input === 'costItems[servers].amount')!;
    expect(servers.swing).toBeCloseTo(40_000, 6); // month 0 is undiscounted
    expect(servers.npvAtLow).toBeGreaterThan(servers.npvAtHigh); // a lower cost raises NPV
    expect(t.bars.map((b) => b.swing)).toEqual([...t.bars.map((b) => b.swing)].sort((a, b) => b - a));
    expect(t.bars[0]!.input).toBe('valueStreams[fewer-escalations].amountPerMonth');
  });
});

describe('Monte Carlo input checks', () => {
  it('refuses fewer than 10,000 iterations', () => {
    expect(() => monteCarlo(supportAssistantCase(), { iterations: 500 })).toThrow(
      /iterations must be a whole number ≥ 10000/,
    );
  });
});
