/**
 * What a sample value must be: the rule kinds of the sample columns (./samples.ts), each with one
 * check in JavaScript (`sampleValueCheck`: the JSON and GraphQL ingest paths), one in SQL (the CSV
 * path, server/src/ingest/csv-format.ts) and one wording of its failure that both use.
 */

/** Most inter-token gaps one sample may carry. */
export const MAX_ITL_GAPS = 100_000;
/** Largest value of an INTEGER column (DuckDB's INTEGER is 32-bit signed). */
export const SAMPLE_INT_MAX = 2_147_483_647;

/**
 * What a value must be. Each kind has one check in JavaScript (`sampleValueCheck`, the JSON and
 * GraphQL paths) and one in SQL (the CSV path, server/src/ingest/csv-format.ts); `sampleRuleProblem`
 * words both paths' errors the same way.
 */
export type SampleRule =
  /** A whole number 0..2147483647 (an index or a token count). */
  | { readonly kind: 'count' }
  /** A finite number of milliseconds >= 0. */
  | { readonly kind: 'ms' }
  /** A finite number of milliseconds, negative allowed (a clock difference). */
  | { readonly kind: 'signedMs' }
  | { readonly kind: 'bool' }
  /** One of the listed strings. */
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  /** 1-50 characters [a-z0-9_]: an open set of names such as error kinds. */
  | { readonly kind: 'name'; readonly example: string }
  | { readonly kind: 'text'; readonly maxLength: number }
  /** A list of finite milliseconds >= 0, at most `maxItems`. */
  | { readonly kind: 'msList'; readonly maxItems: number };

/** Anything that carries a rule (a column definition). */
type RuleOf = { readonly rule: SampleRule };

/**
 * What a failing value must be, in the words every ingest path uses. `sampleRuleProblem({ kind: 'ms' })`
 * → `must be a number >= 0 (milliseconds)`.
 */
export function sampleRuleProblem(def: RuleOf): string {
  const r = def.rule;
  switch (r.kind) {
    case 'count':
      return `must be an integer 0-${SAMPLE_INT_MAX}`;
    case 'ms':
      return `must be a number >= 0 (milliseconds)`;
    case 'signedMs':
      return `must be a finite number (milliseconds)`;
    case 'bool':
      return `must be true or false`;
    case 'oneOf':
      return `must be ${r.values.map((v) => `"${v}"`).join(', ')}`;
    case 'name':
      return `must be 1-50 chars [a-z0-9_] (e.g. "${r.example}")`;
    case 'text':
      return `must be a string of at most ${r.maxLength} characters`;
    case 'msList':
      return `must be an array of at most ${r.maxItems} gaps, each a number >= 0 (milliseconds)`;
  }
}

/**
 * Why a value failed `sampleValueCheck`, finer than `sampleRuleProblem` where it helps: for a list,
 * which element (`at`) and what it must be. `sampleValueFailure(itlMs, [1, 'x'])` →
 * `{ at: 1, problem: 'must be a number >= 0 (milliseconds)' }`.
 */
export function sampleValueFailure(def: RuleOf, value: unknown): { at?: number; problem: string } {
  const r = def.rule;
  if (r.kind !== 'msList') return { problem: sampleRuleProblem(def) };
  if (!Array.isArray(value)) return { problem: 'must be an array of gaps in milliseconds' };
  if (value.length > r.maxItems) return { problem: `must hold at most ${r.maxItems} gaps` };
  const at = value.findIndex((g: unknown) => !isFiniteNumber(g) || g < 0);
  return { at, problem: 'must be a number >= 0 (milliseconds)' };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const NAME = /^[a-z0-9_]{1,50}$/;

/**
 * The check of one non-null value of a column (null/undefined are the caller's: `nullable`). One
 * closure per column, built once, so the ingest loop makes no per-value decision about the rule.
 * `sampleValueCheck(SAMPLE_COLUMN_BY_NAME.ttftMs)(-1)` → false.
 */
export function sampleValueCheck(def: RuleOf): (value: unknown) => boolean {
  const r = def.rule;
  switch (r.kind) {
    case 'count':
      return (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= SAMPLE_INT_MAX;
    case 'ms':
      return (v) => isFiniteNumber(v) && v >= 0;
    case 'signedMs':
      return isFiniteNumber;
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'oneOf': {
      const values = new Set<unknown>(r.values);
      return (v) => values.has(v);
    }
    case 'name':
      return (v) => typeof v === 'string' && NAME.test(v);
    case 'text':
      return (v) => typeof v === 'string' && v.length <= r.maxLength;
    case 'msList':
      return (v) => {
        if (!Array.isArray(v) || v.length > r.maxItems) return false;
        for (let j = 0; j < v.length; j += 1) {
          const gap: unknown = v[j];
          if (!isFiniteNumber(gap) || gap < 0) return false;
        }
        return true;
      };
  }
}
