/** Keys whose values never reach the audit log (bearer tokens and their hashes). */
const SECRET_KEYS = new Set(['token', 'tokenSha256', 'token_sha256', 'secret', 'password', 'authorization']);
/** Arrays longer than this are stored as `{ "$count": n, "$first": [...3 items] }`. */
export const MAX_AUDIT_ARRAY_ITEMS = 50;
/** Strings longer than this are cut, with `…(+n chars)` appended. */
export const MAX_AUDIT_STRING_CHARS = 2000;
const MAX_DEPTH = 8;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Turns a mutation's arguments or result into JSON fit for the audit log: secrets replaced by
 * "[redacted]", Dates as ISO strings, bigints as numbers, long arrays summarised (a 5000-sample
 * batch becomes `{ "$count": 5000, "$first": [3 samples] }`), long strings cut, cycles and very
 * deep nesting cut. Example: `redactForAudit({ token: 'ys_x', n: 1 })` → `{ token: '[redacted]', n: 1 }`.
 */
export function redactForAudit(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') {
    // Lone surrogates are not valid UTF-8: DuckDB's JSON type would refuse the whole record.
    const text = value.replace(LONE_SURROGATE, '\uFFFD');
    return text.length > MAX_AUDIT_STRING_CHARS
      ? `${text.slice(0, MAX_AUDIT_STRING_CHARS)}…(+${text.length - MAX_AUDIT_STRING_CHARS} chars)`
      : text;
  }
  if (typeof value !== 'object') return typeof value === 'boolean' ? value : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) {
    if (value.length > MAX_AUDIT_ARRAY_ITEMS) {
      return {
        $count: value.length,
        $first: value.slice(0, 3).map((v) => redactForAudit(v, depth + 1, seen)),
      };
    }
    return value.map((v) => redactForAudit(v, depth + 1, seen));
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key) ? '[redacted]' : redactForAudit(inner, depth + 1, seen);
  }
  return out;
}
