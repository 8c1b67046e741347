import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';

/** drizzle over one DuckDB connection (Postgres dialect through pg-proxy). */
export type DrizzleDb = PgRemoteDatabase;

/** What a transaction body gets: drizzle and the raw connection (for the Appender), both in the transaction. */
export interface TxContext {
  db: DrizzleDb;
  connection: DuckDBConnection;
}

/** An open embedded store: a read connection, a serialised write connection, and close(). */
export interface Database {
  /** Path of the DuckDB file, or ':memory:'. */
  path: string;
  instance: DuckDBInstance;
  /** drizzle on the shared read connection. Use withTransaction for anything that writes. */
  db: DrizzleDb;
  connection: DuckDBConnection;
  /** Runs fn inside BEGIN/COMMIT on the dedicated write connection, one transaction at a time. */
  withTransaction<T>(fn: (tx: TxContext) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Converts DuckDB's JS values to what drizzle's pg column mappers expect (bigint -> number). */
function toDriverValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toDriverValue);
  return value;
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

/** drizzle serialises dates to ISO strings and JSON to strings already; DuckDB casts them on bind. */
function toDuckDbParam(value: unknown): DuckDBValue {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
  return value as DuckDBValue;
}

/** Wraps a connection as a drizzle database. */
export function drizzleOver(connection: DuckDBConnection): DrizzleDb {
  return drizzle((sql, params, method) => runForDrizzle(connection, sql, params, method));
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
  const writeDb = drizzleOver(writeConnection);
  // Promise queue: DuckDB allows one open transaction per connection and raises conflicts on
  // concurrent writers, so every write goes through here in arrival order.
  let queue: Promise<unknown> = Promise.resolve();

  function withTransaction<T>(fn: (tx: TxContext) => Promise<T>): Promise<T> {
    const next = queue.then(async () => {
      await writeConnection.run('BEGIN TRANSACTION');
      try {
        const result = await fn({ db: writeDb, connection: writeConnection });
        await writeConnection.run('COMMIT');
        return result;
      } catch (error) {
        await writeConnection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    path: filePath,
    instance,
    db: drizzleOver(connection),
    connection,
    withTransaction,
    async close() {
      await queue;
      connection.closeSync();
      writeConnection.closeSync();
      instance.closeSync();
    },
  };
}
