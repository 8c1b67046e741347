import type { Database } from '../db/duckdb';
import { quantileSql } from '../db/metric-sql';

/** Latency quantiles over the pooled samples of a group of runs, ms; null without successful samples. */
export interface PooledLatency {
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tpotP50Ms: number | null;
}

const EMPTY: PooledLatency = { ttftP50Ms: null, ttftP95Ms: null, tpotP50Ms: null };
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * For each group of run ids, TTFT p50/p95 and TPOT p50 (db/metric-sql.ts) over ALL successful
 * non-warm-up samples of its runs pooled together — one statement for every group. A pooled
 * quantile is not the average of the runs' quantiles: runs with p95 100 ms and 1,000 ms over 100
 * samples each pool to ~1,000 ms, not 550 ms.
 *
 * The run ids travel as one JSON parameter (no SQL built from values). Results are in `groups` order.
 */
export async function pooledLatencyOfGroups(
  database: Database,
  groups: readonly (readonly string[])[],
): Promise<PooledLatency[]> {
  const pairs = groups.flatMap((ids, g) => ids.map((id) => ({ g, id })));
  if (pairs.length === 0) return groups.map(() => EMPTY);
  const reader = await database.connection.runAndReadAll(
    `WITH g AS (SELECT unnest(json_transform($1::JSON, '[{"g":"INTEGER","id":"VARCHAR"}]'), recursive := true))
     SELECT g.g,
            ${quantileSql('ttftMs', [50, 95], { alias: 's' })} AS ttft,
            ${quantileSql('tpotMs', [50], { alias: 's' })} AS tpot
     FROM samples s JOIN g ON g.id = s.run_id
     WHERE NOT s.warmup
     GROUP BY g.g`,
    [JSON.stringify(pairs)],
  );
  const byGroup = new Map<number, PooledLatency>();
  for (const r of reader.getRowObjectsJS()) {
    const ttft = r.ttft as (number | null)[] | null;
    byGroup.set(Number(r.g), {
      ttftP50Ms: num(ttft?.[0]),
      ttftP95Ms: num(ttft?.[1]),
      tpotP50Ms: num((r.tpot as (number | null)[] | null)?.[0]),
    });
  }
  return groups.map((_, g) => byGroup.get(g) ?? EMPTY);
}

/**
 * A loader shared by the entries of one leaderboard: the first entry asking for its latency runs
 * the one statement for all of them; a leaderboard whose latency nobody asks for costs nothing
 * (the statement scans every sample of the scenario, which the cost/throughput figures avoid
 * through run_aggregates).
 */
export function pooledLatencyLoader(
  database: Database,
  groups: readonly (readonly string[])[],
): (index: number) => Promise<PooledLatency> {
  let all: Promise<PooledLatency[]> | null = null;
  return async (index) => {
    all ??= pooledLatencyOfGroups(database, groups);
    return (await all)[index] ?? EMPTY;
  };
}
