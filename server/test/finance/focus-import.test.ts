// FOCUS bill parsing (pure): row by row, every allowed ServiceCategory and ChargeCategory, credits,
// mapping to initiatives, and content keys for idempotent re-import. Column names and allowed values
// from the FOCUS 1.3 requirements model (../fixtures/focus/SOURCES.md).
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/finance/csv.js';
import { FOCUS_CHARGE_CATEGORIES, FOCUS_SERVICE_CATEGORIES } from '../../src/finance/focus-columns.js';
import { exportInferenceFocusCsv } from '../../src/finance/focus-csv.js';
import {
  parseFocusBill,
  parseFocusDateTime,
  totalsByItem,
  type FocusImportOptions,
  type FocusTarget,
} from '../../src/finance/focus-import.js';

const target = (id: string, startMonth = '2026-01'): FocusTarget => ({
  id,
  name: `Initiative ${id}`,
  startMonth,
  horizonMonths: 12,
  phase: 'production',
});
const targets = new Map(['a', 'b', 'c'].map((id) => [id, target(id)]));
const opts: FocusImportOptions = { targets, rules: [], defaultInitiativeId: 'a' };

const COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ServiceCategory',
  'ServiceName',
  'SubAccountName',
  'Tags',
  'x_Phase',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;
const usage: Row = {
  BilledCost: '12',
  EffectiveCost: '10',
  BillingCurrency: 'USD',
  ChargePeriodStart: '2026-02-01T00:00:00Z',
  ChargePeriodEnd: '2026-02-02T00:00:00Z',
  ChargeCategory: 'Usage',
  ServiceCategory: 'AI and Machine Learning',
  ServiceName: 'Bedrock',
};
const bill = (...rows: Row[]) => formatCsv(COLUMNS, rows);

function parsed(text: string, options = opts) {
  const r = parseFocusBill(text, options);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r;
}

describe('parseFocusBill', () => {
  it('sums EffectiveCost per month, category, phase and service; keeps BilledCost; nets credits', () => {
    const r = parsed(
      bill(
        usage,
        {
          ...usage,
          BilledCost: '6',
          EffectiveCost: '5',
          ChargePeriodStart: '2026-02-03T00:00:00Z',
          ChargePeriodEnd: '2026-02-04T00:00:00Z',
        },
        { ...usage, ChargeCategory: 'Credit', BilledCost: '-4', EffectiveCost: '-4' },
        {
          ...usage,
          ServiceCategory: 'Compute',
          ServiceName: 'EC2',
          ChargePeriodStart: '2026-03-01T00:00:00Z',
          ChargePeriodEnd: '2026-04-01T00:00:00Z',
          x_Phase: 'pilot',
        },
      ),
    );
    expect(r.skipped).toEqual([]);
    const items = totalsByItem(r.charges);
    expect(items.map((i) => [i.name, i.month, i.category, i.phase, i.effectiveCost, i.billedCost])).toEqual([
      ['Bedrock', 1, 'software', 'production', 10 + 5 - 4, 12 + 6 - 4],
      ['EC2', 2, 'infrastructure', 'pilot', 10, 12],
    ]);
  });

  it('imports the good rows and reports each bad one by CSV line and column', () => {
    const text = bill(
      usage,
      { ...usage, BilledCost: 'abc' },
      { ...usage, BillingCurrency: 'usd' },
      { ...usage, ChargePeriodEnd: '2026-01-02T00:00:00Z' },
      { ...usage, ServiceName: 'multi\nline' },
      { ...usage, ServiceCategory: 'Gardening' },
      { ...usage, ChargeCategory: 'Refund' },
      { ...usage, ChargePeriodStart: '2020-01-01T00:00:00Z', ChargePeriodEnd: '2020-01-02T00:00:00Z' },
      { ...usage, x_Phase: 'launch' },
      { ...usage, EffectiveCost: '' },
    );
    const r = parsed(text);
    expect(r.rows).toBe(10);
    expect(r.charges.map((c) => c.line)).toEqual([2, 6]); // the multi-line row starts on line 6
    expect(r.skipped.map((s) => `${s.line}:${s.column}`)).toEqual([
      '3:BilledCost',
      '4:BillingCurrency',
      '5:ChargePeriodEnd',
      '8:ServiceCategory',
      '9:ChargeCategory',
      '10:ChargePeriodStart',
      '11:x_Phase',
      '12:EffectiveCost',
    ]);
    expect(r.skipped[7]!.reason).toMatch(/is null; FOCUS requires a decimal number/);
    expect(r.skipped[5]!.reason).toMatch(/outside initiative "Initiative a" \(2026-01 … 2026-12\)/);
  });

  it('accepts every FOCUS ServiceCategory and ChargeCategory, and negative costs', () => {
    const rows = FOCUS_SERVICE_CATEGORIES.flatMap((s, i) =>
      FOCUS_CHARGE_CATEGORIES.map((c) => ({
        ...usage,
        ServiceCategory: s,
        ChargeCategory: c,
        BilledCost: String(-i - 0.5),
        EffectiveCost: String(i % 2 ? -i : i),
      })),
    );
    const r = parsed(bill(...rows));
    expect(r.skipped).toEqual([]);
    expect(r.charges).toHaveLength(19 * 5);
    const byService = new Map(r.charges.map((c) => [c.name, c.category]));
    expect(byService.size).toBe(1); // all are named "Bedrock": check categories per ServiceCategory instead
    const cat = (s: string) => r.charges.find((c, k) => rows[k]!.ServiceCategory === s)!.category;
    expect([cat('Compute'), cat('Storage'), cat('Web')]).toEqual([
      'infrastructure',
      'infrastructure',
      'infrastructure',
    ]);
    expect([cat('Databases'), cat('Analytics'), cat('Integration')]).toEqual([
      'data-engineering',
      'data-engineering',
      'data-engineering',
    ]);
    expect([cat('Security'), cat('Identity')]).toEqual(['security-compliance', 'security-compliance']);
    expect([cat('Other'), cat('AI and Machine Learning'), cat('Migration')]).toEqual([
      'software',
      'software',
      'change-management',
    ]);
  });

  it('refuses a file without a required column, naming it; an empty file and broken quoting', () => {
    const r = parseFocusBill('BilledCost,EffectiveCost\n1,1\n', opts);
    expect(!r.ok && r.issues.map((i) => i.column)).toEqual([
      'BillingCurrency',
      'ChargePeriodStart',
      'ChargePeriodEnd',
      'ChargeCategory',
      'ServiceCategory',
    ]);
    expect(parseFocusBill('', opts).ok).toBe(false);
    const broken = parseFocusBill(`${COLUMNS.join(',')}\n"1,2`, opts);
    expect(!broken.ok && broken.issues[0]!.line).toBe(2);
  });

  it('maps rows by rule (tag, then column), then the yardstick tag, then the default', () => {
    const rules = [
      { tag: 'env', equals: 'prod', initiativeId: 'b' },
      { column: 'SubAccountName', equals: 'Atlas', initiativeId: 'c' },
    ];
    const text = bill(
      { ...usage, Tags: '{"env": "prod"}', SubAccountName: 'Atlas' },
      { ...usage, Tags: '{"env": "dev"}', SubAccountName: 'Atlas' },
      { ...usage, Tags: '{"yardstick/initiativeId": "b"}' },
      { ...usage, Tags: 'NULL' },
      { ...usage, Tags: '{"yardstick/initiativeId": "unknown"}' },
    );
    expect(
      parsed(text, { targets, rules, defaultInitiativeId: 'a' }).charges.map((c) => c.initiativeId),
    ).toEqual(['b', 'c', 'b', 'a', 'a']);
    const none = parsed(text, { targets, rules });
    expect(none.charges.map((c) => c.line)).toEqual([2, 3, 4]);
    expect(none.skipped.map((s) => `${s.line}:${s.column}`)).toEqual(['5:Tags', '6:Tags']);
    expect(none.skipped[0]!.reason).toMatch(/no mapping rule matches/);
  });

  it('reads the null spelling NULL and date-times without T or zone as UTC, as bills write them', () => {
    expect(parseFocusDateTime('2024-09-18 22:00:00')).toBe(Date.UTC(2024, 8, 18, 22));
    expect(parseFocusDateTime('2024-09-18T22:00:00Z')).toBe(Date.UTC(2024, 8, 18, 22));
    expect(parseFocusDateTime('2024-09-18T22:00:00.500+02:00')).toBe(Date.UTC(2024, 8, 18, 20, 0, 0, 500));
    expect(parseFocusDateTime('2024-02-30T00:00:00Z')).toBeNull();
    expect(parseFocusDateTime('18/09/2024')).toBeNull();
    const r = parsed(bill({ ...usage, ServiceName: 'NULL', x_Phase: 'NULL' }));
    expect(r.charges[0]).toMatchObject({ name: 'AI and Machine Learning', phase: 'production' });
  });

  it('gives identical rows distinct keys, and the same keys whatever the column order', () => {
    const text = bill(usage, usage, { ...usage, EffectiveCost: '11' });
    const keys = parsed(text).charges.map((c) => c.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]!.split(':')[0]).toBe(keys[1]!.split(':')[0]);
    const reversed = [...COLUMNS].reverse();
    const again = parsed(formatCsv(reversed, [usage, usage, { ...usage, EffectiveCost: '11' }]));
    expect(again.charges.map((c) => c.key)).toEqual(keys);
  });

  it("maps Yardstick's own export back to its initiative by the yardstick/initiativeId tag", () => {
    const text = exportInferenceFocusCsv([
      {
        chargePeriodStart: '2026-03-01',
        chargePeriodEnd: '2026-04-01',
        devices: 2,
        hoursPerDevice: 730,
        hourlyCostPerDevice: 10,
        currency: 'USD',
        tokens: 1e9,
        model: 'llama-3.1-8b',
        quantization: 'fp8',
        hardware: '1x H100',
        phase: 'pilot',
        initiative: { id: 'c', name: '=HYPERLINK("x")' },
        option: { id: 'opt-1', name: 'Owned H100' },
        sku: { id: 'hw-1', priceId: 'price-1', pricing: 'OWNED' },
      },
    ]);
    const r = parsed(text, { targets, rules: [] });
    expect(r.charges).toEqual([
      expect.objectContaining({
        initiativeId: 'c',
        month: 2,
        category: 'software',
        phase: 'pilot',
        name: 'Self-hosted inference',
        chargeCategory: 'Usage',
        billedCost: 14600,
        effectiveCost: 14600,
      }),
    ]);
  });
});
