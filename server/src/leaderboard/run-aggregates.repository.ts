import { quantileOfPercentile } from '@yardstick/schema/percentile';
import type { Database } from '../db/duckdb';
import { quantileSql } from '../db/metric-sql';

/**
 * The percentiles cached per run, in list order (DuckDB lists are 1-based: p50 is element 1), and
 * their quantiles. Every SloPercentile must be one of them.
 */
export const CACHED_PERCENTILES = [50, 90, 95, 99] as const;
export const CACHED_QUANTILES = CACHED_PERCENTILES.map(quantileOfPercentile);

/** SQL selecting the ids of `scope`'s runs whose cached aggregate is missing or out of date. */
function staleRunsSql(scope: string): string {
  return `SELECT s.id FROM (${scope}) s
    LEFT JOIN (SELECT run_id, sum(sample_count) AS n FROM sample_batches GROUP BY run_id) k ON k.run_id = s.id
    LEFT JOIN run_aggregates a ON a.run_id = s.id
    WHERE a.run_id IS NULL OR a.sample_count <> coalesce(k.n, 0)`;
}

/**
 * Recomputes run_aggregates for the runs selected by `scope` (SQL returning a column `id`, with
 * `params`) whose cache is missing or stale, in one write transaction. Returns how many rows were
 * recomputed (0 when everything was current, without opening a write transaction).
 */
export async function refreshRunAggregates(
  database: Database,
  scope: string,
  params: (string | number)[],
): Promise<number> {
  const stale = await database.connection.runAndReadAll(
    `SELECT count(*) FROM (${staleRunsSql(scope)})`,
    params,
  );
  if (Number(stale.getRowsJS()[0]?.[0] ?? 0) === 0) return 0;
  const latency = (key: 'ttftMs' | 'tpotMs' | 'e2eMs') =>
    quantileSql(key, CACHED_PERCENTILES, { alias: 's', and: 'NOT s.warmup' });
  return database.withTransaction(async ({ connection }) => {
    const result = await connection.run(
      `INSERT OR REPLACE INTO run_aggregates
       WITH stale AS (${staleRunsSql(scope)}),
       counts AS (SELECT b.run_id, sum(b.sample_count) AS n FROM sample_batches b JOIN stale ON stale.id = b.run_id
                  GROUP BY b.run_id),
       agg AS (
         SELECT s.run_id, count(*) FILTER (WHERE NOT s.warmup) AS requests,
                count(s.error_kind) FILTER (WHERE NOT s.warmup) AS errors,
                coalesce(sum(s.input_tokens) FILTER (WHERE NOT s.warmup), 0) AS input_tokens,
                coalesce(sum(s.output_tokens) FILTER (WHERE NOT s.warmup), 0) AS output_tokens,
                (max(s.sent_at_ms + s.e2e_ms) FILTER (WHERE NOT s.warmup)
                  - min(s.sent_at_ms) FILTER (WHERE NOT s.warmup)) / 1000.0 AS busy_s,
                ${latency('ttftMs')} AS ttft_q,
                ${latency('tpotMs')} AS tpot_q,
                ${latency('e2eMs')} AS e2e_q
         FROM samples s JOIN stale ON stale.id = s.run_id GROUP BY s.run_id)
       SELECT stale.id, coalesce(counts.n, 0), coalesce(agg.requests, 0), coalesce(agg.errors, 0),
              coalesce(agg.input_tokens, 0), coalesce(agg.output_tokens, 0), agg.busy_s,
              agg.ttft_q, agg.tpot_q, agg.e2e_q, now()
       FROM stale LEFT JOIN counts ON counts.run_id = stale.id LEFT JOIN agg ON agg.run_id = stale.id`,
      params,
    );
    return Number(result.rowsChanged);
  });
}
