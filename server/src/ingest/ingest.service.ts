import type { Database } from '../db/duckdb';
import { Role, type Principal } from '../auth/principal';
import { findRun } from '../runs/run.repository';
import type { IngestMetrics } from '../observability/metrics';
import { GroupCommitter } from './group-commit';
import { IngestInputError, type BulkBatch } from './sample-columns';

/** What a stored (or recognised) batch answers; the same shape as the GraphQL AppendSamplesPayload. */
export interface BulkBatchResult {
  runId: string;
  batchSeq: number;
  accepted: number;
  duplicate: boolean;
}

/** An expected refusal with its HTTP status and a stable code (the GraphQL codes). */
export class IngestRefusal extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409,
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Bulk sample ingest: the rules of RunService.appendSamples (own runs only, idempotent per
 * (runId, batchSeq), all-or-nothing per batch) over a columnar batch. A batch is acknowledged only
 * after the transaction holding it committed (group commit, ./group-commit.ts), so an acknowledged
 * batch survives a crash (DuckDB's WAL).
 */
export class IngestService {
  private readonly committer: GroupCommitter;

  constructor(
    private readonly database: Database,
    private readonly metrics?: IngestMetrics,
  ) {
    this.committer = new GroupCommitter(database);
  }

  async appendBatch(principal: Principal, batch: BulkBatch): Promise<BulkBatchResult> {
    if (principal.role !== Role.AGENT || !principal.agentId) {
      throw new IngestRefusal(
        403,
        'FORBIDDEN',
        `bulk ingest needs an AGENT token (this token has role ${principal.role})`,
      );
    }
    const run = await findRun(this.database.db, batch.runId);
    if (!run)
      throw new IngestRefusal(
        404,
        'NOT_FOUND',
        `runId: run ${batch.runId} not found (start it with startRun first)`,
      );
    if (run.agentId !== principal.agentId) {
      throw new IngestRefusal(403, 'FORBIDDEN', `runId: run ${batch.runId} belongs to another agent`);
    }
    const rowCount = batch.samples.seq.length;
    const stored = await this.committer.submit(principal.agentId, batch).catch((error: Error) => {
      if (/constraint/i.test(error.message)) {
        throw new IngestInputError(
          'samples.seq',
          'a seq in this batch is already stored for this run (seq must be unique per run)',
        );
      }
      throw error;
    });
    if (stored) this.metrics?.samplesIngested(rowCount, 'bulk');
    return {
      runId: batch.runId,
      batchSeq: batch.batchSeq,
      accepted: stored ? rowCount : 0,
      duplicate: !stored,
    };
  }
}
