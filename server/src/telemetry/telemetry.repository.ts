import {
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMPTZ,
  timestampTZValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { TxContext } from '../db/duckdb';
import { telemetryBatches } from '../db/tables';
import type { TelemetryReadingInput } from './telemetry.types';

/** telemetry_readings' columns in table order (migrations/0010_telemetry.sql). */
const READING_TYPES = [VARCHAR, INTEGER, VARCHAR, VARCHAR, TIMESTAMPTZ, DOUBLE, DOUBLE, DOUBLE, DOUBLE];

/**
 * Records batch (runId, batchSeq) and appends its readings, inside the caller's transaction.
 * Returns false, writing nothing, when the batch was stored before (a retried upload). Readings go
 * through the Appender in one data chunk per 2048 rows, like samples (ingest/sample-appender.ts).
 */
export async function insertTelemetryBatch(
  tx: TxContext,
  runId: string,
  batchSeq: number,
  readings: readonly TelemetryReadingInput[],
): Promise<boolean> {
  const inserted = await tx.db
    .insert(telemetryBatches)
    .values({ runId, batchSeq, readingCount: readings.length, receivedAt: new Date() })
    .onConflictDoNothing()
    .returning({ runId: telemetryBatches.runId });
  if (inserted.length === 0) return false;
  await appendReadings(tx.connection, runId, batchSeq, readings);
  return true;
}

async function appendReadings(
  connection: DuckDBConnection,
  runId: string,
  batchSeq: number,
  readings: readonly TelemetryReadingInput[],
): Promise<void> {
  const appender = await connection.createAppender('telemetry_readings');
  const orNull = (v: number | null | undefined): DuckDBValue => v ?? null;
  try {
    for (let start = 0; start < readings.length; start += 2048) {
      const part = readings.slice(start, start + 2048);
      const chunk = DuckDBDataChunk.create(READING_TYPES, part.length);
      chunk.setColumns([
        part.map(() => runId),
        part.map(() => batchSeq),
        part.map((r) => r.device),
        part.map((r) => r.collector),
        part.map((r) => timestampTZValue(BigInt(r.at.getTime()) * 1000n)),
        part.map((r) => orNull(r.powerW)),
        part.map((r) => orNull(r.utilisationPct)),
        part.map((r) => orNull(r.memoryUsedBytes)),
        part.map((r) => orNull(r.temperatureC)),
      ]);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } catch (error) {
    appender.clear(); // see sample-appender.ts: buffered rows must not outlive this transaction
    throw error;
  } finally {
    appender.closeSync();
  }
}

/** One device's aggregates in slice i (raw, before the service turns i into seconds). */
export interface TelemetrySliceRow {
  device: string;
  collector: string;
  i: number;
  readings: number;
  powerAvgW: number | null;
  powerMaxW: number | null;
  utilisationAvgPct: number | null;
  memoryMaxBytes: number | null;
  temperatureMaxC: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * A run's readings per (device, collector) in slices of `widthS` seconds counted from `startMs`
 * (epoch ms, the run's startedAt); readings before the start are left out. Only non-empty slices.
 */
export async function telemetrySlices(
  connection: DuckDBConnection,
  runId: string,
  startMs: number,
  widthS: number,
): Promise<TelemetrySliceRow[]> {
  const reader = await connection.runAndReadAll(
    `WITH b AS (
       SELECT floor((epoch_ms(read_at) - $2::DOUBLE) / ($3::DOUBLE * 1000.0))::BIGINT AS i, *
       FROM telemetry_readings WHERE run_id = $1)
     SELECT device, collector, i, count(*) AS readings,
            avg(power_w) AS power_avg, max(power_w) AS power_max, avg(utilisation_pct) AS util_avg,
            max(memory_used_bytes) AS mem_max, max(temperature_c) AS temp_max
     FROM b WHERE i >= 0 GROUP BY device, collector, i ORDER BY device, collector, i`,
    [runId, startMs, widthS],
  );
  return reader.getRowObjectsJS().map((r) => ({
    device: String(r.device),
    collector: String(r.collector),
    i: Number(r.i),
    readings: Number(r.readings),
    powerAvgW: num(r.power_avg),
    powerMaxW: num(r.power_max),
    utilisationAvgPct: num(r.util_avg),
    memoryMaxBytes: num(r.mem_max),
    temperatureMaxC: num(r.temp_max),
  }));
}
