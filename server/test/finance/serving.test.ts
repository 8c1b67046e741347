// The serving line: the selected deployment option's cost month by month from the demand plan, in the
// scorecard, the TCO, the Monte Carlo and the tornado. Expected figures are computed here from
// docs/finance-formulas.md (devices = ceil(peak × (1 + headroom) ÷ tok/s), 730 h/month, monthly rate
// (1 + r)^(1/12) − 1), not read from the engine.
import { describe, expect, it } from 'vitest';
import type { DeviceServing, Initiative, ServingPlan } from '../../src/finance/model.js';
import { monteCarlo } from '../../src/finance/monte-carlo.js';
import { recommendDeployment } from '../../src/finance/recommendation.js';
import { scorecard } from '../../src/finance/scorecard.js';
import { servingSchedule } from '../../src/finance/serving.js';
import { tornado } from '../../src/finance/tornado.js';

const HOURS = 730;
const RATE_M = 1.1 ** (1 / 12) - 1;
const pvOf = (flows: number[]) => flows.reduce((a, x, t) => a + x / (1 + RATE_M) ** t, 0);

/** Devices for a month, by the capacity formula of docs/finance-formulas.md. */
function devicesFor(tasks: number, outTokens: number, peak: number, headroom: number, tps: number) {
  const avg = (tasks * outTokens) / (HOURS * 3600);
  return Math.ceil((avg * peak * (1 + headroom)) / tps - 1e-9);
}

const DEMAND = {
  tasksPerMonth: 10_000_000,
  inputTokensPerTask: 1000,
  outputTokensPerTask: 300,
  peakToAverage: 2,
};
const H100 = (tps: number): DeviceServing => ({
  id: 'opt-h100',
  kind: 'devices',
  phase: 'production',
  category: 'infrastructure',
  hourlyCostPerDevice: 2.49,
  tokensPerSecondPerDevice: tps,
  headroomFraction: 0.2,
});

describe('servingSchedule: devices at the operating point', () => {
  it('sizes 10M tasks/month at the best run (1,693 tok/s) and at a pooled average (347 tok/s)', () => {
    // The figures: the best single run needs 2 devices at $0.41/Mtok, the pooled average 8 at $1.99.
    for (const [tps, devices, full] of [
      [1693, 2, 0.41],
      [347, 8, 1.99],
    ] as const) {
      const s = servingSchedule(H100(tps), DEMAND, 36);
      expect(devicesFor(10e6, 300, 2, 0.2, tps)).toBe(devices);
      expect(s.peakDevices).toBe(devices);
      expect(s.months[0]!.cost).toBeCloseTo(devices * 2.49 * HOURS, 9);
      expect(s.costPerMtokAtFullUtilisation).toBeCloseTo((2.49 * 1e6) / (tps * 3600), 12);
      expect(Math.round(s.costPerMtokAtFullUtilisation! * 100) / 100).toBe(full);
      const utilisation = (10e6 * 300) / (HOURS * 3600) / (devices * tps);
      expect(s.averageUtilisation).toBeCloseTo(utilisation, 12);
      // Realised = what the plan pays per output token = full-utilisation figure ÷ utilisation.
      expect(s.realisedCostPerMtok).toBeCloseTo((devices * 2.49 * HOURS * 1e6) / (10e6 * 300), 9);
      expect(s.realisedCostPerMtok).toBeCloseTo(s.costPerMtokAtFullUtilisation! / utilisation, 9);
    }
  });

  it('follows demand growth from its start month, with the setup cost in that month', () => {
    const plan: DeviceServing = { ...H100(900), startMonth: 3, oneTimeCost: 15_000 };
    const demand = { ...DEMAND, tasksPerMonth: 2_000_000, growthPerMonth: 0.05 };
    const s = servingSchedule(plan, demand, 24);
    const expected = Array.from({ length: 24 }, (_, t) =>
      t < 3 ? 0 : devicesFor(2e6 * 1.05 ** t, 300, 2, 0.2, 900) * 2.49 * HOURS + (t === 3 ? 15_000 : 0),
    );
    s.months.forEach((m, t) => expect(m.cost).toBeCloseTo(expected[t]!, 9));
    expect(new Set(s.months.slice(3).map((m) => m.devices)).size).toBeGreaterThan(1); // growth adds devices
    expect(s.totalCost).toBeCloseTo(
      expected.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('prices an API per token at the demand mix', () => {
    const plan: ServingPlan = {
      id: 'api',
      kind: 'api',
      phase: 'production',
      category: 'software',
      inputCostPerMtok: 3,
      outputCostPerMtok: 15,
    };
    const s = servingSchedule(plan, { ...DEMAND, tasksPerMonth: 1_000_000 }, 12);
    expect(s.months[0]!.cost).toBeCloseTo(1e6 * ((1000 * 3 + 300 * 15) / 1e6), 9); // $7,500
    expect(s.realisedCostPerMtok).toBeCloseTo((1000 * 3 + 300 * 15) / 300, 9); // $25 per output Mtok
    expect(s.peakDevices).toBeNull();
  });
});

/** A production initiative: one cost, one value, demand, and a serving plan. */
function withServing(serving: ServingPlan | undefined, demand: Initiative['demand'] = DEMAND): Initiative {
  return {
    id: 'assistant',
    name: 'Assistant',
    phase: 'production',
    demand,
    costItems: [
      { id: 'build', category: 'personnel', phase: 'production', recurrence: 'one-time', amount: 100_000 },
    ],
    valueStreams: [{ id: 'avoided', kind: 'cost-avoidance', phase: 'production', amountPerMonth: 60_000 }],
    ...(serving ? { serving } : {}),
  };
}

describe('the serving line in the scorecard, TCO, Monte Carlo and tornado', () => {
  const plan: DeviceServing = { ...H100(1693), oneTimeCost: 15_000 };
  const servingFlows = Array.from({ length: 36 }, (_, t) => 2 * 2.49 * HOURS + (t === 0 ? 15_000 : 0));
  const servingPv = pvOf(servingFlows);

  it('lowers NPV by exactly the present value of the serving cost, as a TCO row of its own', () => {
    const without = scorecard(withServing(undefined));
    const withIt = scorecard(withServing(plan));
    expect(without.npv - withIt.npv).toBeCloseTo(servingPv, 6);
    const row = withIt.tco.rows.find((r) => r.key === 'serving')!;
    expect(row).toMatchObject({ kind: 'infrastructure', phases: ['production'] });
    expect(row.presentValue).toBeCloseTo(servingPv, 6);
    expect(row.byMonth[1]).toBeCloseTo(2 * 2.49 * HOURS, 9);
    expect(withIt.months[0]!.costs).toBeCloseTo(100_000 + servingFlows[0]!, 9);
  });

  it('equals the recommendation’s present-value TCO of the same option', () => {
    const [ranked] = recommendDeployment(
      [
        {
          kind: 'self-hosted',
          name: 'H100',
          hourlyCostPerDevice: 2.49,
          tokensPerSecondAtSlo: 1693,
          oneTimeCost: 15_000,
        },
      ],
      { ...DEMAND, latencySloMs: 2000, headroomFraction: 0.2 },
    );
    expect(ranked!.tcoPresentValue).toBeCloseTo(servingPv, 6);
    expect(ranked!.realisedCostPerMtok).toBeCloseTo((2 * 2.49 * HOURS * 1e6) / (10e6 * 300), 9);
  });

  it('samples demand and throughput ranges in the Monte Carlo and ranks them in the tornado', () => {
    const ranged = withServing(
      { ...plan, tokensPerSecondPerDevice: { low: 1000, likely: 1693, high: 2000 } },
      { ...DEMAND, tasksPerMonth: { low: 6e6, likely: 10e6, high: 16e6 } },
    );
    const base = scorecard(ranged).npv;
    const mc = monteCarlo(ranged, { seed: 7 });
    expect(mc.rangedInputs).toEqual(['demand.tasksPerMonth', 'serving.tokensPerSecondPerDevice']);
    expect(mc.npv.p10).toBeLessThan(base);
    expect(mc.npv.p90).toBeGreaterThanOrEqual(base);

    // Tornado, independently: the NPV moves by the change in serving PV at each end of each range.
    const servingAt = (tasks: number, tps: number) =>
      pvOf(
        Array.from(
          { length: 36 },
          (_, t) => devicesFor(tasks, 300, 2, 0.2, tps) * 2.49 * HOURS + (t === 0 ? 15_000 : 0),
        ),
      );
    const likelyPv = servingAt(10e6, 1693);
    const bars = Object.fromEntries(tornado(ranged).bars.map((b) => [b.input, b]));
    expect(bars['serving.tokensPerSecondPerDevice']!.npvAtLow).toBeCloseTo(
      base - (servingAt(10e6, 1000) - likelyPv),
      6,
    );
    expect(bars['demand.tasksPerMonth']!.npvAtHigh).toBeCloseTo(base - (servingAt(16e6, 1693) - likelyPv), 6);
    expect(servingAt(16e6, 1693)).toBeGreaterThan(likelyPv); // 16M tasks need a third device
  });

  it('refuses a serving plan without a throughput that meets the SLO, naming the field', () => {
    expect(() => scorecard(withServing(H100(0)))).toThrow(/serving\.tokensPerSecondPerDevice: .*> 0/);
  });
});
