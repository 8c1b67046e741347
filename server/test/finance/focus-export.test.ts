// The FOCUS 1.3 export checked against the FinOps Foundation's requirements models (1.3, and the
// 1.2 model bundled with focus_validator 2.0.1; sources in ../fixtures/focus/SOURCES.md), and the
// vocabulary of focus-columns.ts checked against the 1.3 model it was taken from.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/finance/csv.js';
import {
  FOCUS_CHARGE_CATEGORIES,
  FOCUS_CHARGE_FREQUENCIES,
  FOCUS_MANDATORY_COLUMNS,
  FOCUS_SERVICE_CATEGORIES,
  SERVICE_CATEGORY_TO_TCO,
} from '../../src/finance/focus-columns.js';
import {
  exportInferenceFocusCsv,
  FOCUS_EXPORT_APPLICABILITY,
  FOCUS_EXPORT_COLUMNS,
  type InferenceCostRow,
} from '../../src/finance/focus-csv.js';
import { COST_CATEGORIES } from '../../src/finance/model.js';
import { checkFocusCsv, focusModel12, focusModel13, type ModelRule } from '../support/focus-rule-model.js';

const m13 = focusModel13();

/** Values of the CheckValue items of a rule's requirement (an allowed-values list). */
function allowed(rule: ModelRule): string[] {
  const out: string[] = [];
  const walk = (r: { CheckFunction?: string; Value?: unknown; Items?: unknown[] }) => {
    if (r.CheckFunction === 'CheckValue' && typeof r.Value === 'string') out.push(r.Value);
    for (const i of r.Items ?? []) walk(i as typeof r);
  };
  walk(rule.ValidationCriteria.Requirement);
  return out;
}

describe('FOCUS 1.3 vocabulary equals the requirements model', () => {
  it('mandatory columns: the unconditional MUST presence rules of the Cost and Usage dataset', () => {
    const fromModel = Object.entries(m13.rules)
      .filter(
        ([id, r]) =>
          id.startsWith('CAU-CostAndUsage-D-') &&
          r.ValidationCriteria.Requirement?.CheckFunction === 'ColumnPresent' &&
          r.ValidationCriteria.Keyword === 'MUST' &&
          r.ApplicabilityCriteria.length === 0,
      )
      .map(([, r]) => r.ValidationCriteria.Requirement.ColumnName as string);
    expect([...FOCUS_MANDATORY_COLUMNS].sort()).toEqual(fromModel.sort());
  });

  it('allowed ServiceCategory, ChargeCategory and ChargeFrequency values', () => {
    expect(allowed(m13.rules['CAU-ServiceCategory-C-003-M']!)).toEqual([...FOCUS_SERVICE_CATEGORIES]);
    expect(FOCUS_SERVICE_CATEGORIES).toHaveLength(19);
    expect(allowed(m13.rules['CAU-ChargeCategory-C-003-M']!)).toEqual([...FOCUS_CHARGE_CATEGORIES]);
    expect(allowed(m13.rules['CAU-ChargeFrequency-C-003-M']!)).toEqual([...FOCUS_CHARGE_FREQUENCIES]);
  });

  it('every ServiceCategory has a TCO category', () => {
    for (const c of FOCUS_SERVICE_CATEGORIES) expect(COST_CATEGORIES).toContain(SERVICE_CATEGORY_TO_TCO[c]);
  });
});

const month = (i: number) => new Date(Date.UTC(2026, i, 1)).toISOString().slice(0, 10);
const rows: InferenceCostRow[] = [1, 1, 2, 3].map((devices, i) => ({
  chargePeriodStart: month(i),
  chargePeriodEnd: month(i + 1),
  devices,
  hoursPerDevice: 730,
  hourlyCostPerDevice: 10.37,
  currency: 'USD',
  tokens: 7e8 * 1.1 ** i,
  model: 'llama-3.1-8b',
  quantization: 'fp8',
  hardware: '1x H100 owned',
  phase: 'pilot',
  initiative: { id: 'ini-1', name: 'Ticket triage' },
  option: { id: 'opt-1', name: 'Owned H100' },
  sku: { id: 'hw-1', priceId: 'price-1', pricing: 'OWNED' },
}));

describe('FOCUS 1.3 export', () => {
  const csv = exportInferenceFocusCsv(rows);

  it.each([
    [m13, 150],
    [focusModel12(), 140],
  ])('$name: every checkable MUST rule passes', (model, atLeast) => {
    const result = checkFocusCsv(model, csv, FOCUS_EXPORT_APPLICABILITY);
    expect(result.mustFailed).toEqual([]);
    expect(result.mustUnsupported).toEqual([]);
    expect(result.mustLeaves.length).toBeGreaterThanOrEqual(atLeast);
  });

  it('carries every mandatory column, FOCUS columns before x_ columns', () => {
    const header = parseCsv(csv)[0]!.fields;
    expect(header).toEqual([...FOCUS_EXPORT_COLUMNS]);
    for (const c of FOCUS_MANDATORY_COLUMNS) expect(header).toContain(c);
    const firstCustom = header.findIndex((h) => h.startsWith('x_'));
    expect(header.slice(firstCustom).every((h) => h.startsWith('x_'))).toBe(true);
  });

  it('prices device-hours: quantity × unit price = every cost column; periods are calendar months', () => {
    const [header, ...data] = parseCsv(csv).map((r) => r.fields);
    const get = (r: string[], c: string) => r[header!.indexOf(c)]!;
    data.forEach((r, i) => {
      const hours = rows[i]!.devices * 730;
      expect(Number(get(r, 'PricingQuantity'))).toBe(hours);
      expect(get(r, 'PricingUnit')).toBe('Hours');
      expect(Number(get(r, 'ListUnitPrice'))).toBe(10.37);
      for (const c of ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'])
        expect(Number(get(r, c))).toBeCloseTo(hours * 10.37, 9);
      expect(get(r, 'ChargePeriodStart')).toBe(`${month(i)}T00:00:00Z`);
      expect(get(r, 'BillingPeriodStart')).toBe(get(r, 'ChargePeriodStart'));
      expect(get(r, 'BillingPeriodEnd')).toBe(`${month(i + 1)}T00:00:00Z`);
      expect([get(r, 'BillingAccountId'), get(r, 'BillingAccountName')]).toEqual(['ini-1', 'Ticket triage']);
      expect([get(r, 'ResourceId'), get(r, 'ResourceName')]).toEqual(['opt-1', 'Owned H100']);
      expect([get(r, 'SkuId'), get(r, 'SkuPriceId')]).toEqual(['hw-1', 'price-1']);
      expect(get(r, 'ChargeClass')).toBe('');
      expect(get(r, 'HostProviderName')).toBe(get(r, 'ServiceProviderName'));
      expect(JSON.parse(get(r, 'Tags'))).toEqual({
        'yardstick/initiativeId': 'ini-1',
        'yardstick/deploymentOptionId': 'opt-1',
      });
    });
  });
});
