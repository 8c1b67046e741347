-- 0007_finance: the finance engine's stored inputs (issue 6). Owned by server/src/finance-api.
-- An initiative (a GenAI use case) with its demand, deployment options, cost items, value streams
-- and time studies (individual before/after observations). Reports are computed on read by the pure
-- engine in server/src/finance; nothing computed is stored. Ranged inputs are stored as
-- low / likely / high (likely alone for a plain number). Month columns are 0-based indexes into the
-- horizon. No foreign keys (see 0001_init.sql): the services check ownership and delete children.

CREATE TABLE IF NOT EXISTS initiatives (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  description VARCHAR,
  owner VARCHAR NOT NULL,
  phase VARCHAR NOT NULL,
  horizon_months INTEGER NOT NULL DEFAULT 36,
  discount_rate_per_year DOUBLE NOT NULL DEFAULT 0.10,
  currency VARCHAR NOT NULL DEFAULT 'USD',
  start_date TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS initiative_demands (
  initiative_id VARCHAR PRIMARY KEY,
  tasks_per_month DOUBLE NOT NULL,
  input_tokens_per_task DOUBLE NOT NULL,
  output_tokens_per_task DOUBLE NOT NULL,
  peak_to_average DOUBLE NOT NULL DEFAULT 1,
  growth_per_month DOUBLE NOT NULL DEFAULT 0,
  slo_percentile VARCHAR NOT NULL DEFAULT 'P99',
  slo_ttft_ms DOUBLE,
  slo_tpot_ms DOUBLE,
  slo_e2e_ms DOUBLE,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS deployment_options (
  id VARCHAR PRIMARY KEY,
  initiative_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  hardware_profile_id VARCHAR,
  model VARCHAR,
  quantization VARCHAR,
  scenario VARCHAR,
  pricing VARCHAR,
  price_per_hour DOUBLE,
  tokens_per_second_at_slo DOUBLE,
  latency_at_slo_ms DOUBLE,
  input_cost_per_mtok DOUBLE,
  output_cost_per_mtok DOUBLE,
  one_time_cost DOUBLE,
  headroom_fraction DOUBLE,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS cost_items (
  id VARCHAR PRIMARY KEY,
  initiative_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  phase VARCHAR NOT NULL,
  recurrence VARCHAR NOT NULL,
  amount_low DOUBLE,
  amount_likely DOUBLE NOT NULL,
  amount_high DOUBLE,
  distribution VARCHAR,
  currency VARCHAR NOT NULL,
  start_month INTEGER NOT NULL DEFAULT 0,
  end_month INTEGER,
  risk_uplift_fraction DOUBLE NOT NULL DEFAULT 0,
  source VARCHAR NOT NULL DEFAULT 'MANUAL',
  billed_cost DOUBLE,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS value_streams (
  id VARCHAR PRIMARY KEY,
  initiative_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  phase VARCHAR NOT NULL,
  params JSON NOT NULL,
  haircut_low DOUBLE,
  haircut_likely DOUBLE NOT NULL DEFAULT 0,
  haircut_high DOUBLE,
  adoption JSON,
  time_study_id VARCHAR,
  currency VARCHAR NOT NULL,
  start_month INTEGER NOT NULL DEFAULT 0,
  end_month INTEGER,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS time_studies (
  id VARCHAR PRIMARY KEY,
  initiative_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  task VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS time_observations (
  id VARCHAR PRIMARY KEY,
  study_id VARCHAR NOT NULL,
  arm VARCHAR NOT NULL,
  minutes DOUBLE NOT NULL,
  observer VARCHAR,
  observed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL
);
