import type { AppContext } from '../context';
import type { TxContext } from '../db/duckdb';

/** How the audit middleware describes one mutation's entity. All parts are optional. */
export interface AuditSpec {
  /** e.g. 'run', 'api_token', 'hardware_price'. Default: the GraphQL return type's name. */
  entityType?: string;
  /** The id of the entity the mutation changes, from its arguments (needed for `before`). */
  entityId?: (args: Record<string, unknown>) => string | null | undefined;
  /** Loads the entity as it is before the mutation runs; stored as `before`. */
  before?: (ctx: AppContext, entityId: string) => Promise<unknown>;
  /**
   * The entity after the change, read inside the mutation's transaction (so it is exactly what
   * commits). `value` is what the transaction body returned. Default: `value` when it is an
   * object, else the entity's row (types in entity-state.ts), else `value`.
   */
  after?: (
    tx: TxContext,
    change: { args: Record<string, unknown>; entityId: string | null; value: unknown },
  ) => Promise<unknown>;
}

const specs = new Map<string, AuditSpec>();

/**
 * Registers how to audit the mutation `fieldName`. Every root mutation is audited anyway (who,
 * when, arguments, outcome, result as `after`, entity id from the result); a spec adds the
 * entity type and the `before` snapshot.
 */
export function registerAuditSpec(fieldName: string, spec: AuditSpec): void {
  specs.set(fieldName, spec);
}

/** The spec registered for a mutation, if any. */
export function auditSpecFor(fieldName: string): AuditSpec | undefined {
  return specs.get(fieldName);
}

/**
 * Method decorator for a `@Mutation` whose GraphQL name is the method name:
 * `@Audited({ entityType: 'hardware_price', entityId: (a) => a.id as string,
 *   before: (ctx, id) => ctx.services.catalogue.findPrice(id) })`.
 */
export function Audited(spec: AuditSpec): MethodDecorator {
  return (_target, propertyKey) => {
    registerAuditSpec(String(propertyKey), spec);
  };
}
