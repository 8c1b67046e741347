import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';

// drizzle's own sum()/avg() are typed `string | null` and map their result with String (Postgres
// returns numeric as text). DuckDB returns numbers, so these helpers keep them numbers: use them
// instead of drizzle's sum/avg/count in every query that goes through ./duckdb.ts.

type Numeric = AnyColumn | SQL;

/**
 * SUM as a number, 0 for no rows (never null). Example: `sumNumber(samples.outputTokens)` over
 * rows with 30 and 12 output tokens gives 42.
 */
export function sumNumber(expression: Numeric): SQL<number> {
  return sql<number>`coalesce(sum(${expression}), 0)`.mapWith(Number);
}

/** AVG as a number, or null when no non-null value exists. Example: avg of 10 and 20 ms is 15. */
export function avgNumber(expression: Numeric): SQL<number | null> {
  return sql<number | null>`avg(${expression})`.mapWith((v: unknown) => (v === null ? null : Number(v)));
}

/** COUNT(*) (or COUNT(expression), which skips nulls) as a number. */
export function countNumber(expression?: Numeric): SQL<number> {
  return expression
    ? sql<number>`count(${expression})`.mapWith(Number)
    : sql<number>`count(*)`.mapWith(Number);
}
