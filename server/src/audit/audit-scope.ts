import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, TxContext } from '../db/duckdb';

/**
 * One root mutation being resolved. The first write transaction the mutation opens (through
 * `database.withTransaction`, anywhere in the services it calls) also inserts the mutation's
 * audit record, before COMMIT: the change and its record commit together or not at all.
 */
export interface MutationAuditScope {
  /** 'open': no transaction has taken the record yet; 'claimed': one is running; 'committed': done. */
  state: 'open' | 'claimed' | 'committed';
  /** Runs in the transaction before the mutation's own statements (reads of the entity as it was). */
  beforeChange(tx: TxContext): Promise<void>;
  /** Runs in the transaction after them: inserts the record. `value` is what the body returned. */
  afterChange(tx: TxContext, value: unknown): Promise<void>;
}

const current = new AsyncLocalStorage<MutationAuditScope>();

/** Runs `fn` (the resolver) with `scope` as the mutation every transaction inside it belongs to. */
export function runInAuditScope<T>(scope: MutationAuditScope, fn: () => Promise<T>): Promise<T> {
  return current.run(scope, fn);
}

/**
 * Makes the database's transactions write the audit record of the mutation in progress (if any)
 * inside the first transaction that mutation opens. The services keep calling
 * `database.withTransaction` unchanged; nothing outside a mutation scope (ingest, CLI, migrations,
 * background refreshes) is affected, and `withTransaction(fn, { intercept: false })` opts out (the
 * audit log's own group commit). The audit layer owns what goes into the record; the db layer only
 * offers the interception point.
 */
export function installTransactionalAudit(database: Database): void {
  database.interceptTransactions(
    <T>(fn: (tx: TxContext) => Promise<T>, run: (fn: (tx: TxContext) => Promise<T>) => Promise<T>) => {
      const scope = current.getStore();
      if (!scope || scope.state !== 'open') return run(fn);
      scope.state = 'claimed';
      const result = run(async (tx) => {
        await scope.beforeChange(tx);
        const value = await fn(tx);
        await scope.afterChange(tx, value);
        return value;
      });
      result.then(
        () => {
          scope.state = 'committed';
        },
        () => {
          // Rolled back with its record: a later transaction of the same mutation may carry it.
          scope.state = 'open';
        },
      );
      return result;
    },
  );
}
