// The phase guard cannot be silenced by a label: a $1 production cost or relabelling production value
// as pilot value still raises it, and the guarded (headline) figures leave out the value the counted
// costs cannot buy. Expected present values are computed here (monthly rate (1 + r)^(1/12) − 1).
import { describe, expect, it } from 'vitest';
import type { Initiative } from '../../src/finance/model.js';
import { scorecard } from '../../src/finance/scorecard.js';

const RATE_M = 1.1 ** (1 / 12) - 1;
const pvOf = (flows: (t: number) => number, months = 36) =>
  Array.from({ length: months }, (_, t) => flows(t) / (1 + RATE_M) ** t).reduce((a, b) => a + b, 0);

// A pilot: 3 months of GPU rental and a half-time engineer; the value is a production system's —
// 42,000 tickets a month, 5 minutes saved each, at $48/h, half of it recaptured, for 36 months.
const VALUE_PER_MONTH = 42_000 * (5 / 60) * 48 * 0.5; // $84,000
const pilotCosts = (t: number) => (t <= 2 ? 2_500 + 7_500 : 0);

function pilotStudy(valuePhase: 'pilot' | 'production'): Initiative {
  return {
    id: 'support',
    name: 'Support assistant',
    phase: 'pilot',
    demand: { tasksPerMonth: 42_000, outputTokensPerTask: 350, inputTokensPerTask: 1800, peakToAverage: 2 },
    costItems: [
      {
        id: 'gpu',
        category: 'infrastructure',
        phase: 'pilot',
        recurrence: 'monthly',
        amount: 2_500,
        endMonth: 2,
      },
      { id: 'eng', category: 'personnel', phase: 'pilot', recurrence: 'monthly', amount: 7_500, endMonth: 2 },
    ],
    valueStreams: [
      {
        id: 'time',
        kind: 'productivity',
        phase: valuePhase,
        timeSavedHoursPerTask: 5 / 60,
        tasksPerMonth: 42_000,
        loadedRatePerHour: 48,
        recaptureFraction: 0.5,
      },
    ],
  };
}

describe('phase guard', () => {
  const pvPilotCosts = pvOf(pilotCosts);
  const pvValue = pvOf(() => VALUE_PER_MONTH);

  it('flags pilot costs against production value; the headline counts no production value', () => {
    const s = scorecard(pilotStudy('production'));
    expect(s.roi).toBeCloseTo((pvValue - pvPilotCosts) / pvPilotCosts, 9); // the flawed ROI
    expect(s.phaseGuard.likeForLike).toBe(false);
    expect(s.phaseGuard.findings.map((f) => f.kind)).toEqual(['value-without-cost']);
    expect(s.guarded).toMatchObject({ likeForLike: false, pvBenefits: 0, roi: -1, paybackMonth: null });
    expect(s.guarded.npv).toBeCloseTo(-pvPilotCosts, 6);
    expect(s.guarded.excluded).toEqual([
      {
        lineId: 'time',
        reason: expect.stringMatching(/no production-phase cost/),
        pvBenefits: expect.closeTo(pvValue, 6),
      },
    ]);
  });

  it('a $1 production cost does not silence it', () => {
    const c = pilotStudy('production');
    c.costItems.push({
      id: 'token',
      category: 'infrastructure',
      phase: 'production',
      recurrence: 'one-time',
      amount: 1,
    });
    const s = scorecard(c);
    expect(s.phaseGuard.likeForLike).toBe(false);
    const finding = s.phaseGuard.findings.find((f) => f.kind === 'production-costs-incomplete')!;
    expect(finding.explanation).toMatch(
      /no serving, software, personnel, data-engineering, security-compliance, change-management cost/,
    );
    expect(s.phaseGuard.productionCosts.find((c) => c.key === 'infrastructure')).toMatchObject({
      pvCosts: 1,
      covered: true,
    });
    expect(s.guarded.npv).toBeCloseTo(-(pvPilotCosts + 1), 6);
    // What the label would have shown as the headline: ~8,800 %.
    expect(s.roi).toBeCloseTo((pvValue - pvPilotCosts - 1) / (pvPilotCosts + 1), 9);
  });

  it('relabelling the value as pilot does not silence it: pilot value is what the pilot serves', () => {
    const relabelled = scorecard(pilotStudy('pilot'));
    expect(relabelled.phaseGuard.likeForLike).toBe(false);
    expect(relabelled.phaseGuard.findings[0]).toMatchObject({
      kind: 'pilot-value-exceeds-pilot',
      explanation: expect.stringMatching(/no pilot demand is stated/),
    });
    expect(relabelled.guarded.pvBenefits).toBe(0);

    // With the pilot's own demand stated (2,000 tickets a month in months 1–3), only that is counted.
    const c = pilotStudy('pilot');
    c.demand!.pilot = { tasksPerMonth: 2_000, endMonth: 2 };
    const s = scorecard(c);
    expect(s.phaseGuard.likeForLike).toBe(false);
    expect(s.phaseGuard.findings[0]!.explanation).toMatch(
      /counts value in 33 month\(s\) after the pilot ends \(month 3\); assumes 42,000 tasks\/month where the pilot serves 2,000/,
    );
    const pilotValue = pvOf((t) => (t <= 2 ? 2_000 * (5 / 60) * 48 * 0.5 : 0));
    expect(s.guarded.pvBenefits).toBeCloseTo(pilotValue, 6);
    expect(s.guarded.roi).toBeCloseTo((pilotValue - pvPilotCosts) / pvPilotCosts, 9);
  });

  it('passes the honest pilot: value of the tasks the pilot serves, while it runs', () => {
    const c = pilotStudy('pilot');
    c.demand!.pilot = { tasksPerMonth: 42_000, endMonth: 2 };
    c.valueStreams[0]!.endMonth = 2;
    const s = scorecard(c);
    expect(s.phaseGuard).toMatchObject({ likeForLike: true, findings: [] });
    expect(s.guarded.npv).toBeCloseTo(s.npv, 9);
  });

  it('passes the honest production case: serving cost and every category costed or not applicable', () => {
    const c = pilotStudy('production');
    c.phase = 'production';
    c.serving = {
      id: 'h100',
      kind: 'devices',
      phase: 'production',
      category: 'infrastructure',
      hourlyCostPerDevice: 2.49,
      tokensPerSecondPerDevice: 1693,
    };
    const monthly = (id: string, category: Initiative['costItems'][number]['category'], amount: number) =>
      c.costItems.push({ id, category, phase: 'production', recurrence: 'monthly', amount, startMonth: 3 });
    monthly('llmops', 'personnel', 9_000);
    monthly('licence', 'software', 1_500);
    monthly('refresh', 'data-engineering', 2_000);
    monthly('monitoring', 'security-compliance', 800);
    const partial = scorecard(c);
    expect(partial.phaseGuard.likeForLike).toBe(false);
    expect(partial.phaseGuard.findings[0]!.explanation).toMatch(/no change-management cost/);

    c.notApplicable = { 'change-management': 'agents already use the ticket tool; no new training' };
    const s = scorecard(c);
    expect(s.phaseGuard).toMatchObject({ likeForLike: true, findings: [] });
    expect(s.phaseGuard.productionCosts.every((x) => x.covered)).toBe(true);
    expect(
      s.phaseGuard.productionCosts.find((x) => x.key === 'change-management')!.notApplicableReason,
    ).toMatch(/training/);
    expect(s.guarded).toMatchObject({ likeForLike: true, excluded: [] });
    expect(s.guarded.npv).toBeCloseTo(s.npv, 9);
    expect(s.guarded.roi).toBeCloseTo(s.roi!, 12);
  });
});
