// A complete 36-month case whose every figure is checked against LibreOffice Calc 7.4.7.2
// (fixtures/case.fods, built by fixtures/case.make-fods.py from hand-written cash flows; output in
// fixtures/case.libreoffice.csv) and, for payback and totals, against the hand calculation printed by
// that script ("payback 16 discounted 17 total costs 477000 total benefits 855000 per task 6.625").
import { describe, expect, it } from 'vitest';
import { scorecard } from '../../src/finance/scorecard.js';
import { FinanceInputError } from '../../src/finance/validate.js';
import { supportAssistantCase } from './case.fixture.js';

describe('support-assistant case, 36 months at 10 %/year', () => {
  const s = scorecard(supportAssistantCase());

  it('present values, NPV, ROI and IRR match LibreOffice', () => {
    expect(s.pvCosts).toBeCloseTo(436787.530977951, 6);
    expect(s.pvBenefits).toBeCloseTo(733512.995750484, 6);
    expect(s.npv).toBeCloseTo(296725.464772533, 6);
    expect(s.roi).toBeCloseTo(0.679335932754711, 10);
    expect(s.irr.kind).toBe('unique');
    if (s.irr.kind === 'unique') expect(s.irr.ratePerPeriod).toBeCloseTo(0.0671679915316209, 10);
    expect(s.irrAnnual).toBeCloseTo((1 + 0.0671679915316209) ** 12 - 1, 9);
  });

  it('payback months and cost per task match the hand calculation', () => {
    expect(s.paybackMonth).toBe(16);
    expect(s.discountedPaybackMonth).toBe(17);
    expect(s.costPerTask).toBeCloseTo(477_000 / 72_000, 10);
    expect(s.months.at(-1)!.cumulativeNet).toBeCloseTo(855_000 - 477_000, 6);
    expect(s.months.at(-1)!.cumulativeDiscountedNet).toBeCloseTo(296725.464772533, 6);
    expect(s.months[0]).toMatchObject({ month: 1, costs: 140_000, benefits: 0, net: -140_000 });
    expect(s.months[2]!.costs).toBeCloseTo(41_000, 9); // 8,000 + 33,000 (30,000 + 10 % risk uplift)
    expect(s.months[12]!.net).toBeCloseTo(7_000, 9); // licence renewal month
  });

  it('TCO by category and TVO by stream match LibreOffice row by row', () => {
    const tco = Object.fromEntries(s.tco.rows.map((r) => [r.key, r]));
    expect(tco['infrastructure']!.presentValue).toBeCloseTo(120000, 6);
    expect(tco['personnel']!.presentValue).toBeCloseTo(251481.149130537, 6);
    expect(tco['personnel']!.total).toBeCloseTo(288000, 6);
    expect(tco['software']!.presentValue).toBeCloseTo(32826.4462809917, 6);
    expect(tco['software']!.byMonth.filter((x) => x > 0)).toEqual([12000, 12000, 12000]);
    expect(tco['change-management']!.presentValue).toBeCloseTo(32479.9355664223, 6);
    expect(s.tco.total).toBeCloseTo(477000, 6);
    const tvo = Object.fromEntries(s.tvo.rows.map((r) => [r.key, r]));
    expect(tvo['fewer-escalations']!.presentValue).toBeCloseTo(426882.213392405, 6);
    expect(tvo['agent-time']!.presentValue).toBeCloseTo(306630.782358079, 6);
    expect(tvo['agent-time']!.byMonth[6]).toBeCloseTo(12_000, 9);
    expect(s.tvo.total).toBeCloseTo(855000, 6);
  });

  it('states the phase of every figure and passes the phase guard', () => {
    expect(s.phase).toBe('production');
    expect(s.byPhase).toHaveLength(1);
    expect(s.byPhase[0]!.phase).toBe('production');
    expect(s.phaseGuard.likeForLike).toBe(true);
  });
});

describe('phase guard', () => {
  it('flags pilot costs set against production value', () => {
    const c = supportAssistantCase();
    c.phase = 'pilot';
    c.costItems = [
      {
        id: 'pilot',
        category: 'personnel',
        phase: 'pilot',
        recurrence: 'monthly',
        amount: 5000,
        endMonth: 2,
      },
    ];
    const s = scorecard(c);
    expect(s.phaseGuard.likeForLike).toBe(false);
    expect(s.phaseGuard.findings[0]).toMatchObject({ kind: 'value-without-cost', phase: 'production' });
    expect(s.phaseGuard.findings[0]!.explanation).toMatch(/pilot/);
  });
});

describe('validation names the field', () => {
  it('rejects a 300 % discount rate, a negative task count and an end before a start', () => {
    const c = supportAssistantCase();
    c.discountRatePerYear = 3;
    c.demand = { tasksPerMonth: -5 };
    c.costItems[1]!.startMonth = 10;
    c.costItems[1]!.endMonth = 4;
    try {
      scorecard(c);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FinanceInputError);
      const fields = (e as FinanceInputError).issues.map((i) => i.field);
      expect(fields).toEqual(
        expect.arrayContaining(['discountRatePerYear', 'demand.tasksPerMonth', 'costItems[llmops].endMonth']),
      );
    }
  });

  it('requires an exchange rate for a foreign-currency item and applies it', () => {
    const c = supportAssistantCase();
    c.costItems[0]!.currency = 'EUR';
    expect(() => scorecard(c)).toThrow(/fxRates\.EUR/);
    c.fxRates = { EUR: 1.1 };
    expect(scorecard(c).months[0]!.costs).toBeCloseTo(132_000 + 8_000 + 12_000, 9);
  });

  it('rejects a range whose low is above its high', () => {
    const c = supportAssistantCase();
    c.costItems[0]!.amount = { low: 150_000, likely: 120_000, high: 130_000 };
    expect(() => scorecard(c)).toThrow(/costItems\[servers\]\.amount: expected low ≤ likely ≤ high/);
  });
});
