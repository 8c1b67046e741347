import { doublePrecision, integer, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';

// Tables of migrations/0010_telemetry.sql (owned by server/src/telemetry). Rows are only inserted.

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per stored appendTelemetry batch: makes the mutation idempotent per (runId, batchSeq). */
export const telemetryBatches = pgTable(
  'telemetry_batches',
  {
    runId: varchar('run_id').notNull(),
    batchSeq: integer('batch_seq').notNull(),
    readingCount: integer('reading_count').notNull(),
    receivedAt: tz('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.batchSeq] })],
);

/** One reading of one device; a measure is null when its collector does not report it. */
export const telemetryReadings = pgTable('telemetry_readings', {
  runId: varchar('run_id').notNull(),
  batchSeq: integer('batch_seq').notNull(),
  /** 'gpu:0', 'cpu-package:0', 'host'. */
  device: varchar('device').notNull(),
  /** 'nvidia-smi', 'amd-smi', 'rocm-smi', 'rapl', 'host'. */
  collector: varchar('collector').notNull(),
  readAt: tz('read_at').notNull(),
  powerW: doublePrecision('power_w'),
  utilisationPct: doublePrecision('utilisation_pct'),
  memoryUsedBytes: doublePrecision('memory_used_bytes'),
  temperatureC: doublePrecision('temperature_c'),
});

/** The tables of this file, for ALL_TABLES (drift test). */
export const TELEMETRY_TABLES = [telemetryBatches, telemetryReadings];
