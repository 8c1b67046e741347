import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { SAMPLE_COLUMNS, type SampleSqlType } from '@yardstick/schema/samples';
import type { SampleColumns } from './sample-columns';

/** The DuckDB type of each schema SQL type. */
const DUCK_TYPES: Record<SampleSqlType, DuckDBType> = {
  INTEGER,
  DOUBLE,
  BOOLEAN,
  VARCHAR,
  'DOUBLE[]': LIST(DOUBLE),
};

/**
 * The samples table's columns in table order with their DuckDB types: run_id, then the schema's
 * SAMPLE_COLUMNS (checked against the migrated table by ingest.test.ts).
 */
export const SAMPLES_TABLE_LAYOUT: readonly { column: string; type: DuckDBType }[] = [
  { column: 'run_id', type: VARCHAR },
  ...SAMPLE_COLUMNS.map((c) => ({ column: c.column, type: DUCK_TYPES[c.sqlType] })),
];

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Appends batches to `samples` through one DuckDB Appender, in 2048-row data chunks (much faster
 * than appending value by value, which converts every value separately). Runs on the caller's
 * connection, so inside the caller's transaction: nothing is visible, or durable, before its COMMIT.
 * Returns the number of rows appended.
 */
export async function appendSampleBatches(
  connection: DuckDBConnection,
  batches: readonly { runId: string; samples: SampleColumns }[],
): Promise<number> {
  const types = SAMPLES_TABLE_LAYOUT.map((c) => c.type);
  let rows = 0;
  const appender = await connection.createAppender('samples');
  try {
    for (const { runId, samples } of batches) {
      const ordered = orderedColumns(samples);
      const rowCount = samples.seq.length;
      for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
        const end = Math.min(start + CHUNK_ROWS, rowCount);
        const chunk = DuckDBDataChunk.create(types, end - start);
        chunk.setColumns(
          ordered.map((values, i) =>
            i === 0 ? new Array<DuckDBValue>(end - start).fill(runId) : values.slice(start, end),
          ),
        );
        appender.appendDataChunk(chunk);
      }
      rows += rowCount;
    }
    appender.flushSync();
  } catch (error) {
    // A failed flush (e.g. a duplicate seq) leaves the rows buffered, and the appender would try
    // them again when closed or garbage-collected: that later failure aborts whatever transaction
    // the connection runs then. Drop them now, so the caller's ROLLBACK is the end of it.
    appender.clear();
    throw error;
  } finally {
    appender.closeSync();
  }
  return rows;
}

/** One batch: see appendSampleBatches. */
export function appendSampleColumns(connection: DuckDBConnection, runId: string, samples: SampleColumns) {
  return appendSampleBatches(connection, [{ runId, samples }]);
}

/** The batch's columns in table order; index 0 (run_id) is filled per chunk. */
function orderedColumns(columns: SampleColumns): readonly (readonly DuckDBValue[])[] {
  return [
    [],
    ...SAMPLE_COLUMNS.map((c) => {
      const values = columns[c.name] as readonly DuckDBValue[];
      return c.sqlType === 'DOUBLE[]' ? (values as unknown as number[][]).map((v) => listValue(v)) : values;
    }),
  ];
}

/** One sample as the GraphQL SampleInput carries it (an object per sample; omitted fields are absent). */
export type SampleRow = { [K in keyof SampleColumns]?: SampleColumns[K][number] | undefined };

/**
 * Turns row objects (GraphQL's appendSamples input) into columns, so that path can use
 * appendSampleBatches too: `appendSampleBatches(tx.connection, [{ runId, samples: rowsToColumns(rows) }])`.
 * A field a row leaves out takes its column's stand-in (null, [] for itlMs).
 */
export function rowsToColumns(rows: readonly SampleRow[]): SampleColumns {
  const out: Record<string, unknown[]> = {};
  for (const c of SAMPLE_COLUMNS) {
    const name = c.name as keyof SampleRow;
    out[c.name] = rows.map((row) => row[name] ?? c.absent);
  }
  return out as SampleColumns;
}
