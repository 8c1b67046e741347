import type { Database } from '../db/duckdb';

/** What a run's `config.load` says about its operating point; null where the config does not say. */
export interface RunLoad {
  loadType: string | null;
  concurrency: number | null;
  ratePerS: number | null;
}

export const NO_LOAD: RunLoad = { loadType: null, concurrency: null, ratePerS: null };
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * `config.load.type`, `.concurrency` and `.rate_per_s` of the given runs (the best operating point
 * of each entry), in one statement. Read here rather than with every run of the scenario because a
 * real config embeds the scenario (~2 KB of JSON): extracting from 10,000 of them costs ~150 ms on
 * 2 shared cores, from 36 runs ~3 ms. The ids travel as one JSON parameter.
 */
export async function runLoads(database: Database, runIds: readonly string[]): Promise<Map<string, RunLoad>> {
  if (runIds.length === 0) return new Map();
  const reader = await database.connection.runAndReadAll(
    `WITH ids AS (SELECT unnest(json_transform($1::JSON, '["VARCHAR"]')) AS id),
     loads AS (SELECT r.id, json_extract(r.config, ['$.load.type', '$.load.concurrency', '$.load.rate_per_s']) AS v
               FROM runs r JOIN ids ON ids.id = r.id)
     SELECT id, v[1]->>'$' AS load_type, TRY_CAST(v[2]->>'$' AS DOUBLE) AS concurrency,
            TRY_CAST(v[3]->>'$' AS DOUBLE) AS rate_per_s
     FROM loads`,
    [JSON.stringify(runIds)],
  );
  return new Map(
    reader.getRowObjectsJS().map((r) => [
      String(r.id),
      {
        loadType: r.load_type === null || r.load_type === undefined ? null : String(r.load_type),
        concurrency: num(r.concurrency),
        ratePerS: num(r.rate_per_s),
      },
    ]),
  );
}

/**
 * A loader shared by the entries of one leaderboard: the first `atSlo` asked for its load reads the
 * loads of every entry's best run in one statement; a query that asks for none costs nothing.
 */
export function runLoadLoader(
  database: Database,
  runIds: readonly string[],
): (runId: string) => Promise<RunLoad> {
  let all: Promise<Map<string, RunLoad>> | null = null;
  return async (runId) => {
    all ??= runLoads(database, runIds);
    return (await all).get(runId) ?? NO_LOAD;
  };
}
