import type { MiddlewareFn } from 'type-graphql';
import type { AppContext } from '../context';
import type { TxContext } from '../db/duckdb';
import { getNamedType, GraphQLError } from '../graphql/graphql';
import { runInAuditScope, type MutationAuditScope } from './audit-scope';
import type { AuditEntry } from './audit.service';
import { auditSpecFor, type AuditSpec } from './audited';
import { DENIED, errorCodeOf, isDenial, markRecorded } from './denials';
import { entityRow, initiativeOfEntity } from './entity-state';
import './known-mutations';

/** The id of a mutation result: `id`, `runId`, or the `id` of a direct child object. */
export function entityIdOf(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null;
  const record = result as Record<string, unknown>;
  for (const key of ['id', 'runId']) {
    if (typeof record[key] === 'string') return record[key];
  }
  for (const inner of Object.values(record)) {
    if (inner && typeof inner === 'object' && typeof (inner as { id?: unknown }).id === 'string') {
      return (inner as { id: string }).id;
    }
  }
  return null;
}

/**
 * The entity after the change, inside its transaction: the spec's loader; else the body's
 * result when it is an object (the stored row, or a payload); else the entity's row.
 */
async function afterInside(
  tx: TxContext,
  spec: AuditSpec | undefined,
  entityType: string,
  change: { args: Record<string, unknown>; entityId: string | null; value: unknown },
): Promise<unknown> {
  if (spec?.after) return spec.after(tx, change);
  if (change.value && typeof change.value === 'object') return change.value;
  return (await entityRow(tx.db, entityType, change.entityId)) ?? change.value ?? null;
}

/** Logs a record that could not be written (the answer still goes out; see the cases below). */
function logAuditFailure(operation: string, error: unknown): void {
  console.error(
    JSON.stringify({ level: 'error', msg: 'audit write failed', operation, error: String(error) }),
  );
}

/**
 * Global type-graphql middleware: every root Mutation field writes one audit record — who, when,
 * from where, the arguments, the outcome, the entity's `before` and `after`, and the initiative
 * the entity belongs to.
 *
 * - The record of a change is inserted by the first write transaction the mutation opens, before
 *   its COMMIT (audit-scope.ts): change and record commit together, and a failed insert rolls the
 *   change back. `after` is read inside that transaction.
 * - A mutation that opened no transaction (an idempotent no-op) gets its record afterwards.
 * - A failed attempt (nothing committed) gets a record with the error code in its own small
 *   transaction; an authorisation refusal (FORBIDDEN from a service, e.g. another agent's run)
 *   is recorded as DENIED. Refusals by @Authorized never reach here: audit-denials.plugin.ts.
 * Mutations added later are covered without doing anything; `@Audited` only adds detail.
 */
export const auditMiddleware: MiddlewareFn<AppContext> = async ({ args, context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  const audit = context.services.audit;
  const operation = info.fieldName;
  const spec = auditSpecFor(operation);
  const entityType = spec?.entityType ?? getNamedType(info.returnType).name;
  const givenId = spec?.entityId?.(args) ?? null;
  const before =
    spec?.before && givenId ? await spec.before(context, givenId).catch(() => undefined) : undefined;
  const base: Omit<AuditEntry, 'outcome'> = {
    principal: context.principal,
    clientAddress: context.clientAddress ?? null,
    operation,
    entityType,
    args,
    before,
  };
  // Read before the change: a deleted entity can no longer say which initiative it was in.
  let initiativeBefore: string | null = null;
  const scope: MutationAuditScope = {
    state: 'open',
    async beforeChange(tx) {
      initiativeBefore = await initiativeOfEntity(tx.connection, entityType, givenId);
    },
    async afterChange(tx, value) {
      const entityId = givenId ?? (typeof value === 'string' ? value : entityIdOf(value));
      const after = await afterInside(tx, spec, entityType, { args, entityId, value });
      await audit.recordIn(tx, {
        ...base,
        outcome: 'OK',
        entityId,
        after,
        ...(initiativeBefore ? { initiativeId: initiativeBefore } : {}),
      });
    },
  };
  let result: unknown;
  try {
    result = await runInAuditScope(scope, async () => (await next()) as unknown);
  } catch (error) {
    // Nothing of this mutation committed, unless it failed after its first transaction did; then
    // this second record tells that the mutation as a whole failed after that change.
    markRecorded(error);
    const code = errorCodeOf(error);
    const denied = isDenial(error);
    const message = error instanceof GraphQLError ? error.message : 'internal error';
    await audit
      .record({
        ...base,
        outcome: denied ? DENIED : code,
        entityId: givenId,
        errorMessage: denied ? `${code}: ${message}` : message,
        ...(denied ? { before: undefined } : {}),
      })
      .catch((auditError: unknown) => logAuditFailure(operation, auditError));
    throw error;
  }
  if (scope.state !== 'committed') {
    await audit
      .record({ ...base, outcome: 'OK', entityId: givenId ?? entityIdOf(result), after: result })
      .catch((auditError: unknown) => logAuditFailure(operation, auditError));
  }
  return result;
};
