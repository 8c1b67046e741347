import { registerAuditSpec } from './audited';

// Audit detail for mutations whose resolvers live outside this folder (runs/). New mutations
// can use the @Audited decorator on the resolver method instead.

const inputRunId = (args: Record<string, unknown>) =>
  (args.input as { runId?: unknown } | undefined)?.runId as string | undefined;

registerAuditSpec('startRun', { entityType: 'run' });
registerAuditSpec('appendSamples', { entityType: 'sample_batch', entityId: inputRunId });
registerAuditSpec('finishRun', {
  entityType: 'run',
  entityId: inputRunId,
  before: (ctx, id) => ctx.services.runs.get(id),
});
