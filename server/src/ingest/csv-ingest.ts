import { eq } from 'drizzle-orm';
import type { Database } from '../db/duckdb';
import { agents } from '../db/tables';
import {
  csvReadError,
  firstRuleFailureSql,
  firstSeqClashSql,
  insertCsvSql,
  parseCsvHeader,
  RULE_FAILED,
  ruleFailureError,
  seqClashError,
  tooManySamplesError,
} from './csv-format';
import type { AuditService } from '../audit/audit.service';
import { batchAuditEntry, type IngestCaller } from './ingest-audit';
import { IngestInputError, MAX_BULK_SAMPLES } from './sample-columns';

/** `sample_batches.transport` of CSV batches (JSON batches say `bulk`). */
export const CSV_TRANSPORT = 'bulk-csv';

/** A CSV batch on disk, for a run its sender was checked to own. */
export interface CsvBatch {
  runId: string;
  batchSeq: number;
  agentId: string;
  path: string;
  headerLine: string;
}

/**
 * Stores one CSV batch in ONE transaction: the (run_id, batch_seq) check (a stored one answers
 * duplicate and reads nothing), `INSERT INTO samples ... FROM read_csv(...)` with every rule checked
 * in SQL, the sample_batches row, the agent's last_seen_at and the batch's audit record. Any
 * failure rolls all of it back; rule and key failures are then diagnosed by re-reading the file
 * (only on that path) to name the column and the first bad sample.
 * Returns the number of samples stored, or null for a duplicate.
 */
export async function storeCsvBatch(
  database: Database,
  audit: AuditService,
  batch: CsvBatch,
  caller: IngestCaller,
): Promise<number | null> {
  const header = parseCsvHeader(batch.headerLine);
  try {
    return await database.withTransaction(async (tx) => {
      const receivedAt = new Date();
      const known = await tx.connection.runAndReadAll(
        'SELECT sample_count FROM sample_batches WHERE run_id = $1 AND batch_seq = $2',
        [batch.runId, batch.batchSeq],
      );
      const facts = { runId: batch.runId, batchSeq: batch.batchSeq, format: 'csv' as const, outcome: 'OK' };
      if (known.currentRowCount > 0) {
        const sampleCount = Number(known.getRowsJS()[0]![0]);
        await audit.recordIn(
          tx,
          batchAuditEntry(caller, { ...facts, sampleCount, accepted: 0, duplicate: true }),
        );
        return null;
      }
      const inserted = await tx.connection.runAndReadAll(insertCsvSql(batch.path, header), [batch.runId]);
      const rows = Number(inserted.getRowsJS()[0]![0]);
      // Counted after parsing (the file is only read once); the throw rolls the rows back.
      if (rows > MAX_BULK_SAMPLES) throw tooManySamplesError(rows);
      await tx.connection.run(
        `INSERT INTO sample_batches (run_id, batch_seq, sample_count, received_at, transport)
         VALUES ($1, $2, $3, $4::TIMESTAMPTZ, '${CSV_TRANSPORT}')`,
        [batch.runId, batch.batchSeq, rows, receivedAt.toISOString()],
      );
      await tx.db.update(agents).set({ lastSeenAt: receivedAt }).where(eq(agents.id, batch.agentId));
      await audit.recordIn(
        tx,
        batchAuditEntry(caller, { ...facts, sampleCount: rows, accepted: rows, duplicate: false }),
        receivedAt,
      );
      return rows;
    });
  } catch (error) {
    throw await explain(database, batch, header, error);
  }
}

/**
 * Turns a DuckDB failure into the IngestInputError naming the column and sample, when it is one.
 * The diagnosis re-reads the whole file, so it can meet a malformed row further down that the
 * aborted INSERT never reached: that row is reported then (a real error, if not the first one).
 */
async function explain(
  database: Database,
  batch: CsvBatch,
  header: ReturnType<typeof parseCsvHeader>,
  error: unknown,
): Promise<unknown> {
  if (error instanceof IngestInputError || !(error instanceof Error)) return error;
  try {
    if (error.message.includes(RULE_FAILED)) {
      const found = await database.connection.runAndReadAll(firstRuleFailureSql(batch.path, header));
      const row = found.getRowsJS()[0];
      return row ? ruleFailureError(header, row) : error;
    }
    if (/^Constraint Error/.test(error.message) && /primary key|duplicate key/i.test(error.message)) {
      const found = await database.connection.runAndReadAll(firstSeqClashSql(batch.path, header), [
        batch.runId,
      ]);
      const [twice, stored] = found.getRowsJS()[0] ?? [null, null];
      return seqClashError(twice, stored);
    }
  } catch (diagnosis) {
    return (diagnosis instanceof Error && csvReadError(diagnosis.message)) || diagnosis;
  }
  return csvReadError(error.message) ?? error;
}
