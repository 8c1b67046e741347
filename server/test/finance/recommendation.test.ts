import { describe, expect, it } from 'vitest';
import { recommendDeployment, type DeploymentDemand } from '../../src/finance/recommendation.js';
import { portfolio } from '../../src/finance/portfolio.js';
import { supportAssistantCase } from './case.fixture.js';

const demand: DeploymentDemand = {
  tasksPerMonth: 1_000_000,
  inputTokensPerTask: 1000,
  outputTokensPerTask: 300,
  peakToAverage: 3,
  latencySloMs: 2000,
  horizonMonths: 36,
  discountRatePerYear: 0,
};

describe('deployment recommendation', () => {
  const ranked = recommendDeployment(
    [
      { kind: 'api', name: 'API $3/$15', inputCostPerMtok: 3, outputCostPerMtok: 15, latencyAtSloMs: 900 },
      {
        kind: 'self-hosted',
        name: '1× H100 fp8',
        tokensPerSecondAtSlo: 2500,
        hourlyCostPerDevice: 4,
        latencyAtSloMs: 1500,
      },
      {
        kind: 'cloud-gpu',
        name: 'rented L4',
        pricing: 'on-demand',
        tokensPerSecondAtSlo: 200,
        hourlyCostPerDevice: 0.8,
        latencyAtSloMs: 2600,
      },
      { kind: 'self-hosted', name: 'CPU box', tokensPerSecondAtSlo: null, hourlyCostPerDevice: 0.2 },
    ],
    demand,
  );

  it('ranks feasible options by TCO (hand-computed at 0 % discount)', () => {
    expect(ranked.map((r) => r.name)).toEqual(['1× H100 fp8', 'API $3/$15', 'rented L4', 'CPU box']);
    expect(ranked[0]).toMatchObject({ rank: 1, feasible: true, peakDevices: 1, reason: null });
    expect(ranked[0]!.tcoPresentValue).toBeCloseTo(4 * 730 * 36, 6); // one device, every hour
    expect(ranked[1]!.tcoPresentValue).toBeCloseTo(1e6 * ((1000 * 3 + 300 * 15) / 1e6) * 36, 6); // $7,500/month
    expect(ranked[1]!.reason).toMatch(/costs 164,880 more over 36 months .*\(\+157 %\) than 1× H100 fp8/);
  });

  it('says why infeasible options lose', () => {
    expect(ranked[2]).toMatchObject({ feasible: false, rank: null });
    expect(ranked[2]!.reason).toMatch(/latency 2600 ms exceeds the SLO of 2000 ms/);
    expect(ranked[3]!.reason).toMatch(/no measured operating point meets the 2000 ms SLO/);
  });

  it('adds devices as demand grows', () => {
    const grown = recommendDeployment(
      [{ kind: 'self-hosted', name: 'gpu', tokensPerSecondAtSlo: 500, hourlyCostPerDevice: 2 }],
      { ...demand, growthPerMonth: 0.05 },
    );
    // month 35: 1e6 × 1.05^35 tasks × 300 tokens, peak 3×, 20 % headroom, 500 tok/s per device
    const last = Math.ceil((1e6 * 1.05 ** 35 * 300 * 3 * 1.2) / (730 * 3600) / 500);
    expect(grown[0]!.peakDevices).toBe(last);
  });
});

describe('portfolio', () => {
  it('ranks by NPV and totals present values (ROI of the sums, not the mean of ROIs)', () => {
    const a = supportAssistantCase();
    const b = {
      ...supportAssistantCase(),
      id: 'small',
      valueStreams: supportAssistantCase().valueStreams.slice(0, 1),
    };
    const p = portfolio([b, a]);
    expect(p.entries.map((e) => e.scorecard.initiativeId)).toEqual(['support-assistant', 'small']);
    const [x, y] = p.entries.map((e) => e.scorecard);
    expect(p.totals.npv).toBeCloseTo(x!.npv + y!.npv, 6);
    expect(p.totals.roi).toBeCloseTo(
      (x!.pvBenefits + y!.pvBenefits - x!.pvCosts - y!.pvCosts) / (x!.pvCosts + y!.pvCosts),
      12,
    );
    expect(p.totals.npv).toBeCloseTo(296725.464772533 + (426882.213392405 - 436787.530977951), 5);
  });

  it('refuses mixed currencies', () => {
    expect(() =>
      portfolio([supportAssistantCase(), { ...supportAssistantCase(), id: 'eu', currency: 'EUR' }]),
    ).toThrow(/currencies/);
  });
});
