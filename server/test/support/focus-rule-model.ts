import { parseCsv } from '../../src/finance/csv';
import { CURRENCIES, type FocusModel, type Req } from './focus-models';

export { focusModel12, focusModel13, type FocusModel, type ModelRule } from './focus-models';

// An evaluator of the FinOps Foundation's FOCUS requirements model (the JSON rule model that the
// FinOps Foundation's focus_validator runs; fixtures and their sources in ../fixtures/focus/SOURCES.md)
// over a CSV dataset. It follows focus_validator 2.0.1 (config_objects/focus_to_duckdb_converter.py):
//  - a rule is skipped when it is Dynamic (needs facts outside the data), MAY/OPTIONAL, Removed, when
//    one of its ApplicabilityCriteria is not declared (and so is everything under it), or when a
//    leaf rule's Dependency was skipped; a composite is skipped when all its children were;
//  - a rule's Condition, and the Conditions of the composites that reference it, select the rows it
//    applies to; leaves use the validator's SQL semantics (a null never equals a value);
//  - AND/OR of CheckModelRule items aggregate child outcomes (skipped children do not count); AND/OR
//    of plain checks are evaluated row by row.
// Where the validator cannot run 1.3 (its column-family skip keys on 1.2-style rule ids, and it has
// no generators for the JSONCheckPath* functions), or reads the model differently from its text,
// this module states its own choice instead:
//  - a rule with several ApplicabilityCriteria applies when all are declared (the validator accepts
//    any one; every such rule's text joins them with "and", e.g. SkuPriceId is required "when the
//    service provider supports unit pricing concepts and publishes price lists");
//  - the rules of a column absent from the dataset are skipped; the dataset presence rule (MUST or
//    RECOMMENDED) is what judges the absence, once; an absent column read by another rule is null;
//  - check functions it does not implement skip the rule with that reason, and callers assert that
//    no applicable MUST rule was skipped that way;
//  - CheckNotValue in a Condition selects null cells too (see predicate());
//  - FormatDateTime requires the FOCUS form YYYY-MM-DDTHH:mm:ssZ (the validator also accepts values
//    its CSV loader could coerce to a timestamp); CheckDecimalValue is evaluated (the validator skips it).

export type Status = 'pass' | 'fail' | 'skip';
export interface RuleOutcome {
  id: string;
  status: Status;
  keyword: string;
  /** Why it failed or was skipped; for a failure, the first offending CSV lines. */
  reason: string;
  mustSatisfy: string;
}

type Row = { line: number; get(col: string): string | null };
type Tree = { datasetFail: boolean; viol: (r: Row) => boolean };

const NUMERIC = /^[+-]?([0-9]*[.])?[0-9]+([eE][+-]?[0-9]+)?$/;
const FOCUS_DATETIME = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\dZ$/;
const LOOSE_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const isDecimal = (v: string) => NUMERIC.test(v.trim()) && Number.isFinite(Number(v));
function isKeyValue(v: string): boolean {
  try {
    const o = JSON.parse(v) as unknown;
    return (
      typeof o === 'object' &&
      o !== null &&
      !Array.isArray(o) &&
      Object.values(o).every((x) => x === null || typeof x !== 'object')
    );
  } catch {
    return false;
  }
}

/**
 * Evaluates every rule reachable from the model's CostAndUsage roots over `csv`.
 * `applicability` lists the ApplicabilityCriteria the data generator declares (as the validator's
 * --applicability-criteria option does).
 */
export function checkFocusCsv(model: FocusModel, csv: string, applicability: readonly string[] = []) {
  const [header, ...records] = parseCsv(csv);
  const columns = new Map(header!.fields.map((h, i) => [h, i]));
  const rows: Row[] = records.map((rec) => ({
    line: rec.line,
    get: (c) => {
      const i = columns.get(c);
      const v = i === undefined ? '' : (rec.fields[i] ?? '');
      return v === '' ? null : v;
    },
  }));
  const { rules } = model;
  const declared = new Set(applicability);

  // Who references whom through a requirement's CheckModelRule items.
  const refsOf = (req: Req | undefined, out: string[] = []): string[] => {
    if (!req) return out;
    if (req.CheckFunction === 'CheckModelRule') out.push(req.ModelRuleId as string);
    for (const item of req.Items ?? []) refsOf(item, out);
    return out;
  };
  const parents = new Map<string, string[]>();
  for (const [id, r] of Object.entries(rules))
    for (const child of refsOf(r.ValidationCriteria.Requirement))
      parents.set(child, [...(parents.get(child) ?? []), id]);
  const presenceOf = new Map<string, string[]>();
  for (const [id, r] of Object.entries(rules)) {
    const req = r.ValidationCriteria.Requirement;
    if (r.EntityType === 'Dataset' && req?.CheckFunction === 'ColumnPresent')
      presenceOf.set(req.ColumnName as string, [...(presenceOf.get(req.ColumnName as string) ?? []), id]);
  }

  const memoNa = new Map<string, string | null>();
  /** Why a rule is not applicable (its criteria, an ancestor's or its column's), or null. */
  function notApplicable(id: string, seen = new Set<string>()): string | null {
    if (memoNa.has(id)) return memoNa.get(id)!;
    if (seen.has(id)) return null;
    seen.add(id);
    const r = rules[id];
    let why: string | null = null;
    if (r?.ApplicabilityCriteria.length && !r.ApplicabilityCriteria.every((c) => declared.has(c)))
      why = `not applicable: needs ${r.ApplicabilityCriteria.join(' and ')}`;
    for (const p of parents.get(id) ?? []) why ??= notApplicable(p, seen);
    if (!why && r?.EntityType === 'Column') {
      const presence = presenceOf.get(r.Reference) ?? [];
      if (presence.length > 0 && presence.every((p) => notApplicable(p, seen)))
        why = `not applicable: column ${r.Reference} ${notApplicable(presence[0]!, seen)!.slice(16)}`;
    }
    memoNa.set(id, why);
    return why;
  }

  const conditionsMemo = new Map<string, Req[]>();
  /** The rule's Condition and those of every composite above it. */
  function conditions(id: string, seen = new Set<string>()): Req[] {
    if (conditionsMemo.has(id)) return conditionsMemo.get(id)!;
    if (seen.has(id)) return [];
    seen.add(id);
    const own = rules[id]?.ValidationCriteria.Condition;
    const all = [
      ...(own && own.CheckFunction ? [own] : []),
      ...(parents.get(id) ?? []).flatMap((p) => conditions(p, seen)),
    ];
    conditionsMemo.set(id, all);
    return all;
  }

  /**
   * A condition as a row predicate: CheckValue selects the rows equal to the value (a null equals
   * only null), CheckNotValue the others (a null ChargeClass is "not Correction"; the validator's SQL
   * `col IS NOT NULL AND col <> v` would skip it, so "PricingQuantity MUST NOT be null when ChargeClass
   * is not Correction" would never apply to ordinary rows); any other check selects the rows where
   * its columns are not null and it holds. Absent columns read as null; a leaf that lacks its column
   * arguments (the 1.3 model has "CheckCondition" typos) selects every row, as in the validator.
   */
  function predicate(c: Req): (r: Row) => boolean {
    const fn = c.CheckFunction;
    if (fn === 'AND' || fn === 'OR') {
      const parts = (c.Items ?? []).map(predicate);
      return fn === 'AND' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    }
    const col = c.ColumnName as string | undefined;
    if (fn === 'CheckValue' || fn === 'CheckNotValue') {
      if (!col) return () => true;
      const equal = (r: Row) => (c.Value === null ? r.get(col) === null : r.get(col) === c.Value);
      if (fn === 'CheckValue') return equal;
      return (r) => !equal(r);
    }
    const cols = ['ColumnName', 'ColumnAName', 'ColumnBName', 'ResultColumnName']
      .map((k) => c[k])
      .filter((v): v is string => typeof v === 'string');
    if (cols.length === 0) return () => true;
    const t = tree(c, () => true);
    return (r) => cols.every((k) => r.get(k) !== null) && !t.datasetFail && !t.viol(r);
  }

  const unsupported = new Set<string>();
  /** A requirement without CheckModelRule items: which rows violate it. */
  function tree(req: Req, applies: (r: Row) => boolean): Tree {
    const fn = req.CheckFunction!;
    if (fn === 'AND' || fn === 'OR') {
      const parts = (req.Items ?? []).map((i) => tree(i, applies));
      return fn === 'AND'
        ? { datasetFail: parts.some((p) => p.datasetFail), viol: (r) => parts.some((p) => p.viol(r)) }
        : {
            datasetFail: parts.every((p) => p.datasetFail),
            viol: (r) => parts.every((p) => p.datasetFail || p.viol(r)),
          };
    }
    const col = req.ColumnName as string;
    const v = (r: Row) => r.get(col);
    const row = (test: (r: Row) => boolean): Tree => ({ datasetFail: false, viol: test });
    switch (fn) {
      case 'ColumnPresent':
        return { datasetFail: !columns.has(col), viol: () => false };
      case 'CheckValue':
        return row((r) => (req.Value === null ? v(r) !== null : v(r) !== null && v(r) !== req.Value));
      case 'CheckNotValue':
        return row((r) => (req.Value === null ? v(r) === null : v(r) === req.Value));
      case 'TypeString':
        return row(() => false); // every CSV cell is text
      case 'TypeDecimal':
      case 'CheckDecimalValue':
        return row((r) => v(r) !== null && !isDecimal(v(r)!));
      case 'FormatNumeric':
        return row((r) => v(r) !== null && !NUMERIC.test(v(r)!.trim()));
      case 'TypeDateTime':
        return row((r) => v(r) !== null && !LOOSE_DATETIME.test(v(r)!));
      case 'FormatDateTime':
        return row((r) => v(r) !== null && !FOCUS_DATETIME.test(v(r)!));
      case 'FormatString':
        return row((r) => v(r) !== null && ![...v(r)!].every((ch) => ch.charCodeAt(0) < 0x80));
      case 'FormatCurrency':
        return row((r) => v(r) !== null && !/^[A-Z]{3}$/.test(v(r)!.trim()));
      case 'CheckNationalCurrency':
        return row((r) => v(r) !== null && !CURRENCIES.has(v(r)!.trim()));
      case 'FormatKeyValue':
        return row((r) => v(r) !== null && !isKeyValue(v(r)!));
      case 'FormatJSON':
        return row((r) => {
          try {
            if (v(r) !== null) JSON.parse(v(r)!);
            return false;
          } catch {
            return true;
          }
        });
      case 'CheckGreaterOrEqualThanValue':
        return row((r) => v(r) !== null && Number(v(r)) < Number(req.Value));
      case 'CheckSameValue':
      case 'CheckNotSameValue': {
        const [a, b] = [req.ColumnAName as string, req.ColumnBName as string];
        const same = fn === 'CheckSameValue';
        return row((r) => r.get(a) !== null && r.get(b) !== null && (r.get(a) === r.get(b)) !== same);
      }
      case 'ColumnByColumnEqualsColumnValue': {
        const [a, b, out] = [req.ColumnAName, req.ColumnBName, req.ResultColumnName] as string[];
        return row((r) =>
          [a, b, out].every((c) => r.get(c!) !== null)
            ? Number(r.get(a!)) * Number(r.get(b!)) !== Number(r.get(out!))
            : false,
        );
      }
      case 'CheckDistinctCount': {
        const [a, b] = [req.ColumnAName as string, req.ColumnBName as string];
        const groups = new Map<string | null, Set<string>>();
        for (const r of rows.filter(applies)) {
          const g = groups.get(r.get(a)) ?? new Set<string>();
          if (r.get(b) !== null) g.add(r.get(b)!);
          groups.set(r.get(a), g);
        }
        const bad = [...groups.values()].some((g) => g.size !== Number(req.ExpectedCount));
        return { datasetFail: bad, viol: () => false };
      }
      default:
        unsupported.add(fn);
        throw new Unsupported(fn);
    }
  }

  const outcomes = new Map<string, RuleOutcome>();
  function evaluate(id: string, stack = new Set<string>()): RuleOutcome {
    const done = outcomes.get(id);
    if (done) return done;
    const r = rules[id];
    const base = {
      id,
      keyword: r?.ValidationCriteria.Keyword ?? '',
      mustSatisfy: r?.ValidationCriteria.MustSatisfy ?? '',
    };
    const finish = (status: Status, reason = '') => {
      const o = { ...base, status, reason };
      outcomes.set(id, o);
      return o;
    };
    if (!r) return finish('skip', 'not in the model');
    if (stack.has(id)) return { ...base, status: 'skip', reason: 'cycle' };
    stack.add(id);
    const vc = r.ValidationCriteria;
    const children = refsOf(vc.Requirement);
    const childOutcomes = children.map((c) => evaluate(c, stack));
    const depOutcomes = vc.Dependencies.filter((d) => !children.includes(d)).map((d) => evaluate(d, stack));
    stack.delete(id);
    if (r.Status === 'Removed') return finish('skip', 'removed in this version');
    if (r.Type === 'Dynamic') return finish('skip', 'dynamic: needs facts outside the dataset');
    if (['MAY', 'OPTIONAL'].includes(vc.Keyword)) return finish('skip', 'optional (MAY)');
    const na = notApplicable(id);
    if (na) return finish('skip', na);
    if (r.EntityType === 'Column' && !columns.has(r.Reference))
      return finish('skip', `column ${r.Reference} is absent (its presence rule judges that)`);
    const applies = (row: Row) => conditions(id).every((c) => predicate(c)(row));
    if (children.length > 0) {
      const counted = childOutcomes.filter((o) => o.status !== 'skip');
      if (counted.length === 0) return finish('skip', 'every sub-rule was skipped');
      // Plain checks mixed into a composite count as whole-dataset checks.
      const leaves = (vc.Requirement.Items ?? []).filter((i) => i.CheckFunction !== 'CheckModelRule');
      let leafFail = false;
      try {
        for (const leaf of leaves) {
          const t = tree(leaf, applies);
          leafFail ||= t.datasetFail || rows.some((row) => applies(row) && t.viol(row));
        }
      } catch (e) {
        if (e instanceof Unsupported) return finish('skip', `check function ${e.fn} is not implemented`);
        throw e;
      }
      const ok =
        vc.Requirement.CheckFunction === 'OR'
          ? counted.some((o) => o.status === 'pass')
          : counted.every((o) => o.status === 'pass') && !leafFail;
      const failed = counted.filter((o) => o.status === 'fail').map((o) => o.id);
      return finish(ok ? 'pass' : 'fail', ok ? '' : `failed sub-rules: ${failed.join(', ') || 'row checks'}`);
    }
    const skippedDep = depOutcomes.find((o) => o.status === 'skip');
    if (skippedDep) return finish('skip', `depends on skipped ${skippedDep.id}`);
    let t: Tree;
    try {
      t = tree(vc.Requirement, applies);
    } catch (e) {
      if (e instanceof Unsupported) return finish('skip', `check function ${e.fn} is not implemented`);
      throw e;
    }
    if (t.datasetFail) return finish('fail', vc.MustSatisfy);
    const bad = rows.filter((row) => applies(row) && t.viol(row)).map((row) => row.line);
    return bad.length === 0
      ? finish('pass')
      : finish('fail', `${bad.length} row(s), first at CSV line(s) ${bad.slice(0, 5).join(', ')}`);
  }

  for (const root of model.roots) evaluate(root);
  const all = [...outcomes.values()];
  const isMust = (o: RuleOutcome) =>
    ['MUST', 'MUST NOT'].includes(o.keyword) && rules[o.id]?.Status !== 'Removed';
  // A failed rule whose every parent is an OR that passed was an alternative not taken (the 1.2
  // model writes "null when not invoiced / not null when invoiced" as OR of two static rules).
  const notTaken = (o: RuleOutcome) =>
    o.status === 'fail' &&
    (parents.get(o.id) ?? []).length > 0 &&
    (parents.get(o.id) ?? []).every(
      (p) =>
        rules[p]!.ValidationCriteria.Requirement.CheckFunction === 'OR' && outcomes.get(p)?.status === 'pass',
    );
  const checked = all.filter((o) => isMust(o) && o.status !== 'skip' && !notTaken(o));
  return {
    outcomes,
    /** MUST / MUST NOT rules that could be evaluated on this dataset (composites included). */
    mustChecked: checked,
    /** The same, plain checks only (no composite "adheres to the following" rules). */
    mustLeaves: checked.filter((o) => refsOf(rules[o.id]!.ValidationCriteria.Requirement).length === 0),
    mustFailed: checked.filter((o) => o.status === 'fail'),
    /** Failed alternatives of an OR rule that passed through another alternative. */
    alternativesNotTaken: all.filter(notTaken),
    /** Applicable MUST rules skipped because this module does not implement their check function. */
    mustUnsupported: all.filter((o) => isMust(o) && o.reason.startsWith('check function')),
    unsupportedFunctions: [...unsupported],
  };
}

class Unsupported extends Error {
  constructor(readonly fn: string) {
    super(`unsupported check function ${fn}`);
  }
}
