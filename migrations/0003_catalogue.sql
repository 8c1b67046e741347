-- 0003_catalogue: the hardware catalogue (profiles and dated prices), explicit run -> profile
-- links, and dated currency rates. Owned by server/src/catalogue and server/src/currency.
-- Prices and rates are append-only versions: a report "as of" a date uses, per profile (per
-- currency), the row with the latest effective_from <= that date, so old reports can be reproduced.
-- No foreign keys and no UNIQUE on updatable columns (see 0001_init.sql); the services check both.

CREATE TABLE IF NOT EXISTS hardware_profiles (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  vendor VARCHAR NOT NULL,
  accelerator_model VARCHAR NOT NULL,
  accelerator_count INTEGER NOT NULL,
  accelerator_memory_bytes DOUBLE,
  tdp_watts DOUBLE,
  measured_watts DOUBLE,
  notes VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS hardware_prices (
  id VARCHAR PRIMARY KEY,
  profile_id VARCHAR NOT NULL,
  pricing VARCHAR NOT NULL,
  currency VARCHAR NOT NULL,
  effective_from TIMESTAMPTZ NOT NULL,
  on_demand_per_hour DOUBLE,
  reserved_per_hour DOUBLE,
  capex DOUBLE,
  residual_value DOUBLE,
  amortisation_years DOUBLE,
  discount_rate_per_year DOUBLE,
  maintenance_per_year DOUBLE,
  hosting_per_hour DOUBLE,
  pue DOUBLE,
  electricity_per_kwh DOUBLE,
  source VARCHAR,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS run_hardware_profiles (
  run_id VARCHAR PRIMARY KEY,
  profile_id VARCHAR NOT NULL,
  linked_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS currency_rates (
  id VARCHAR PRIMARY KEY,
  currency VARCHAR NOT NULL,
  usd_per_unit DOUBLE NOT NULL,
  effective_from TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
