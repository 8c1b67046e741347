import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/duckdb';
import { listMigrations, migrate } from '../src/db/migrate';
import { V1_FIXTURE, V1_ROW_COUNTS } from './fixtures/make-v1-fixture';

// A database written by the first release (migrations/0001 only) must open with this code and
// upgrade without losing a row. The fixture is committed and never regenerated casually.

const work = mkdtempSync(join(tmpdir(), 'ys-upgrade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyOfFixture(name: string): string {
  const path = join(work, name);
  writeFileSync(path, gunzipSync(readFileSync(V1_FIXTURE)));
  return path;
}

async function counts(path: string): Promise<Record<string, number>> {
  const database = await openDatabase(path);
  try {
    const result: Record<string, number> = {};
    for (const table of Object.keys(V1_ROW_COUNTS)) {
      const reader = await database.connection.runAndReadAll(`SELECT count(*) FROM ${table}`);
      result[table] = Number(reader.getRowsJS()[0]?.[0]);
    }
    return result;
  } finally {
    await database.close();
  }
}

describe('upgrading a database written by migrations/0001', () => {
  it('the fixture is small and really is a version-1 database', async () => {
    expect(readFileSync(V1_FIXTURE).length).toBeLessThan(1_000_000);
    const path = copyOfFixture('inspect.duckdb');
    const database = await openDatabase(path);
    const versions = (await database.connection.runAndReadAll('SELECT version FROM schema_migrations'))
      .getRowsJS()
      .map((r) => Number(r[0]));
    await database.close();
    expect(versions).toEqual([1]);
    expect(await counts(path)).toEqual(V1_ROW_COUNTS);
  });

  it('applies every later migration and keeps every row and value', async () => {
    const path = copyOfFixture('upgrade.duckdb');
    const database = await openDatabase(path);
    const applied = await migrate(database);
    expect(applied.map((m) => m.version)).toEqual(
      listMigrations()
        .map((m) => m.version)
        .filter((v) => v > 1),
    );
    // Old sample values survive untouched (spot-check a whole run's aggregate).
    const reader = await database.connection.runAndReadAll(
      `SELECT count(*), sum(ttft_ms), sum(len(itl_ms)) FROM samples WHERE run_id = 'run-2'`,
    );
    expect(reader.getRowsJS()[0]?.map(Number)).toEqual([200, 200 * 50 + 2 * 4950, 600]);
    // 0002 fills the new column for old batches.
    const transports = (
      await database.connection.runAndReadAll('SELECT DISTINCT transport FROM sample_batches')
    )
      .getRowsJS()
      .map((r) => r[0]);
    expect(transports).toEqual(['graphql']);
    await database.close();
    expect(await counts(path)).toEqual(V1_ROW_COUNTS);
    // Re-opening the upgraded file applies nothing more.
    const again = await openDatabase(path);
    expect(await migrate(again)).toEqual([]);
    await again.close();
  });

  it('refuses a database written by a newer version, naming the fix', async () => {
    const path = copyOfFixture('newer.duckdb');
    const onlyV1 = mkdtempSync(join(work, 'mig-'));
    copyFileSync(join(listMigrations()[0]!.path), join(onlyV1, '0001_init.sql'));
    const database = await openDatabase(path);
    await migrate(database); // the real (newer) migration set
    await expect(migrate(database, onlyV1)).rejects.toThrow(
      /written by a newer Yardstick.*upgrade yardstick-server/,
    );
    await database.close();
  });
});
