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
import type { SampleColumns } from './sample-columns';

/** The samples table's columns in table order with their DuckDB types (checked by ingest.test.ts). */
export const SAMPLES_TABLE_LAYOUT: readonly { column: string; type: DuckDBType }[] = [
  { column: 'run_id', type: VARCHAR },
  { column: 'seq', type: INTEGER },
  { column: 'warmup', type: BOOLEAN },
  { column: 'scheduled_at_ms', type: DOUBLE },
  { column: 'sent_at_ms', type: DOUBLE },
  { column: 'send_lag_ms', type: DOUBLE },
  { column: 'queue_ms', type: DOUBLE },
  { column: 'ttft_ms', type: DOUBLE },
  { column: 'e2e_ms', type: DOUBLE },
  { column: 'tpot_ms', type: DOUBLE },
  { column: 'itl_ms', type: LIST(DOUBLE) },
  { column: 'input_tokens', type: INTEGER },
  { column: 'output_tokens', type: INTEGER },
  { column: 'output_tokens_server', type: INTEGER },
  { column: 'output_tokens_client', type: INTEGER },
  { column: 'token_source', type: VARCHAR },
  { column: 'error_kind', type: VARCHAR },
  { column: 'error_message', type: VARCHAR },
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
    columns.seq,
    columns.warmup,
    columns.scheduledAtMs,
    columns.sentAtMs,
    columns.sendLagMs,
    columns.queueMs,
    columns.ttftMs,
    columns.e2eMs,
    columns.tpotMs,
    columns.itlMs.map((gaps) => listValue(gaps)),
    columns.inputTokens,
    columns.outputTokens,
    columns.outputTokensServer,
    columns.outputTokensClient,
    columns.tokenSource,
    columns.errorKind,
    columns.errorMessage,
  ];
}

/** One sample as the GraphQL SampleInput carries it (an object per sample). */
export type SampleRow = { [K in keyof SampleColumns]?: SampleColumns[K][number] | undefined } & {
  seq: number;
  warmup: boolean;
  scheduledAtMs: number;
  sentAtMs: number;
  sendLagMs: number;
  queueMs: number;
  itlMs: number[];
};

/**
 * Turns row objects (GraphQL's appendSamples input) into columns, so that path can use
 * appendSampleBatches too: `appendSampleBatches(tx.connection, [{ runId, samples: rowsToColumns(rows) }])`.
 */
export function rowsToColumns(rows: readonly SampleRow[]): SampleColumns {
  const pick = <K extends keyof SampleColumns>(key: K, empty: SampleColumns[K][number]) =>
    rows.map((row) => (row[key] ?? empty) as SampleColumns[K][number]);
  return {
    seq: pick('seq', 0),
    warmup: pick('warmup', false),
    scheduledAtMs: pick('scheduledAtMs', 0),
    sentAtMs: pick('sentAtMs', 0),
    sendLagMs: pick('sendLagMs', 0),
    queueMs: pick('queueMs', 0),
    ttftMs: pick('ttftMs', null),
    e2eMs: pick('e2eMs', null),
    tpotMs: pick('tpotMs', null),
    itlMs: pick('itlMs', []),
    inputTokens: pick('inputTokens', null),
    outputTokens: pick('outputTokens', null),
    outputTokensServer: pick('outputTokensServer', null),
    outputTokensClient: pick('outputTokensClient', null),
    tokenSource: pick('tokenSource', null),
    errorKind: pick('errorKind', null),
    errorMessage: pick('errorMessage', null),
  };
}
