-- 0010_telemetry: hardware readings sampled by the agent's collectors while a run is in progress
-- (bench-agent/src/telemetry), uploaded with appendTelemetry and read back by Run.telemetrySeries.
-- Owned by server/src/telemetry. Rows are only ever inserted.
-- telemetry_batches makes appendTelemetry idempotent per (run_id, batch_seq): a retried batch finds
-- its row and stores nothing again. No foreign keys (see 0001_init.sql); the service checks the run.

CREATE TABLE IF NOT EXISTS telemetry_batches (
  run_id VARCHAR NOT NULL,
  batch_seq INTEGER NOT NULL,
  reading_count INTEGER NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, batch_seq)
);

-- One reading of one device. device: 'gpu:0', 'cpu-package:0', 'host'; collector: 'nvidia-smi',
-- 'rapl', 'host', ... Each measure is NULL when the collector does not report it.
CREATE TABLE IF NOT EXISTS telemetry_readings (
  run_id VARCHAR NOT NULL,
  batch_seq INTEGER NOT NULL,
  device VARCHAR NOT NULL,
  collector VARCHAR NOT NULL,
  read_at TIMESTAMPTZ NOT NULL,
  power_w DOUBLE,
  utilisation_pct DOUBLE,
  memory_used_bytes DOUBLE,
  temperature_c DOUBLE
);
