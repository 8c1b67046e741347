// The worked example of docs/finance.md ("From measurement to money"): every figure of its table is
// recomputed here with the engine and, for the sizing and present values, independently from the
// formulas (devices = ceil(peak × (1 + headroom) ÷ tok/s), 730 h a month, monthly rate (1 + r)^(1/12) − 1).
// A change to the engine or to the page that makes them disagree fails this test.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceServing, Initiative } from '../../src/finance/model.js';
import { recommendDeployment } from '../../src/finance/recommendation.js';
import { scorecard } from '../../src/finance/scorecard.js';
import { servingSchedule } from '../../src/finance/serving.js';

const DOC = resolve(import.meta.dirname, '../../../docs/finance.md');

/** The `| key | what | value |` rows between the worked-example markers. */
function documentedFigures(): Map<string, string> {
  const text = readFileSync(DOC, 'utf8');
  const block = /<!-- worked-example:start[^>]*-->([\s\S]*?)<!-- worked-example:end -->/.exec(text);
  if (!block) throw new Error('docs/finance.md has no worked-example block');
  const rows = block[1]!
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| key') && !l.startsWith('| ---'))
    .map((l) => l.split('|').map((c) => c.trim()));
  return new Map(rows.map((cells) => [cells[1]!, cells[3]!]));
}

const money = (x: number, digits = 2) =>
  `${x < 0 ? '−' : ''}$${Math.abs(x).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })}`;
const plain = (x: number, digits: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (fraction: number) => `${plain(fraction * 100, 1)} %`;

const HOURS = 730;
const RATE_M = 1.1 ** (1 / 12) - 1;
const pv = (flow: (t: number) => number) =>
  Array.from({ length: 36 }, (_, t) => flow(t) / (1 + RATE_M) ** t).reduce((a, b) => a + b, 0);

const DEMAND = {
  tasksPerMonth: 10_000_000,
  inputTokensPerTask: 1000,
  outputTokensPerTask: 300,
  peakToAverage: 2,
};
const BEST_TPS = 1693;
const POOLED_TPS = 347;
const h100 = (tps: number): DeviceServing => ({
  id: 'h100',
  name: '1x H100 SXM',
  kind: 'devices',
  phase: 'production',
  category: 'infrastructure',
  hourlyCostPerDevice: 2.49,
  tokensPerSecondPerDevice: tps,
  headroomFraction: 0.2,
  oneTimeCost: 15_000,
});
const monthly = (id: string, category: Initiative['costItems'][number]['category'], amount: number) => ({
  id,
  category,
  phase: 'production' as const,
  recurrence: 'monthly' as const,
  amount,
});
const initiative = (serving?: DeviceServing): Initiative => ({
  id: 'support',
  name: 'Support assistant',
  phase: 'production',
  demand: DEMAND,
  costItems: [
    { id: 'build', category: 'personnel', phase: 'production', recurrence: 'one-time', amount: 250_000 },
    monthly('llmops', 'personnel', 9_000),
    monthly('licence', 'software', 2_000),
    monthly('refresh', 'data-engineering', 1_500),
    monthly('monitoring', 'security-compliance', 1_000),
    {
      id: 'training',
      category: 'change-management',
      phase: 'production',
      recurrence: 'one-time',
      amount: 30_000,
    },
  ],
  valueStreams: [{ id: 'avoided', kind: 'cost-avoidance', phase: 'production', amountPerMonth: 60_000 }],
  ...(serving ? { serving } : {}),
});

describe('docs/finance.md worked example', () => {
  const doc = documentedFigures();
  const average = (10_000_000 * 300) / (HOURS * 3600);
  const peak = average * 2 * 1.2;
  const best = servingSchedule(h100(BEST_TPS), DEMAND, 36);
  const pooled = servingSchedule(h100(POOLED_TPS), DEMAND, 36);
  const without = scorecard(initiative());
  const withServing = scorecard(initiative(h100(BEST_TPS)));
  const onPooled = scorecard(initiative(h100(POOLED_TPS)));
  const [h100Row, apiRow] = recommendDeployment(
    [
      {
        kind: 'self-hosted',
        name: '1x H100 SXM',
        hourlyCostPerDevice: 2.49,
        tokensPerSecondAtSlo: BEST_TPS,
        oneTimeCost: 15_000,
      },
      { kind: 'api', name: 'Hosted API', inputCostPerMtok: 3, outputCostPerMtok: 15 },
    ],
    { ...DEMAND, latencySloMs: 2000, headroomFraction: 0.2 },
  );

  // Independent figures (formulas), then the engine's must agree with them.
  const devices = Math.ceil(peak / BEST_TPS - 1e-9);
  const servingPv = pv((t) => devices * 2.49 * HOURS + (t === 0 ? 15_000 : 0));
  const apiPv = pv(() => 10_000_000 * ((1000 * 3 + 300 * 15) / 1e6));

  const expected: Record<string, string> = {
    average_tok_s: plain(average, 1),
    peak_with_headroom_tok_s: plain(peak, 1),
    devices_best_run: String(best.peakDevices),
    devices_pooled: String(pooled.peakDevices),
    serving_per_month: money(best.months[1]!.cost),
    full_utilisation_per_mtok: money(best.costPerMtokAtFullUtilisation!, 3),
    full_utilisation_per_mtok_pooled: money(pooled.costPerMtokAtFullUtilisation!),
    average_utilisation: percent(best.averageUtilisation!),
    realised_per_mtok: money(best.realisedCostPerMtok!),
    serving_pv: money(withServing.tco.rows.find((r) => r.key === 'serving')!.presentValue),
    api_pv: money(apiRow!.tcoPresentValue!),
    api_reason: apiRow!.reason!,
    npv_without_serving: money(without.npv),
    guarded_npv_without_serving: money(without.guarded.npv),
    npv_with_serving: money(withServing.npv),
    npv_drop: money(without.npv - withServing.npv),
    roi_with_serving: percent(withServing.roi!),
    payback_month_with_serving: String(withServing.paybackMonth),
    npv_if_sized_on_pooled: money(onPooled.npv),
  };

  it('matches the formulas', () => {
    expect(devices).toBe(2);
    expect(Math.ceil(peak / POOLED_TPS - 1e-9)).toBe(8);
    expect(best.months[1]!.cost).toBeCloseTo(2 * 2.49 * HOURS, 9);
    expect(best.realisedCostPerMtok!).toBeCloseTo(
      best.costPerMtokAtFullUtilisation! / best.averageUtilisation!,
      9,
    );
    expect(h100Row!.tcoPresentValue).toBeCloseTo(servingPv, 6);
    expect(apiRow!.tcoPresentValue).toBeCloseTo(apiPv, 6);
    expect(without.npv - withServing.npv).toBeCloseTo(servingPv, 6);
    expect(without.guarded.likeForLike).toBe(false);
    expect(withServing.guarded).toMatchObject({ likeForLike: true, npv: withServing.npv });
  });

  it('prints every figure the engine computes', () => {
    expect([...doc.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expect(doc.get(key), key).toBe(value);
  });
});
