import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './duckdb';

/** The repo-root migrations/ folder, resolved from this file's location (server/src/db). */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** One numbered migration file, e.g. 0001_init.sql -> { version: 1, name: 'init' }. */
export interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

/** Lists NNNN_name.sql files in version order; throws on a malformed or repeated number. */
export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const seen = new Set<number>();
  return files
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`migrations/${file}: name must look like 0001_some_name.sql`);
      const version = Number(match[1]);
      if (seen.has(version)) throw new Error(`migrations/${file}: version ${version} is used twice`);
      seen.add(version);
      return { version, name: match[2] ?? '', path: join(dir, file) };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration not yet recorded in schema_migrations, each in its own transaction
 * (DuckDB DDL is transactional: a failing migration leaves no trace and is retried next start).
 * Returns the versions applied now (empty when the database was up to date). Refuses a database
 * that records a version this code does not have (written by a newer Yardstick).
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  await database.withTransaction(async ({ connection }) => {
    await connection.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
    );
  });
  const reader = await database.connection.runAndReadAll('SELECT version FROM schema_migrations');
  const applied = new Set(reader.getRowsJS().map((row) => Number(row[0])));
  const known = listMigrations(dir);
  const unknown = [...applied].filter((v) => !known.some((m) => m.version === v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    throw new Error(
      `${database.path} was written by a newer Yardstick (it has migration ${unknown.join(', ')}, ` +
        `this version knows up to ${known.at(-1)?.version ?? 0}): upgrade yardstick-server, or use another --db`,
    );
  }
  const pending = known.filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    const sql = readFileSync(migration.path, 'utf8');
    await database.withTransaction(async ({ connection }) => {
      await connection.run(sql).catch((error: Error) => {
        throw new Error(
          `migrations/${migration.version.toString().padStart(4, '0')}_${migration.name}.sql failed: ${error.message}`,
        );
      });
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
  }
  return pending;
}
