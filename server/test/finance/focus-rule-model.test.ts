// The FOCUS requirements-model evaluator (../support/focus-rule-model.ts) must be able to fail: it
// fails the export as this project wrote it before FOCUS 1.3 conformance (on exactly the presence
// rules of the mandatory columns it lacked), and it fails one named rule for each defect planted in
// an otherwise conforming dataset.
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../src/finance/csv.js';
import {
  exportInferenceFocusCsv,
  FOCUS_EXPORT_APPLICABILITY,
  type InferenceCostRow,
} from '../../src/finance/focus-csv.js';
import { checkFocusCsv, focusModel12, focusModel13, type FocusModel } from '../support/focus-rule-model.js';

/**
 * The output of server/src/finance/focus-csv.ts exportInferenceFocusCsv as on main at commit c318ea9 (before
 * this change) for two months of one option: 18 columns.
 */
const EXPORT_BEFORE = [
  'BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeDescription,ServiceCategory,ServiceSubcategory,ServiceName,ResourceId,ConsumedQuantity,ConsumedUnit,x_Model,x_Quantization,x_Hardware,x_Phase',
  '7300,7300,7300,USD,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,Usage,Self-hosted inference: llama-3.1-8b (fp8) on 1x H100 owned,AI and Machine Learning,Generative AI,Self-hosted inference,opt-1,700000000,Tokens,llama-3.1-8b,fp8,1x H100 owned,pilot',
  '14600,14600,14600,USD,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,Usage,Self-hosted inference: llama-3.1-8b (fp8) on 1x H100 owned,AI and Machine Learning,Generative AI,Self-hosted inference,opt-1,770000000,Tokens,llama-3.1-8b,fp8,1x H100 owned,pilot',
].join('\r\n');

/** The model's unconditional "X MUST be present" rules, by column. */
function mandatoryPresence(model: FocusModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries(model.rules)) {
    const req = r.ValidationCriteria.Requirement;
    if (
      /^(CAU-)?CostAndUsage-D-/.test(id) &&
      req?.CheckFunction === 'ColumnPresent' &&
      r.EntityType === 'Dataset' &&
      r.ValidationCriteria.Keyword === 'MUST' &&
      r.ApplicabilityCriteria.length === 0
    )
      out.set(req.ColumnName as string, id);
  }
  return out;
}

describe('the requirements-model check fails the export written before FOCUS 1.3 conformance', () => {
  it.each([
    [focusModel13(), 13],
    [focusModel12(), 11],
  ])('$name: the presence rules of the missing mandatory columns fail, nothing else', (model, missing) => {
    const header = parseCsv(EXPORT_BEFORE)[0]!.fields;
    const presence = mandatoryPresence(model);
    const expected = [...presence].filter(([col]) => !header.includes(col)).map(([, id]) => id);
    expect(expected).toHaveLength(missing);
    const result = checkFocusCsv(model, EXPORT_BEFORE, ['USAGE_MEASUREMENT_SUPPORTED']);
    const leaves = result.mustFailed.filter((o) => !o.reason.startsWith('failed sub-rules'));
    // 1.3 also fails "ConsumedQuantity MUST be null when SkuPriceId is null": the old export had no SkuPriceId.
    const extra = model.name === 'FOCUS 1.3' ? ['CAU-ConsumedQuantity-C-009-C'] : [];
    expect(leaves.map((o) => o.id).sort()).toEqual([...expected, ...extra].sort());
  });
});

const row: InferenceCostRow = {
  chargePeriodStart: '2026-01-01',
  chargePeriodEnd: '2026-02-01',
  devices: 2,
  hoursPerDevice: 730,
  hourlyCostPerDevice: 10.37,
  currency: 'USD',
  tokens: 7e8,
  model: 'llama-3.1-8b',
  quantization: 'fp8',
  hardware: '1x H100 owned',
  phase: 'pilot',
  initiative: { id: 'ini-1', name: 'Ticket triage' },
  option: { id: 'opt-1', name: 'Owned H100' },
  sku: { id: 'hw-1', priceId: 'price-1', pricing: 'OWNED' },
};

/** The conforming export with one cell (or a column) changed in every row. */
function planted(change: Record<string, string>): string {
  const [header, ...rows] = parseCsv(exportInferenceFocusCsv([row, { ...row, devices: 3 }])).map(
    (r) => r.fields,
  );
  const records = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  records.forEach((r, i) => Object.assign(r, change, i === 1 && change.SkuId ? { SkuId: 'hw-2' } : {}));
  return formatCsv(header!, records);
}

describe('one planted defect, one failing rule (FOCUS 1.3 model)', () => {
  const model = focusModel13();
  it('the conforming dataset passes', () => {
    expect(checkFocusCsv(model, planted({}), FOCUS_EXPORT_APPLICABILITY).mustFailed).toEqual([]);
  });

  it.each([
    [{ ChargeCategory: 'Refund' }, 'CAU-ChargeCategory-C-003-M'],
    [{ ServiceCategory: 'Gardening' }, 'CAU-ServiceCategory-C-003-M'],
    [{ ServiceSubcategory: 'Virtual Machines' }, 'CAU-ServiceSubcategory-C-004-M'],
    [{ BillingCurrency: 'usd' }, 'CAU-BillingCurrency-C-003-M'],
    [{ BillingCurrency: 'XYZ' }, 'CAU-BillingCurrency-C-006-M'],
    [{ ChargePeriodStart: '2026-01-01 00:00:00' }, 'CAU-ChargePeriodStart-C-002-M'],
    [{ BillingPeriodEnd: 'next month' }, 'CAU-BillingPeriodEnd-C-001-M'],
    [{ ListCost: '1' }, 'CAU-ListCost-C-011-C'],
    [{ ContractedCost: '1' }, 'CAU-ContractedCost-C-011-C'],
    [{ EffectiveCost: '12,5' }, 'CAU-EffectiveCost-C-002-M'],
    [{ BilledCost: '' }, 'CAU-BilledCost-C-003-M'],
    [{ ChargeClass: 'Refund' }, 'CAU-ChargeClass-C-005-C'],
    [{ PricingQuantity: '', PricingUnit: '' }, 'CAU-PricingQuantity-C-005-C'],
    [{ PricingUnit: '' }, 'CAU-PricingUnit-C-006-C'],
    [{ ConsumedUnit: '' }, 'CAU-ConsumedUnit-C-006-C'],
    [{ HostProviderName: 'Caf\u00e9 Cloud' }, 'CAU-HostProviderName-C-002-M'],
    [{ Tags: '["not", "an", "object"]' }, 'CAU-Tags-C-001-M'],
    [{ SkuPriceDetails: '{"x_Nested": {"a": 1}}' }, 'CAU-SkuPriceDetails-C-001-M'],
    [{ SkuId: 'hw-1' }, 'CAU-SkuPriceId-C-008-M'],
    [{ ListUnitPrice: '-1' }, 'CAU-ListUnitPrice-C-008-M'],
    [{ ResourceType: '' }, 'CAU-ResourceType-C-005-C'],
  ])('%j fails %s', (change, ruleId) => {
    const result = checkFocusCsv(model, planted(change), FOCUS_EXPORT_APPLICABILITY);
    expect(result.mustFailed.map((o) => o.id)).toContain(ruleId);
    expect(result.outcomes.get('CAU-CostAndUsage-D-000-M')!.status).toBe('fail');
  });

  it('a dropped mandatory column fails its presence rule; its own column rules are skipped', () => {
    const [header, ...rows] = parseCsv(planted({})).map((r) => r.fields);
    const keep = header!.map((h, i) => (h === 'ServiceProviderName' ? -1 : i)).filter((i) => i >= 0);
    const csv = formatCsv(
      keep.map((i) => header![i]!),
      rows.map((r) => Object.fromEntries(keep.map((i) => [header![i]!, r[i]!]))),
    );
    const result = checkFocusCsv(model, csv, FOCUS_EXPORT_APPLICABILITY);
    expect(result.outcomes.get('CAU-CostAndUsage-D-076-M')!.status).toBe('fail');
    expect(result.outcomes.get('CAU-ServiceProviderName-C-001-M')!.status).toBe('skip');
  });

  it('a condition limits a rule to the rows it selects', () => {
    // ChargeClass MUST be "Correction" only where it is not null; a null ChargeClass passes.
    const result = checkFocusCsv(model, planted({ ChargeClass: '' }), FOCUS_EXPORT_APPLICABILITY);
    expect(result.outcomes.get('CAU-ChargeClass-C-005-C')!.status).toBe('pass');
    // Tax rows must have null PricingQuantity: ours are Usage rows, so a Tax-only rule selects none.
    expect(result.outcomes.get('CAU-PricingQuantity-C-004-C')!.status).toBe('pass');
  });
});
