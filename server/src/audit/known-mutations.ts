import { findRun } from '../runs/run.repository';
import { registerAuditSpec } from './audited';

// Audit detail for mutations whose resolvers live outside this folder (runs/). New mutations
// can use the @Audited decorator on the resolver method instead.

const inputRunId = (args: Record<string, unknown>) =>
  (args.input as { runId?: unknown } | undefined)?.runId as string | undefined;

registerAuditSpec('startRun', { entityType: 'run' });
registerAuditSpec('appendSamples', {
  entityType: 'sample_batch',
  entityId: inputRunId,
  // The transaction body answers "was this batch new?" (RunService.appendSamples); the record
  // holds the AppendSamplesPayload that answer becomes.
  after: (_tx, { args, value }) => {
    const input = args.input as { runId?: unknown; batchSeq?: unknown; samples?: unknown[] } | undefined;
    const count = input?.samples?.length ?? 0;
    return Promise.resolve(
      typeof value === 'boolean'
        ? { runId: input?.runId, batchSeq: input?.batchSeq, accepted: value ? count : 0, duplicate: !value }
        : value,
    );
  },
});
registerAuditSpec('finishRun', {
  entityType: 'run',
  entityId: inputRunId,
  before: (ctx, id) => ctx.services.runs.get(id),
  after: (tx, { entityId }) => (entityId ? findRun(tx.db, entityId) : Promise.resolve(null)),
});
