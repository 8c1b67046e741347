-- 0004_run_aggregates: per-run totals and latency quantiles, cached so the leaderboard does not
-- rescan every sample (server/src/leaderboard/run-aggregates.repository.ts). A row is valid while
-- its sample_count equals the run's Σ sample_batches.sample_count; otherwise it is recomputed from
-- samples. Derived data only: deleting rows loses nothing.

CREATE TABLE IF NOT EXISTS run_aggregates (
  run_id VARCHAR PRIMARY KEY,
  sample_count INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens DOUBLE NOT NULL,
  output_tokens DOUBLE NOT NULL,
  busy_s DOUBLE,
  ttft_q_ms DOUBLE[],
  tpot_q_ms DOUBLE[],
  e2e_q_ms DOUBLE[],
  computed_at TIMESTAMPTZ NOT NULL
);
