import type { DuckDBAppender } from '@duckdb/node-api';
import { DOUBLE, LIST } from '@duckdb/node-api';
import { sampleBatches } from '../db/tables';
import type { TxContext } from '../db/duckdb';
import type { SampleInput } from './run.inputs';

const ITL_TYPE = LIST(DOUBLE);

function appendNullable(appender: DuckDBAppender, value: number | null | undefined, kind: 'int' | 'double') {
  if (value === null || value === undefined) appender.appendNull();
  else if (kind === 'int') appender.appendInteger(value);
  else appender.appendDouble(value);
}

function appendText(appender: DuckDBAppender, value: string | null | undefined) {
  if (value === null || value === undefined) appender.appendNull();
  else appender.appendVarchar(value);
}

/**
 * Records batch (runId, batchSeq) and appends its samples, inside the caller's transaction.
 * Returns false, writing nothing, when the batch was stored before (a retried upload).
 * Column order must match the samples table in migrations/0001_init.sql.
 */
export async function insertSampleBatch(
  tx: TxContext,
  runId: string,
  batchSeq: number,
  rows: SampleInput[],
): Promise<boolean> {
  const inserted = await tx.db
    .insert(sampleBatches)
    .values({ runId, batchSeq, sampleCount: rows.length, receivedAt: new Date() })
    .onConflictDoNothing()
    .returning({ runId: sampleBatches.runId });
  if (inserted.length === 0) return false;
  const appender = await tx.connection.createAppender('samples');
  try {
    for (const s of rows) {
      appender.appendVarchar(runId);
      appender.appendInteger(s.seq);
      appender.appendBoolean(s.warmup);
      appender.appendDouble(s.scheduledAtMs);
      appender.appendDouble(s.sentAtMs);
      appender.appendDouble(s.sendLagMs);
      appender.appendDouble(s.queueMs);
      appendNullable(appender, s.ttftMs, 'double');
      appendNullable(appender, s.e2eMs, 'double');
      appendNullable(appender, s.tpotMs, 'double');
      appender.appendList(s.itlMs, ITL_TYPE);
      appendNullable(appender, s.inputTokens, 'int');
      appendNullable(appender, s.outputTokens, 'int');
      appendNullable(appender, s.outputTokensServer, 'int');
      appendNullable(appender, s.outputTokensClient, 'int');
      appendText(appender, s.tokenSource);
      appendText(appender, s.errorKind);
      appendText(appender, s.errorMessage);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // closeSync flushes again; the flush error above is the one worth reporting.
    }
  }
  return true;
}
