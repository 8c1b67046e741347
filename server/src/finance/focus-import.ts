/**
 * FinOps FOCUS 1.3 import (pure parse, no I/O): FOCUS cost rows → cost items (EffectiveCost for TCO;
 * BilledCost kept for reconciliation). All or nothing: any bad row → no items, and every problem with
 * its line and column.
 */
import { parseCsv, CsvSyntaxError } from './csv.js';
import { PHASES, type CostCategory, type CostItem, type Phase } from './model.js';

export const FOCUS_REQUIRED_IMPORT_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ServiceCategory',
] as const;

export interface FocusImportIssue {
  /** 1-based line in the file (header = 1). */
  line: number;
  /** FOCUS column name, or '' for a whole-row problem. */
  column: string;
  message: string;
}

export interface FocusImportOptions {
  /** Initiative start, `YYYY-MM` or an ISO date; month index 0 is this month (UTC). */
  startMonth: string;
  horizonMonths: number;
  /** Phase for rows without an `x_Phase` column value. */
  defaultPhase: Phase;
}

export type FocusImportResult =
  | {
      ok: true;
      costItems: CostItem[];
      /** Sums per currency: BilledCost (invoice basis) vs EffectiveCost (amortised, used for TCO). */
      reconciliation: { currency: string; billedCost: number; effectiveCost: number; rows: number }[];
    }
  | { ok: false; issues: FocusImportIssue[] };

/** FOCUS ServiceCategory → TCO category (FINANCE.md: API usage and platform fees are software). */
const SERVICE_CATEGORY_TO_TCO: Record<string, CostCategory> = {
  'AI and Machine Learning': 'software',
  Compute: 'infrastructure',
  Storage: 'infrastructure',
  Networking: 'infrastructure',
  Databases: 'data-engineering',
  Analytics: 'data-engineering',
  Security: 'security-compliance',
  Identity: 'security-compliance',
};

const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;

function monthIndex(value: string, start: { y: number; m: number }): number | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const d = new Date(value.trim().length <= 7 ? `${value.trim()}-01T00:00:00Z` : value.trim());
  if (Number.isNaN(d.getTime())) return null;
  return (d.getUTCFullYear() - start.y) * 12 + (d.getUTCMonth() + 1 - start.m);
}

/**
 * Imports FOCUS rows into cost items, one one-time item per (month, TCO category, phase, currency,
 * ServiceName) with the summed EffectiveCost.
 * Example: two rows for "AI and Machine Learning" in 2026-02 with EffectiveCost 10 and 5, start
 * 2026-01 → one item { category: 'software', recurrence: 'one-time', startMonth: 1, amount: 15 }.
 */
export function importFocusCsv(text: string, options: FocusImportOptions): FocusImportResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return { ok: false, issues: [{ line: e.line, column: '', message: e.message }] };
    throw e;
  }
  const header = records[0];
  if (!header) return { ok: false, issues: [{ line: 1, column: '', message: 'the file is empty' }] };
  const col = new Map(header.fields.map((h, i) => [h.trim(), i]));
  const missing = FOCUS_REQUIRED_IMPORT_COLUMNS.filter((c) => !col.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((c) => ({
        line: 1,
        column: c,
        message: 'required FOCUS column is missing from the header',
      })),
    };
  }
  const sm = /^(\d{4})-(\d{2})/.exec(options.startMonth);
  if (!sm) throw new RangeError(`startMonth must be YYYY-MM (got "${options.startMonth}")`);
  const start = { y: Number(sm[1]), m: Number(sm[2]) };
  const issues: FocusImportIssue[] = [];
  const items = new Map<string, CostItem>();
  const recon = new Map<
    string,
    { currency: string; billedCost: number; effectiveCost: number; rows: number }
  >();
  for (const rec of records.slice(1)) {
    const get = (c: string) => (col.has(c) ? (rec.fields[col.get(c)!] ?? '').trim() : '');
    const bad = (column: string, message: string) => issues.push({ line: rec.line, column, message });
    if (rec.fields.length !== header.fields.length) {
      bad('', `has ${rec.fields.length} fields, the header has ${header.fields.length}`);
      continue;
    }
    const num = (c: string): number | null => {
      const v = get(c);
      if (v === '' || !Number.isFinite(Number(v))) {
        bad(c, `must be a decimal number (got "${v}")`);
        return null;
      }
      return Number(v);
    };
    const billed = num('BilledCost');
    const effective = num('EffectiveCost');
    const currency = get('BillingCurrency');
    if (!/^[A-Z]{3}$/.test(currency))
      bad('BillingCurrency', `must be an ISO 4217 code such as USD (got "${currency}")`);
    const month = monthIndex(get('ChargePeriodStart'), start);
    if (month === null)
      bad('ChargePeriodStart', `must be an ISO 8601 date-time (got "${get('ChargePeriodStart')}")`);
    else if (month < 0 || month >= options.horizonMonths) {
      bad(
        'ChargePeriodStart',
        `falls outside the initiative's ${options.horizonMonths} months from ${options.startMonth}`,
      );
    }
    const endMs = Date.parse(get('ChargePeriodEnd'));
    if (Number.isNaN(endMs))
      bad('ChargePeriodEnd', `must be an ISO 8601 date-time (got "${get('ChargePeriodEnd')}")`);
    else if (endMs <= Date.parse(get('ChargePeriodStart')))
      bad('ChargePeriodEnd', 'must be after ChargePeriodStart (the end is exclusive)');
    const category = SERVICE_CATEGORY_TO_TCO[get('ServiceCategory')];
    if (!category)
      bad(
        'ServiceCategory',
        `"${get('ServiceCategory')}" has no TCO category; expected one of ${Object.keys(SERVICE_CATEGORY_TO_TCO).join(', ')}`,
      );
    const phase = (get('x_Phase') || options.defaultPhase) as Phase;
    if (!PHASES.includes(phase)) bad('x_Phase', `must be one of ${PHASES.join(', ')} (got "${phase}")`);
    if (
      billed === null ||
      effective === null ||
      month === null ||
      !category ||
      issues.some((x) => x.line === rec.line)
    )
      continue;
    const service = get('ServiceName');
    const key = [month, category, phase, currency, service].join('|');
    const item = items.get(key);
    if (item) item.amount = (item.amount as number) + effective;
    else {
      items.set(key, {
        id: `focus-${month}-${category}-${phase}-${currency}${service ? `-${service}` : ''}`,
        name: service || get('ServiceCategory'),
        category,
        phase,
        recurrence: 'one-time',
        startMonth: month,
        amount: effective,
        currency,
      });
    }
    const r = recon.get(currency) ?? { currency, billedCost: 0, effectiveCost: 0, rows: 0 };
    r.billedCost += billed;
    r.effectiveCost += effective;
    r.rows++;
    recon.set(currency, r);
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, costItems: [...items.values()], reconciliation: [...recon.values()] };
}
