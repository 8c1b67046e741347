// FOCUS 1.3 column names and semantics from the FinOps FOCUS specification (focus.finops.org, 1.3,
// ratified December 2025): BilledCost (invoice), EffectiveCost (amortised), ChargePeriodEnd exclusive.
import { describe, expect, it } from 'vitest';
import { importFocusCsv } from '../../src/finance/focus-import.js';

const header =
  'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceCategory,ServiceName,x_Phase';
const opts = { startMonth: '2026-01', horizonMonths: 36, defaultPhase: 'production' as const };

describe('FOCUS import', () => {
  it('sums EffectiveCost per month and category, keeps BilledCost for reconciliation', () => {
    const csv = [
      header,
      '12.00,10.00,USD,2026-02-01T00:00:00Z,2026-02-02T00:00:00Z,Usage,AI and Machine Learning,Bedrock,',
      '6.00,5.00,USD,2026-02-03T00:00:00Z,2026-02-04T00:00:00Z,Usage,AI and Machine Learning,Bedrock,',
      '100,80,USD,2026-03-01T00:00:00Z,2026-04-01T00:00:00Z,Purchase,Compute,EC2,pilot',
    ].join('\n');
    const r = importFocusCsv(csv, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.costItems).toHaveLength(2);
    expect(r.costItems[0]).toMatchObject({
      category: 'software',
      startMonth: 1,
      amount: 15,
      recurrence: 'one-time',
      phase: 'production',
    });
    expect(r.costItems[1]).toMatchObject({
      category: 'infrastructure',
      startMonth: 2,
      amount: 80,
      phase: 'pilot',
    });
    expect(r.reconciliation).toEqual([{ currency: 'USD', billedCost: 118, effectiveCost: 95, rows: 3 }]);
  });

  it('reports every bad row by line and column and imports nothing', () => {
    const csv = [
      header,
      '12.00,10.00,USD,2026-02-01T00:00:00Z,2026-02-02T00:00:00Z,Usage,AI and Machine Learning,Bedrock,',
      'abc,10.00,usd,2026-02-01T00:00:00Z,2026-01-02T00:00:00Z,Usage,AI and Machine Learning,Bedrock,',
      '1,1,USD,2020-01-01T00:00:00Z,2020-01-02T00:00:00Z,Usage,Gardening,X,launch',
    ].join('\n');
    const r = importFocusCsv(csv, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = r.issues.map((i) => `${i.line}:${i.column}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '3:BilledCost',
        '3:BillingCurrency',
        '3:ChargePeriodEnd',
        '4:ChargePeriodStart',
        '4:ServiceCategory',
        '4:x_Phase',
      ]),
    );
    expect(r.issues.some((i) => i.line === 2)).toBe(false);
  });

  it('names missing required columns', () => {
    const r = importFocusCsv('BilledCost,EffectiveCost\n1,1\n', opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.column)).toContain('ChargePeriodStart');
  });
});
