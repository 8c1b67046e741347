import type { MiddlewareFn } from 'type-graphql';
import type { AppContext } from '../context';
import { getNamedType, GraphQLError } from '../graphql/graphql';
import { auditSpecFor } from './audited';
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
 * Global type-graphql middleware: every root Mutation field that passed @Authorized writes one
 * audit record — who, when, from where, the arguments, the outcome (OK or the error code), the
 * entity's `before` (when an AuditSpec says how to load it) and the result as `after`.
 * Mutations added later are covered without doing anything; `@Audited` only adds detail.
 * The record is written after the mutation's own transaction; if writing it fails, the error
 * is logged and the mutation's answer is still returned (its change is already committed).
 */
export const auditMiddleware: MiddlewareFn<AppContext> = async ({ args, context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  const spec = auditSpecFor(info.fieldName);
  const entityType = spec?.entityType ?? getNamedType(info.returnType).name;
  const givenId = spec?.entityId?.(args) ?? null;
  const before =
    spec?.before && givenId ? await spec.before(context, givenId).catch(() => undefined) : undefined;
  const write = (entry: {
    outcome: string;
    entityId: string | null;
    after?: unknown;
    errorMessage?: string;
  }) =>
    context.services.audit
      .record({
        principal: context.principal,
        clientAddress: context.clientAddress ?? null,
        operation: info.fieldName,
        entityType,
        args,
        before,
        ...entry,
      })
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({
            level: 'error',
            msg: 'audit write failed',
            operation: info.fieldName,
            error: String(error),
          }),
        );
      });
  try {
    const result: unknown = await next();
    await write({ outcome: 'OK', entityId: givenId ?? entityIdOf(result), after: result });
    return result;
  } catch (error) {
    const code =
      error instanceof GraphQLError ? String(error.extensions.code ?? 'ERROR') : 'INTERNAL_SERVER_ERROR';
    const message = error instanceof GraphQLError ? error.message : 'internal error';
    await write({ outcome: code, entityId: givenId, errorMessage: message });
    throw error;
  }
};
