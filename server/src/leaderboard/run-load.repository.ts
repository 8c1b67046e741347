import { operatingPoint, parseLoadSpec } from '@yardstick/schema/load-models';
import type { Database } from '../db/duckdb';

/** What a run's `config.load` says about its operating point; null where the config does not say. */
export interface RunLoad {
  loadType: string | null;
  concurrency: number | null;
  ratePerS: number | null;
}

export const NO_LOAD: RunLoad = { loadType: null, concurrency: null, ratePerS: null };

/**
 * The operating point of a stored `config.load`, read through its load model
 * (schema/src/load-models/): `{ type: 'poisson', ratePerS: 4 }` → `{ loadType: 'poisson', ratePerS: 4 }`.
 * A block no load model accepts (an imported run keeps its source tool's own settings) says nothing.
 */
export function runLoadOf(load: unknown): RunLoad {
  const parsed = parseLoadSpec(load);
  if (!parsed.ok) return NO_LOAD;
  return { loadType: parsed.spec.type, ...operatingPoint(parsed.spec) };
}

/**
 * `config.load` of the given runs (the best operating point of each entry), in one statement. Read
 * here rather than with every run of the scenario because a real config embeds the scenario (~2 KB
 * of JSON): extracting from 10,000 of them costs ~150 ms on 2 shared cores, from 36 runs ~3 ms. The
 * ids travel as one JSON parameter.
 */
export async function runLoads(database: Database, runIds: readonly string[]): Promise<Map<string, RunLoad>> {
  if (runIds.length === 0) return new Map();
  const reader = await database.connection.runAndReadAll(
    `WITH ids AS (SELECT unnest(json_transform($1::JSON, '["VARCHAR"]')) AS id)
     SELECT r.id, json_extract(r.config, '$.load')::VARCHAR AS load FROM runs r JOIN ids ON ids.id = r.id`,
    [JSON.stringify(runIds)],
  );
  return new Map(
    reader.getRowObjectsJS().map((r) => {
      const text = r.load === null || r.load === undefined ? null : String(r.load);
      return [String(r.id), text === null ? NO_LOAD : runLoadOf(JSON.parse(text))];
    }),
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
