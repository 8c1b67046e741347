import type { Database } from '../db/duckdb';
import { Role, type Principal } from '../auth/principal';
import { findRun } from '../runs/run.repository';
import type { IngestMetrics } from '../observability/metrics';
import { GroupCommitter } from './group-commit';
import type { CsvUpload } from './csv-body';
import { storeCsvBatch } from './csv-ingest';
import { AuditService } from '../audit/audit.service';
import { batchAuditEntry, type BatchAuditFacts, type IngestCaller } from './ingest-audit';
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

  /**
   * `audit` defaults to a service of its own over the same database (AuditService keeps no state
   * that recordIn/record depend on); app.ts passes the shared one.
   */
  constructor(
    private readonly database: Database,
    private readonly metrics?: IngestMetrics,
    private readonly audit: AuditService = new AuditService(database),
  ) {
    this.committer = new GroupCommitter(database, audit);
  }

  /**
   * The sender's agent id, once it is checked to be an AGENT that owns `runId` (the rules of
   * RunService.appendSamples).
   */
  async ownerAgentId(principal: Principal, runId: string): Promise<string> {
    if (principal.role !== Role.AGENT || !principal.agentId) {
      throw new IngestRefusal(
        403,
        'FORBIDDEN',
        `bulk ingest needs an AGENT token (this token has role ${principal.role})`,
      );
    }
    const run = await findRun(this.database.db, runId);
    if (!run)
      throw new IngestRefusal(
        404,
        'NOT_FOUND',
        `runId: run ${runId} not found (start it with startRun first)`,
      );
    if (run.agentId !== principal.agentId) {
      throw new IngestRefusal(403, 'FORBIDDEN', `runId: run ${runId} belongs to another agent`);
    }
    return principal.agentId;
  }

  /** Stores a columnar JSON batch (group-committed with others arriving meanwhile). */
  async appendBatch(
    principal: Principal,
    batch: BulkBatch,
    clientAddress: string | null = null,
  ): Promise<BulkBatchResult> {
    const agentId = await this.ownerAgentId(principal, batch.runId);
    const rowCount = batch.samples.seq.length;
    const stored = await this.committer
      .submit(agentId, batch, { principal, clientAddress })
      .catch((error: Error) => {
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

  /**
   * Stores a CSV batch (./csv-ingest.ts): ownership is checked first, then `receive` brings the
   * body to disk (so another agent's body is never read), then DuckDB parses, checks and inserts
   * it in one transaction of its own (a batch of thousands needs no group commit to amortise a
   * sync). The file is removed whatever happens.
   */
  async appendCsvBatch(
    caller: IngestCaller,
    target: { runId: string; batchSeq: number },
    receive: () => Promise<CsvUpload>,
  ): Promise<BulkBatchResult> {
    const agentId = await this.ownerAgentId(caller.principal, target.runId);
    const upload = await receive();
    try {
      const batch = { ...target, agentId, path: upload.path, headerLine: upload.headerLine };
      const stored = await storeCsvBatch(this.database, this.audit, batch, caller);
      // The metrics label stays `bulk` (IngestTransport); sample_batches.transport says `bulk-csv`.
      if (stored !== null) this.metrics?.samplesIngested(stored, 'bulk');
      return { ...target, accepted: stored ?? 0, duplicate: stored === null };
    } finally {
      await upload.remove();
    }
  }

  /**
   * Audits a refused attempt by an authenticated caller (bad input, another agent's run, unknown
   * run), in its own transaction: nothing of the batch was stored, so there is nothing to commit with.
   */
  async auditRefusal(
    caller: IngestCaller,
    facts: Omit<BatchAuditFacts, 'accepted' | 'duplicate'>,
  ): Promise<void> {
    await this.audit.record(batchAuditEntry(caller, facts));
  }
}
