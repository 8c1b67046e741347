import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type SQL } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { METRIC_SOURCE } from './stats.repository';
import { quantileSql } from '../db/metric-sql';
import type { LatencyMetric } from './stats.types';
import { TimeBucket } from './run-analytics.types';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** quantile_cont of one latency of a run at each requested quantile (0..1), in DuckDB. */
export async function runQuantiles(
  connection: DuckDBConnection,
  runId: string,
  metric: LatencyMetric,
  quantiles: number[],
): Promise<(number | null)[]> {
  // The quantiles are validated numbers; DuckDB wants a constant list, so they are inlined.
  const list = quantiles.map((q) => q.toFixed(6)).join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT quantile_cont(x, [${list}]) AS q FROM (${METRIC_SOURCE[metric]}) WHERE x IS NOT NULL`,
    [runId],
  );
  const q = reader.getRowObjectsJS()[0]?.q as (number | null)[] | null;
  return quantiles.map((_, i) => num(q?.[i]));
}

/** One raw slice of a run's time series (index i of width widthS). */
export interface SeriesRow {
  i: number;
  requests: number;
  errors: number;
  outputTokens: number;
  ttft: (number | null)[];
  e2e: (number | null)[];
}

/**
 * A run's non-warm-up samples in slices of `widthS` seconds by end time (sent + e2e; send time
 * when e2e is null), counted from the first send. Only non-empty slices come back.
 */
export async function runSeries(
  connection: DuckDBConnection,
  runId: string,
  widthS: number,
): Promise<SeriesRow[]> {
  const reader = await connection.runAndReadAll(
    `WITH s AS (SELECT * FROM samples WHERE run_id = $1 AND NOT warmup),
     t AS (SELECT min(sent_at_ms) AS t0 FROM s),
     b AS (SELECT floor((coalesce(s.sent_at_ms + s.e2e_ms, s.sent_at_ms) - t.t0) / ($2::DOUBLE * 1000.0))::BIGINT AS i, s.*
           FROM s, t)
     SELECT i, count(*) AS requests, count(error_kind) AS errors, coalesce(sum(output_tokens), 0) AS output_tokens,
            ${quantileSql('ttftMs', [50, 95])} AS ttft,
            ${quantileSql('e2eMs', [50, 95])} AS e2e
     FROM b GROUP BY i ORDER BY i`,
    [runId, widthS],
  );
  return reader.getRowObjectsJS().map((r) => ({
    i: Number(r.i),
    requests: Number(r.requests),
    errors: Number(r.errors),
    outputTokens: Number(r.output_tokens),
    ttft: ((r.ttft as unknown[] | null) ?? [null, null]).map(num),
    e2e: ((r.e2e as unknown[] | null) ?? [null, null]).map(num),
  }));
}

const TRUNC_UNIT: Record<TimeBucket, string> = {
  [TimeBucket.HOUR]: 'hour',
  [TimeBucket.DAY]: 'day',
  [TimeBucket.WEEK]: 'week',
  [TimeBucket.MONTH]: 'month',
};

/** One raw trend bucket. */
export interface TrendRow {
  bucketStart: Date;
  runIds: string[];
  requests: number;
  errors: number;
  outputTokens: number;
  busySeconds: number;
  ttft: (number | null)[];
  tpotP50: number | null;
  e2eP95: number | null;
}

/**
 * Runs matching `conditions`, bucketed by start time (UTC calendar units), with ratio-of-sums
 * inputs per bucket and latency percentiles pooled over the bucket's samples. Runs without
 * samples still count in runIds (and add 0 tokens and 0 busy seconds).
 */
export async function runTrends(
  db: DrizzleDb,
  conditions: SQL | undefined,
  bucket: TimeBucket,
): Promise<TrendRow[]> {
  const unit = sql.raw(`'${TRUNC_UNIT[bucket]}'`);
  const where = conditions ? sql`WHERE ${conditions}` : sql``;
  const result = (await db.execute(sql`
    WITH picked AS (
      SELECT id, started_at, timezone('UTC', date_trunc(${unit}, timezone('UTC', started_at))) AS b
      FROM runs ${where}),
    per_run AS (
      SELECT s.run_id, count(*) AS requests, count(s.error_kind) AS errors,
             coalesce(sum(s.output_tokens), 0) AS output_tokens,
             (max(s.sent_at_ms + s.e2e_ms) - min(s.sent_at_ms)) / 1000.0 AS busy_s
      FROM samples s JOIN picked p ON p.id = s.run_id WHERE NOT s.warmup GROUP BY s.run_id),
    pooled AS (
      SELECT p.b,
             ${sql.raw(quantileSql('ttftMs', [50, 95], { alias: 's' }))} AS ttft,
             ${sql.raw(quantileSql('tpotMs', [50], { alias: 's' }))} AS tpot_p50,
             ${sql.raw(quantileSql('e2eMs', [95], { alias: 's' }))} AS e2e_p95
      FROM samples s JOIN picked p ON p.id = s.run_id WHERE NOT s.warmup GROUP BY p.b),
    totals AS (
      SELECT p.b, list(p.id ORDER BY p.started_at, p.id) AS run_ids,
             coalesce(sum(r.requests), 0) AS requests, coalesce(sum(r.errors), 0) AS errors,
             coalesce(sum(r.output_tokens), 0) AS output_tokens, coalesce(sum(r.busy_s), 0) AS busy_s
      FROM picked p LEFT JOIN per_run r ON r.run_id = p.id GROUP BY p.b)
    SELECT totals.*, pooled.ttft, pooled.tpot_p50, pooled.e2e_p95
    FROM totals LEFT JOIN pooled ON pooled.b = totals.b ORDER BY totals.b`)) as unknown as Record<
    string,
    unknown
  >[];
  // pg-proxy's execute hands back the callback's rows as they are (objects, see db/duckdb.ts).
  return result.map((r) => ({
    bucketStart: r.b as Date,
    runIds: (r.run_ids as unknown[]).map(String),
    requests: Number(r.requests),
    errors: Number(r.errors),
    outputTokens: Number(r.output_tokens),
    busySeconds: Number(r.busy_s),
    ttft: ((r.ttft as unknown[] | null) ?? [null, null]).map(num),
    tpotP50: num((r.tpot_p50 as unknown[] | null)?.[0]),
    e2eP95: num((r.e2e_p95 as unknown[] | null)?.[0]),
  }));
}
