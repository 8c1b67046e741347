import { sampleBatches } from '../db/tables';
import type { TxContext } from '../db/duckdb';
import { appendSampleBatches, rowsToColumns } from '../ingest/sample-appender';
import type { SampleInput } from './run.inputs';

/**
 * Records batch (runId, batchSeq) and appends its samples, inside the caller's transaction.
 * Returns false, writing nothing, when the batch was stored before (a retried upload).
 * Samples go through the same chunked Appender path as the bulk endpoint (ingest/sample-appender.ts).
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
  await appendSampleBatches(tx.connection, [{ runId, samples: rowsToColumns(rows) }]);
  return true;
}
