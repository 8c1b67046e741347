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
 * Applies every migration not yet recorded in schema_migrations, each in its own transaction.
 * Returns the versions applied now (empty when the database was up to date).
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
  const pending = listMigrations(dir).filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    const sql = readFileSync(migration.path, 'utf8');
    await database.withTransaction(async ({ connection }) => {
      await connection.run(sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
  }
  return pending;
}
