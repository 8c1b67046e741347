/**
 * FinOps FOCUS bill import (pure parse, no I/O): a FOCUS Cost and Usage CSV (1.0 … 1.3 share the
 * columns read here) → one charge per row, mapped to an initiative, or the row skipped with the CSV
 * line, the column and the reason. Only a file that cannot be read at all (CSV syntax, a missing
 * required column) is refused as a whole. Storing the charges, and not storing a row twice, is
 * finance-api/focus.service.ts's job; each charge carries a content key for that.
 */
import { createHash } from 'node:crypto';
import { CsvSyntaxError, parseCsv, unescapeFormula } from './csv.js';
import {
  FOCUS_CHARGE_CATEGORIES,
  FOCUS_SERVICE_CATEGORIES,
  INITIATIVE_TAG,
  SERVICE_CATEGORY_TO_TCO,
  type FocusChargeCategory,
  type FocusServiceCategory,
} from './focus-columns.js';
import { PHASES, type CostCategory, type Phase } from './model.js';

/** Columns every FOCUS version since 1.0 requires and the import reads. */
export const FOCUS_REQUIRED_IMPORT_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ServiceCategory',
] as const;

/** A row (or the file) not imported: 1-based CSV line (header = 1), FOCUS column ('' = whole row). */
export interface FocusRowIssue {
  line: number;
  column: string;
  reason: string;
}

/** Sends rows whose Tags key `tag` (or column `column`) equals `equals` to `initiativeId`. */
export interface FocusMappingRule {
  tag?: string;
  column?: string;
  equals: string;
  initiativeId: string;
}

/** An initiative rows can be mapped to: its horizon decides which months fit. */
export interface FocusTarget {
  id: string;
  name: string;
  /** First month of the horizon, `YYYY-MM` (UTC). */
  startMonth: string;
  horizonMonths: number;
  /** Phase of rows without `x_Phase`. */
  phase: Phase;
}

export interface FocusImportOptions {
  /** Initiatives rows may map to, by id (rules and the `yardstick/initiativeId` tag name them). */
  targets: ReadonlyMap<string, FocusTarget>;
  /** Tried in order; the first that matches a row decides its initiative. */
  rules: readonly FocusMappingRule[];
  /** Initiative of rows no rule or tag maps. */
  defaultInitiativeId?: string;
}

/** One imported row. */
export interface FocusCharge {
  line: number;
  /** SHA-256 of the row's cells by column name, plus its occurrence among identical rows of the file. */
  key: string;
  initiativeId: string;
  /** 0-based month of the initiative's horizon in which the charge period starts. */
  month: number;
  category: CostCategory;
  phase: Phase;
  currency: string;
  /** ServiceName, or the ServiceCategory when a row has none. */
  name: string;
  chargeCategory: FocusChargeCategory;
  billedCost: number;
  effectiveCost: number;
}

export type FocusParseResult =
  | { ok: true; rows: number; charges: FocusCharge[]; skipped: FocusRowIssue[] }
  | { ok: false; issues: FocusRowIssue[] };

const NUMBER = /^[+-]?([0-9]*[.])?[0-9]+([eE][+-]?[0-9]+)?$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A FOCUS date-time in ms since the epoch, or null. FOCUS values are UTC ('YYYY-MM-DDTHH:mm:ssZ');
 * bills in the wild also write a space for the 'T' and no zone (read as UTC, as FOCUS says every
 * date-time is), or a numeric offset.
 * Example: parseFocusDateTime('2024-09-18 22:00:00') === Date.UTC(2024, 8, 18, 22).
 */
export function parseFocusDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.floor(Number(`0.${frac || 0}`) * 1000));
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59)
    return null;
  if (zone === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
  return ms - sign * (oh * 60 + om) * 60_000;
}

/**
 * Parses a FOCUS CSV into charges mapped to initiatives, and the rows it skips with their reason.
 * A cell "NULL" is a null (some exporters, e.g. the FinOps Foundation's sample data, write nulls so).
 * Example: a Usage row of 2024-09 with EffectiveCost 1.5, ServiceCategory "Compute", and a target
 * starting 2024-08 → { month: 1, category: 'infrastructure', effectiveCost: 1.5, ... }.
 */
export function parseFocusBill(text: string, options: FocusImportOptions): FocusParseResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return { ok: false, issues: [{ line: e.line, column: '', reason: e.message }] };
    throw e;
  }
  const header = records[0];
  if (!header) return { ok: false, issues: [{ line: 1, column: '', reason: 'the file is empty' }] };
  const names = header.fields.map((h) => h.trim());
  const col = new Map(names.map((h, i) => [h, i]));
  const missing = FOCUS_REQUIRED_IMPORT_COLUMNS.filter((c) => !col.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((c) => ({
        line: 1,
        column: c,
        reason: 'required FOCUS column is missing from the header',
      })),
    };
  }
  const order = [...names.keys()].sort((a, b) => (names[a]! < names[b]! ? -1 : 1));
  const seen = new Map<string, number>();
  const charges: FocusCharge[] = [];
  const skipped: FocusRowIssue[] = [];
  for (const rec of records.slice(1)) {
    const skip = (column: string, reason: string) => skipped.push({ line: rec.line, column, reason });
    if (rec.fields.length !== names.length) {
      skip('', `has ${rec.fields.length} fields, the header has ${names.length}`);
      continue;
    }
    const get = (c: string): string | null => {
      const i = col.get(c);
      const v = i === undefined ? '' : rec.fields[i]!.trim();
      return v === '' || v === 'NULL' ? null : unescapeFormula(v);
    };
    const content = JSON.stringify(order.map((i) => [names[i], rec.fields[i]]));
    const digest = createHash('sha256').update(content).digest('hex');
    const occurrence = seen.get(digest) ?? 0;
    seen.set(digest, occurrence + 1);
    const row = parseRow(get, options);
    if ('column' in row) skip(row.column, row.reason);
    else charges.push({ ...row, line: rec.line, key: `${digest}:${occurrence}` });
  }
  return { ok: true, rows: records.length - 1, charges, skipped };
}

type RowIssue = { column: string; reason: string };

function parseRow(
  get: (c: string) => string | null,
  options: FocusImportOptions,
): Omit<FocusCharge, 'line' | 'key'> | RowIssue {
  const money = (c: string): number | RowIssue => {
    const v = get(c);
    if (v === null) return { column: c, reason: 'is null; FOCUS requires a decimal number' };
    if (!NUMBER.test(v) || !Number.isFinite(Number(v)))
      return { column: c, reason: `must be a decimal number such as -12.5 (got "${v}")` };
    return Number(v);
  };
  const billedCost = money('BilledCost');
  if (typeof billedCost !== 'number') return billedCost;
  const effectiveCost = money('EffectiveCost');
  if (typeof effectiveCost !== 'number') return effectiveCost;
  const currency = get('BillingCurrency') ?? '';
  if (!/^[A-Z]{3}$/.test(currency))
    return { column: 'BillingCurrency', reason: `must be an ISO 4217 code such as USD (got "${currency}")` };
  const chargeCategory = get('ChargeCategory') as FocusChargeCategory;
  if (!FOCUS_CHARGE_CATEGORIES.includes(chargeCategory))
    return {
      column: 'ChargeCategory',
      reason: `"${chargeCategory ?? ''}" is not a FOCUS ChargeCategory (${FOCUS_CHARGE_CATEGORIES.join(', ')})`,
    };
  const serviceCategory = get('ServiceCategory') as FocusServiceCategory;
  if (!FOCUS_SERVICE_CATEGORIES.includes(serviceCategory))
    return {
      column: 'ServiceCategory',
      reason: `"${serviceCategory ?? ''}" is not a FOCUS ServiceCategory (${FOCUS_SERVICE_CATEGORIES.join(', ')})`,
    };
  const startText = get('ChargePeriodStart') ?? '';
  const start = parseFocusDateTime(startText);
  if (start === null)
    return {
      column: 'ChargePeriodStart',
      reason: `must be a date-time such as 2026-01-01T00:00:00Z (got "${startText}")`,
    };
  const endText = get('ChargePeriodEnd') ?? '';
  const end = parseFocusDateTime(endText);
  if (end === null)
    return {
      column: 'ChargePeriodEnd',
      reason: `must be a date-time such as 2026-02-01T00:00:00Z (got "${endText}")`,
    };
  if (end < start) return { column: 'ChargePeriodEnd', reason: `is before ChargePeriodStart (${startText})` };
  const phaseText = get('x_Phase');
  if (phaseText !== null && !PHASES.includes(phaseText as Phase))
    return { column: 'x_Phase', reason: `must be one of ${PHASES.join(', ')} (got "${phaseText}")` };

  const mapped = mapRow(get, options);
  if ('column' in mapped) return mapped;
  const target = mapped.target;
  const [y, m] = target.startMonth.split('-').map(Number) as [number, number];
  const when = new Date(start);
  const month = (when.getUTCFullYear() - y) * 12 + (when.getUTCMonth() + 1 - m);
  if (month < 0 || month >= target.horizonMonths) {
    const last = new Date(Date.UTC(y, m - 1 + target.horizonMonths - 1, 1)).toISOString().slice(0, 7);
    return {
      column: 'ChargePeriodStart',
      reason: `${startText} is outside initiative "${target.name}" (${target.startMonth} … ${last})`,
    };
  }
  return {
    initiativeId: target.id,
    month,
    category: SERVICE_CATEGORY_TO_TCO[serviceCategory],
    phase: (phaseText as Phase | null) ?? target.phase,
    currency,
    name: get('ServiceName') ?? serviceCategory,
    chargeCategory,
    billedCost,
    effectiveCost,
  };
}

/** The initiative of a row: the first matching rule, then the yardstick tag, then the default. */
function mapRow(
  get: (c: string) => string | null,
  options: FocusImportOptions,
): { target: FocusTarget } | RowIssue {
  let tags: Record<string, unknown> | null | undefined;
  const tagsOf = (): Record<string, unknown> | null => {
    if (tags !== undefined) return tags;
    const text = get('Tags');
    try {
      const parsed = text === null ? null : (JSON.parse(text) as unknown);
      tags =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : null;
    } catch {
      tags = null;
    }
    return tags;
  };
  const tagValue = (key: string) => {
    const v = tagsOf()?.[key];
    return v === undefined || v === null ? null : String(v);
  };
  const hit = options.rules.find((r) =>
    r.tag !== undefined ? tagValue(r.tag) === r.equals : get(r.column!) === r.equals,
  );
  const tagged = tagsOf()?.[INITIATIVE_TAG];
  const id =
    hit?.initiativeId ??
    (typeof tagged === 'string' && options.targets.has(tagged) ? tagged : undefined) ??
    options.defaultInitiativeId;
  const target = id === undefined ? undefined : options.targets.get(id);
  if (!target) {
    const first = options.rules[0];
    return {
      column: first === undefined ? '' : first.tag !== undefined ? 'Tags' : first.column!,
      reason: 'no mapping rule matches the row and no initiative was given for unmatched rows',
    };
  }
  return { target };
}

/** Charges summed into one cost item each: same initiative, month, category, phase, currency, name. */
export interface FocusItemTotal {
  initiativeId: string;
  month: number;
  category: CostCategory;
  phase: Phase;
  currency: string;
  name: string;
  effectiveCost: number;
  billedCost: number;
  charges: FocusCharge[];
}

/**
 * Sums charges per (initiative, month, TCO category, phase, currency, name): EffectiveCost is the
 * cost item's amount (amortised, the TCO basis), BilledCost is kept beside it. Credits net out.
 * Example: EC2 usage 10 and an EC2 credit −3 in the same month → one item of 7.
 */
export function totalsByItem(charges: readonly FocusCharge[]): FocusItemTotal[] {
  const items = new Map<string, FocusItemTotal>();
  for (const c of charges) {
    const key = [c.initiativeId, c.month, c.category, c.phase, c.currency, c.name].join('\u0000');
    const item = items.get(key) ?? {
      initiativeId: c.initiativeId,
      month: c.month,
      category: c.category,
      phase: c.phase,
      currency: c.currency,
      name: c.name,
      effectiveCost: 0,
      billedCost: 0,
      charges: [],
    };
    item.effectiveCost += c.effectiveCost;
    item.billedCost += c.billedCost;
    item.charges.push(c);
    items.set(key, item);
  }
  return [...items.values()];
}
