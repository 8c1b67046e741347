import { RUN_PROFILES_CTE } from '../catalogue/run-profile.sql';
import type { Database } from '../db/duckdb';
import type { LeaderboardRunRow } from './leaderboard-aggregate';
import { CACHED_QUANTILES, refreshRunAggregates } from './run-aggregates.repository';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The runs a leaderboard covers: COMPLETED runs of the scenario ($1) started by $2. */
const SCOPE = `SELECT id FROM runs WHERE scenario = $1 AND status = 'COMPLETED' AND started_at <= $2::TIMESTAMPTZ`;

/**
 * Per COMPLETED run of `scenario` started at or before `asOf`: its profile (linked or matched),
 * totals over non-warm-up samples, and quantile_cont of TTFT/TPOT/E2E over successful samples at
 * `quantile` (one of CACHED_QUANTILES). Totals and quantiles come from run_aggregates, which is
 * first brought up to date for these runs (computed in DuckDB from samples, only where stale).
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
  await refreshRunAggregates(database, SCOPE, params);
  const reader = await database.connection.runAndReadAll(
    `WITH ${RUN_PROFILES_CTE}
     SELECT r.id, r.model, r.quantization, rp.profile_id,
            epoch(r.finished_at) - epoch(r.started_at) AS allocated_s,
            TRY_CAST(r.summary->>'$.energyJoules' AS DOUBLE) AS energy_j,
            a.requests, a.errors, a.input_tokens, a.output_tokens, a.busy_s,
            a.ttft_q_ms[$3::INTEGER] AS ttft_q, a.tpot_q_ms[$3::INTEGER] AS tpot_q, a.e2e_q_ms[$3::INTEGER] AS e2e_q
     FROM runs r
     LEFT JOIN run_profiles rp ON rp.run_id = r.id
     LEFT JOIN run_aggregates a ON a.run_id = r.id
     WHERE r.scenario = $1 AND r.status = 'COMPLETED' AND r.started_at <= $2::TIMESTAMPTZ
     ORDER BY r.started_at, r.id`,
    [...params, index + 1],
  );
  return reader.getRowObjectsJS().map((r) => ({
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
  }));
}
