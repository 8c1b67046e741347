/**
 * "Who last changed it" for the scorecard's assumptions table, from the audit log (newest first).
 * Pure, unit-tested in web/test/finance.test.ts.
 */
import type { AuditRowsFragment } from '@yardstick/schema/generated/web';

export interface LastChange {
  actorName: string;
  actorRole: string;
  operation: string;
  at: string;
}

/** The entity a record is about: its entityId, else the id of the mutation's result (creates). */
function entityOf(node: AuditRowsFragment['edges'][number]['node']): string | null {
  if (node.entityId) return node.entityId;
  const after = node.after as { id?: unknown } | null;
  return after && typeof after.id === 'string' ? after.id : null;
}

/**
 * The newest change of every entity across the given connections (each newest first):
 * lastChanges([{ edges: [{ node: { entityId: 'c1', actorName: 'cfo', … } }] }]).get('c1')?.actorName -> 'cfo'.
 */
export function lastChanges(connections: readonly AuditRowsFragment[]): Map<string, LastChange> {
  const changes = new Map<string, LastChange>();
  for (const connection of connections) {
    for (const { node } of connection.edges) {
      const id = entityOf(node);
      if (!id) continue;
      const known = changes.get(id);
      if (!known || known.at < node.at) {
        changes.set(id, {
          actorName: node.actorName,
          actorRole: node.actorRole,
          operation: node.operation,
          at: node.at,
        });
      }
    }
  }
  return changes;
}
