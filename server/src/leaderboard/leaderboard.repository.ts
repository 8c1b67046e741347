import { inArray } from 'drizzle-orm';
import { effectivePriceIds } from '../catalogue/catalogue.repository';
import { RUN_PROFILES_CTE } from '../catalogue/run-profile.sql';
import type { Database } from '../db/duckdb';
import { hardwarePrices, type HardwarePriceRecord } from '../db/tables';
import type { LeaderboardRunRow } from './leaderboard-aggregate';
import { CACHED_QUANTILES, refreshRunAggregates } from './run-aggregates.repository';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The runs a leaderboard covers: COMPLETED runs of the scenario ($1) started by $2. */
const SCOPE = `SELECT id FROM runs WHERE scenario = $1 AND status = 'COMPLETED' AND started_at <= $2::TIMESTAMPTZ`;

/**
 * Per COMPLETED run of `scenario` started at or before `asOf`: its profile (linked or matched),
 * totals over non-warm-up samples, and quantile_cont of TTFT/TPOT/E2E over successful samples at
 * `quantile` (one of CACHED_QUANTILES), and its start (a tie-break of the best operating point;
 * its `config.load` is read for the chosen runs only, `runLoads`). Totals and quantiles come from
 * run_aggregates. The read
 * also says which cached rows are missing or stale (sample_count ≠ Σ sample_batches.sample_count);
 * only then are they recomputed (refreshRunAggregates) and the rows read again, so a current
 * cache costs one statement.
 */
export async function leaderboardRuns(
  database: Database,
  scenario: string,
  asOf: Date,
  quantile: number,
): Promise<LeaderboardRunRow[]> {
  const index = CACHED_QUANTILES.indexOf(quantile as (typeof CACHED_QUANTILES)[number]);
  if (index < 0) throw new Error(`quantile ${quantile} is not cached (${CACHED_QUANTILES.join(', ')})`);
  const params = [scenario, asOf.toISOString()];
  const read = async () => {
    const reader = await database.connection.runAndReadAll(
      `WITH ${RUN_PROFILES_CTE},
       scope AS (${SCOPE}),
       batch_counts AS (SELECT b.run_id, sum(b.sample_count) AS n FROM sample_batches b
                        WHERE b.run_id IN (SELECT id FROM scope) GROUP BY b.run_id)
       SELECT r.id, r.model, r.quantization, rp.profile_id,
              epoch(r.finished_at) - epoch(r.started_at) AS allocated_s,
              TRY_CAST(r.summary->>'$.energyJoules' AS DOUBLE) AS energy_j,
              epoch_ms(r.started_at) AS started_ms,
              a.requests, a.errors, a.input_tokens, a.output_tokens, a.busy_s,
              a.ttft_q_ms[$3::INTEGER] AS ttft_q, a.tpot_q_ms[$3::INTEGER] AS tpot_q, a.e2e_q_ms[$3::INTEGER] AS e2e_q,
              (a.run_id IS NULL OR a.sample_count <> coalesce(k.n, 0)) AS stale
       FROM runs r
       LEFT JOIN run_profiles rp ON rp.run_id = r.id
       LEFT JOIN run_aggregates a ON a.run_id = r.id
       LEFT JOIN batch_counts k ON k.run_id = r.id
       WHERE r.scenario = $1 AND r.status = 'COMPLETED' AND r.started_at <= $2::TIMESTAMPTZ
       ORDER BY r.started_at, r.id`,
      [...params, index + 1],
    );
    return reader.getRowObjectsJS();
  };
  let rows = await read();
  if (rows.some((r) => r.stale === true)) {
    await refreshRunAggregates(database, SCOPE, params);
    rows = await read();
  }
  return rows.map((r) => ({
    runId: String(r.id),
    profileId: r.profile_id === null ? null : String(r.profile_id),
    model: String(r.model),
    quantization: String(r.quantization),
    requests: Number(r.requests ?? 0),
    errors: Number(r.errors ?? 0),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    busyS: num(r.busy_s),
    allocatedS: num(r.allocated_s),
    ttftMs: num(r.ttft_q),
    tpotMs: num(r.tpot_q),
    e2eMs: num(r.e2e_q),
    energyJoules: num(r.energy_j),
    startedAtMs: Number(r.started_ms),
  }));
}

/**
 * Every profile's price version effective at `asOf` (the latest effective_from ≤ asOf), by
 * profile id, in two statements — the same choice as CatalogueService.priceAsOf, without two
 * statements per profile.
 */
export async function pricesAsOf(database: Database, asOf: Date): Promise<Map<string, HardwarePriceRecord>> {
  const ids = await effectivePriceIds(database.connection, asOf);
  if (ids.size === 0) return new Map();
  const rows = await database.db
    .select()
    .from(hardwarePrices)
    .where(inArray(hardwarePrices.id, [...ids.values()]));
  return new Map(rows.map((row) => [row.profileId, row]));
}
