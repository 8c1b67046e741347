-- 0001_init: the walking skeleton's tables (agents, tokens, hardware, scenarios, runs, samples).
-- Hand-written DuckDB SQL (drizzle-kit's Postgres DDL does not run on DuckDB). Applied in a
-- transaction by server/src/db/migrate.ts and recorded in schema_migrations. Every statement is
-- IF NOT EXISTS so a partly applied database can be migrated again. Columns must match
-- server/src/db/tables.ts (server/test/migrations.test.ts checks both directions).
-- No foreign keys: DuckDB rewrites updated rows of referenced tables and rejects them, and
-- the services check ownership themselves.

CREATE TABLE IF NOT EXISTS agents (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS api_tokens (
  id VARCHAR PRIMARY KEY,
  token_sha256 VARCHAR NOT NULL UNIQUE,
  role VARCHAR NOT NULL,
  agent_id VARCHAR,
  name VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS hardware_inventories (
  id VARCHAR PRIMARY KEY,
  agent_id VARCHAR,
  hostname VARCHAR NOT NULL,
  cpu_model VARCHAR NOT NULL,
  cpu_cores INTEGER NOT NULL,
  memory_bytes DOUBLE NOT NULL,
  os VARCHAR NOT NULL,
  accelerators JSON NOT NULL,
  notes JSON NOT NULL,
  raw JSON NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS scenarios (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  body JSON NOT NULL,
  content_sha256 VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (name, content_sha256)
);

CREATE TABLE IF NOT EXISTS runs (
  id VARCHAR PRIMARY KEY,
  agent_id VARCHAR NOT NULL,
  client_run_id VARCHAR NOT NULL,
  scenario VARCHAR NOT NULL,
  scenario_id VARCHAR,
  target_url VARCHAR NOT NULL,
  target_engine VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  quantization VARCHAR NOT NULL,
  engine_backend VARCHAR,
  status VARCHAR NOT NULL,
  config JSON NOT NULL,
  summary JSON,
  hardware_id VARCHAR,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  UNIQUE (agent_id, client_run_id)
);

CREATE TABLE IF NOT EXISTS sample_batches (
  run_id VARCHAR NOT NULL,
  batch_seq INTEGER NOT NULL,
  sample_count INTEGER NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, batch_seq)
);

CREATE TABLE IF NOT EXISTS samples (
  run_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  warmup BOOLEAN NOT NULL,
  scheduled_at_ms DOUBLE NOT NULL,
  sent_at_ms DOUBLE NOT NULL,
  send_lag_ms DOUBLE NOT NULL,
  queue_ms DOUBLE NOT NULL,
  ttft_ms DOUBLE,
  e2e_ms DOUBLE,
  tpot_ms DOUBLE,
  itl_ms DOUBLE[] NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  output_tokens_server INTEGER,
  output_tokens_client INTEGER,
  token_source VARCHAR,
  error_kind VARCHAR,
  error_message VARCHAR,
  PRIMARY KEY (run_id, seq)
);
