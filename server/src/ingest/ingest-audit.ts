import type { Principal } from '../auth/principal';
import type { AuditEntry } from '../audit/audit.service';

/** Who sent a batch, for its audit record. */
export interface IngestCaller {
  principal: Principal;
  clientAddress: string | null;
}

/** What the audit record of one batch attempt says. */
export interface BatchAuditFacts {
  /** Null when a refused body did not name one. */
  runId: string | null;
  batchSeq: number | null;
  format: 'json' | 'csv';
  /** Samples in the body (0 when it was refused before counting). */
  sampleCount: number;
  /** `OK`, or the error code the attempt was answered with. */
  outcome: string;
  accepted?: number;
  duplicate?: boolean;
  errorMessage?: string;
}

/** The audit operation name of bulk ingest (GraphQL's is `appendSamples`). */
export const INGEST_AUDIT_OPERATION = 'ingestSamples';

/**
 * The audit entry of one bulk batch attempt, for AuditService.recordIn / recordManyIn (a stored or
 * duplicate batch: committed with the batch) or AuditService.record (a refused one). Entity `sample_batch`
 * / run id, as for appendSamples; the arguments are a summary, never the samples.
 */
export function batchAuditEntry(caller: IngestCaller, facts: BatchAuditFacts): AuditEntry {
  return {
    principal: caller.principal,
    clientAddress: caller.clientAddress,
    operation: INGEST_AUDIT_OPERATION,
    entityType: 'sample_batch',
    entityId: facts.runId,
    outcome: facts.outcome,
    errorMessage: facts.errorMessage ?? null,
    args: { runId: facts.runId, batchSeq: facts.batchSeq, format: facts.format, samples: facts.sampleCount },
    after:
      facts.outcome === 'OK'
        ? {
            runId: facts.runId,
            batchSeq: facts.batchSeq,
            accepted: facts.accepted,
            duplicate: facts.duplicate,
          }
        : undefined,
  };
}
