import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';

// The drizzle-over-DuckDB adapter. See ./README.md for the why; in short: drizzle has no DuckDB
// driver, so its Postgres dialect runs through pg-proxy with a callback that executes the SQL on
// @duckdb/node-api. pg-proxy has no transactions, so writes go through withTransaction, which
// runs BEGIN/COMMIT on a dedicated write connection, one transaction at a time.

/** drizzle over one DuckDB connection (Postgres dialect through pg-proxy). */
export type DrizzleDb = PgRemoteDatabase;

/** What a transaction body gets: drizzle and the raw connection (for the Appender), both in the transaction. */
export interface TxContext {
  db: DrizzleDb;
  connection: DuckDBConnection;
}

/**
 * Sees every intercepted transaction before it runs: calls `run(fn)` (possibly with `fn` wrapped)
 * and returns its promise. The audit layer uses one to put a mutation's record inside the
 * mutation's own transaction (server/src/audit/audit-scope.ts).
 */
export type TransactionInterceptor = <T>(
  fn: (tx: TxContext) => Promise<T>,
  run: (fn: (tx: TxContext) => Promise<T>) => Promise<T>,
) => Promise<T>;

/** Told about every statement drizzle runs: for metrics (durations in milliseconds). */
export type QueryObserver = (event: { durationMs: number; ok: boolean; kind: 'read' | 'write' }) => void;

/** An open embedded store: a read connection, a serialised write connection, and close(). */
export interface Database {
  /** Path of the DuckDB file, or ':memory:'. */
  path: string;
  instance: DuckDBInstance;
  /** drizzle on the shared read connection. Use withTransaction for anything that writes. */
  db: DrizzleDb;
  /** The shared read connection, for SQL drizzle cannot express (quantiles, histograms). */
  connection: DuckDBConnection;
  /**
   * Runs fn inside BEGIN/COMMIT on the dedicated write connection, one transaction at a time, in
   * arrival order. A throw rolls back and rethrows. Calling it again from inside fn is an error
   * (it would wait for itself forever): use the tx it passed you.
   * `{ intercept: false }` skips the interceptor (for writes that must carry nothing extra).
   */
  withTransaction<T>(fn: (tx: TxContext) => Promise<T>, options?: { intercept?: boolean }): Promise<T>;
  /** Installs the interceptor of later transactions (one; a later call replaces it; null removes it). */
  interceptTransactions(interceptor: TransactionInterceptor | null): void;
  /** Transactions waiting for the write connection, the running one included (a metrics gauge). */
  pendingWrites(): number;
  /** Registers the observer of drizzle statements (one; a later call replaces it). */
  observeQueries(observer: QueryObserver | null): void;
  /** Waits for queued transactions, then closes. Later withTransaction calls reject. */
  close(): Promise<void>;
}

/**
 * Converts DuckDB's JS values to what drizzle's pg column mappers expect: BIGINT/HUGEINT (count,
 * sum of integers) arrive as bigint and become numbers (exact up to 2^53, far beyond any count
 * here); lists are converted element-wise. DECIMAL and DOUBLE already arrive as numbers.
 */
export function toDriverValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toDriverValue);
  return value;
}

/** drizzle serialises dates to ISO strings and JSON to strings already; DuckDB casts them on bind. */
function toDuckDbParam(value: unknown): DuckDBValue {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
  return value as DuckDBValue;
}

/** Runs one statement for drizzle's pg-proxy: arrays for method 'all', objects for 'execute'. */
async function runForDrizzle(
  connection: DuckDBConnection,
  sql: string,
  params: unknown[],
  method: 'all' | 'execute',
): Promise<{ rows: unknown[] }> {
  const reader = await connection.runAndReadAll(sql, params.map(toDuckDbParam));
  const rows = reader.getRowsJS().map((row) => row.map(toDriverValue));
  if (method === 'all') return { rows };
  const names = reader.columnNames();
  return { rows: rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]]))) };
}

/** Wraps a connection as a drizzle database; `observe` (optional) hears each statement's duration. */
export function drizzleOver(
  connection: DuckDBConnection,
  observe?: (durationMs: number, ok: boolean) => void,
): DrizzleDb {
  return drizzle(async (sql, params, method) => {
    const startedAt = performance.now();
    try {
      const result = await runForDrizzle(connection, sql, params, method);
      observe?.(performance.now() - startedAt, true);
      return result;
    } catch (error) {
      observe?.(performance.now() - startedAt, false);
      throw error;
    }
  });
}

/**
 * Opens (creating if needed) an embedded DuckDB store.
 * `path` is a file path (its parent directory is created) or ':memory:'.
 */
export async function openDatabase(path: string): Promise<Database> {
  const filePath = path === ':memory:' ? path : resolve(path);
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const instance = await DuckDBInstance.create(filePath);
  const connection = await instance.connect();
  const writeConnection = await instance.connect();
  let observer: QueryObserver | null = null;
  const readDb = drizzleOver(connection, (durationMs, ok) => observer?.({ durationMs, ok, kind: 'read' }));
  const writeDb = drizzleOver(writeConnection, (durationMs, ok) =>
    observer?.({ durationMs, ok, kind: 'write' }),
  );
  // Promise queue: DuckDB allows one open transaction per connection and raises conflicts on
  // concurrent writers, so every write goes through here in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let closed = false;
  const insideTransaction = new AsyncLocalStorage<true>();
  let interceptor: TransactionInterceptor | null = null;

  function withTransaction<T>(
    fn: (tx: TxContext) => Promise<T>,
    options: { intercept?: boolean } = {},
  ): Promise<T> {
    if (interceptor && options.intercept !== false) return interceptor(fn, runTransaction);
    return runTransaction(fn);
  }

  function runTransaction<T>(fn: (tx: TxContext) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error(`database ${filePath} is closed`));
    if (insideTransaction.getStore()) {
      return Promise.reject(
        new Error('withTransaction was called inside another transaction: use the tx the outer one passed'),
      );
    }
    pending += 1;
    const next = queue.then(() =>
      insideTransaction.run(true, async () => {
        await writeConnection.run('BEGIN TRANSACTION');
        try {
          const result = await fn({ db: writeDb, connection: writeConnection });
          await writeConnection.run('COMMIT');
          return result;
        } catch (error) {
          await writeConnection.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
    const settled = next.finally(() => {
      pending -= 1;
    });
    queue = settled.catch(() => undefined);
    return settled;
  }

  return {
    path: filePath,
    instance,
    db: readDb,
    connection,
    withTransaction,
    interceptTransactions(next) {
      interceptor = next;
    },
    pendingWrites: () => pending,
    observeQueries(next) {
      observer = next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      connection.closeSync();
      writeConnection.closeSync();
      instance.closeSync();
    },
  };
}
