import type { DuckDBConnection } from '@duckdb/node-api';
import type { ErrorCount, HistogramBucket, Percentiles, RunStats } from './stats.types';
import { LatencyMetric } from './stats.types';
import { LATENCY_METRICS } from '@yardstick/schema/metrics';
import {
  metricAggregatesSql,
  metricColumn,
  metricValuesSql,
  quantileList,
  type SampleMetricKey,
} from '../db/metric-sql';

/** The percentiles the API's Percentiles type reports (p50, p90, p95, p99). */
export const API_PERCENTILES = [50, 90, 95, 99] as const;

/**
 * Values of one metric over a run's samples, as a one-column relation `x`: the column and the
 * population come from the definition the enum value names (schema's LATENCY_METRICS; db/metric-sql.ts).
 */
export const METRIC_SOURCE = Object.fromEntries(
  Object.values(LatencyMetric).map((m) => [m, metricValuesSql(LATENCY_METRICS[m].key as SampleMetricKey)]),
) as Record<LatencyMetric, string>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function rowObjects(connection: DuckDBConnection, sql: string, params: (string | number)[]) {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS();
}

/** count/mean/min/p50/p90/p95/p99/max of one metric (quantile_cont: the project's percentile method). */
export async function metricPercentiles(
  connection: DuckDBConnection,
  runId: string,
  metric: LatencyMetric,
): Promise<Percentiles> {
  const [row] = await rowObjects(
    connection,
    `SELECT count(x) AS n, avg(x) AS mean, min(x) AS lo, max(x) AS hi,
            quantile_cont(x, ${quantileList(API_PERCENTILES)}) AS q
     FROM (${METRIC_SOURCE[metric]}) WHERE x IS NOT NULL`,
    [runId],
  );
  const q = (row?.q as number[] | null) ?? [];
  return {
    count: Number(row?.n ?? 0),
    mean: num(row?.mean),
    min: num(row?.lo),
    p50: num(q[0]),
    p90: num(q[1]),
    p95: num(q[2]),
    p99: num(q[3]),
    max: num(row?.hi),
  };
}

/** Reads `<name>_*` columns made by metricAggregatesSql into Percentiles. */
function percentilesOf(row: Record<string, unknown>, name: string): Percentiles {
  const q = (row[`${name}_q`] as number[] | null) ?? [];
  return {
    count: Number(row[`${name}_n`] ?? 0),
    mean: num(row[`${name}_mean`]),
    min: num(row[`${name}_lo`]),
    p50: num(q[0]),
    p90: num(q[1]),
    p95: num(q[2]),
    p99: num(q[3]),
    max: num(row[`${name}_hi`]),
  };
}

/**
 * The statement of runStats over the non-warm-up samples `scope` selects (a relation `s` with a
 * `run_id`), one row per run: totals, per-metric aggregates (db/metric-sql.ts) and errors by kind.
 * Each run's samples are read once (a scan of `samples` filtered on run_id costs the same whatever
 * is computed from it; one statement per figure cost 1.6x more at 10M stored samples,
 * `npm run bench -- query`).
 */
function statsSql(scope: string): string {
  return `WITH s AS MATERIALIZED (${scope}),
     totals AS (
       SELECT run_id, count(*) AS requests, count(error_kind) AS errors,
              coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
              (max(sent_at_ms + e2e_ms) - min(sent_at_ms)) / 1000.0 AS duration_s,
              ${metricAggregatesSql('ttftMs', 'ttft', API_PERCENTILES)},
              ${metricAggregatesSql('tpotMs', 'tpot', API_PERCENTILES)},
              ${metricAggregatesSql('e2eMs', 'e2e', API_PERCENTILES)}
       FROM s GROUP BY run_id),
     gaps AS (SELECT run_id AS gap_run_id, ${metricAggregatesSql('itlMs', 'itl', API_PERCENTILES, 'itl')}
              FROM (SELECT run_id, unnest(${metricColumn('itlMs')}) AS itl, error_kind FROM s) GROUP BY run_id),
     kinds AS (
       SELECT run_id AS kind_run_id, list({'kind': kind, 'n': n} ORDER BY n DESC, kind) AS kinds
       FROM (SELECT run_id, error_kind AS kind, count(*) AS n FROM s WHERE error_kind IS NOT NULL
             GROUP BY run_id, error_kind)
       GROUP BY run_id)
     SELECT * FROM totals LEFT JOIN gaps ON gap_run_id = totals.run_id LEFT JOIN kinds ON kind_run_id = totals.run_id`;
}

/** Totals, throughput and per-metric percentiles of a run (see RunStats' description), in ONE statement. */
export async function runStats(connection: DuckDBConnection, runId: string): Promise<RunStats> {
  const [row] = await rowObjects(
    connection,
    statsSql('SELECT * FROM samples WHERE run_id = $1 AND NOT warmup'),
    [runId],
  );
  return statsOf(row ?? {});
}

/**
 * runStats of several runs in ONE statement (a page of runs asks for all of them at once); a run
 * without samples gets the figures of an empty run. The ids travel as one JSON parameter.
 */
export async function runStatsOfRuns(
  connection: DuckDBConnection,
  runIds: readonly string[],
): Promise<Map<string, RunStats>> {
  if (runIds.length === 0) return new Map();
  const rows = await rowObjects(
    connection,
    statsSql(
      `SELECT * FROM samples WHERE NOT warmup
       AND run_id IN (SELECT unnest(json_transform($1::JSON, '["VARCHAR"]')))`,
    ),
    [JSON.stringify(runIds)],
  );
  const byRun = new Map(rows.map((row) => [String(row.run_id), statsOf(row)]));
  return new Map(runIds.map((id) => [id, byRun.get(id) ?? statsOf({})]));
}

/** RunStats from runStats' row. */
function statsOf(row: Record<string, unknown>): RunStats {
  const requests = Number(row.requests ?? 0);
  const errors = Number(row.errors ?? 0);
  const inputTokens = Number(row.input_tokens ?? 0);
  const outputTokens = Number(row.output_tokens ?? 0);
  const durationS = num(row.duration_s);
  const perS = (n: number) => (durationS && durationS > 0 ? n / durationS : null);
  const kinds = (row.kinds as { kind: string; n: number | bigint }[] | null) ?? [];
  return {
    requests,
    errors,
    inputTokens,
    outputTokens,
    durationS,
    requestsPerS: perS(requests - errors),
    outputTokensPerS: perS(outputTokens),
    totalTokensPerS: perS(inputTokens + outputTokens),
    ttftMs: percentilesOf(row, 'ttft'),
    tpotMs: percentilesOf(row, 'tpot'),
    itlMs: percentilesOf(row, 'itl'),
    e2eMs: percentilesOf(row, 'e2e'),
    errorsByKind: kinds.map((k): ErrorCount => ({ kind: String(k.kind), count: Number(k.n) })),
  };
}

/**
 * Equal-width histogram of one metric between its min and max, bucketed in DuckDB.
 * The last bucket includes the max; all values equal -> one bucket [v, v]; no values -> [].
 */
export async function latencyHistogram(
  connection: DuckDBConnection,
  runId: string,
  metric: LatencyMetric,
  buckets: number,
): Promise<HistogramBucket[]> {
  const rows = await rowObjects(
    connection,
    `WITH vals AS (SELECT x FROM (${METRIC_SOURCE[metric]}) WHERE x IS NOT NULL),
     p AS (SELECT min(x) AS lo, max(x) AS hi,
                  CASE WHEN max(x) > min(x) THEN $2::BIGINT ELSE 1 END AS k,
                  CASE WHEN max(x) > min(x) THEN (max(x) - min(x)) / $2::BIGINT ELSE 1.0 END AS w
           FROM vals HAVING count(*) > 0),
     counts AS (SELECT least(floor((x - p.lo) / p.w)::INTEGER, p.k - 1) AS i, count(*) AS n
                FROM vals, p GROUP BY i),
     idx AS (SELECT unnest(range(p.k)) AS i FROM p)
     SELECT idx.i, p.lo + idx.i * p.w AS lower_ms,
            CASE WHEN idx.i = p.k - 1 THEN p.hi ELSE p.lo + (idx.i + 1) * p.w END AS upper_ms,
            coalesce(counts.n, 0) AS n
     FROM idx CROSS JOIN p LEFT JOIN counts ON counts.i = idx.i ORDER BY idx.i`,
    [runId, buckets],
  );
  return rows.map((r) => ({ lowerMs: Number(r.lower_ms), upperMs: Number(r.upper_ms), count: Number(r.n) }));
}
