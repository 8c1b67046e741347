import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { openDatabase, type Database } from '../src/db/duckdb';
import { listMigrations, migrate } from '../src/db/migrate';
import * as tables from '../src/db/tables';

// Every pgTable exported from tables.ts (directly or re-exported from tables/*), so a table added
// there is covered without anyone remembering to list it.
const candidates: unknown[] = [...Object.values(tables), ...tables.ALL_TABLES];
const ALL_TABLES = [...new Set(candidates.filter((v): v is PgTable => is(v, PgTable)))];

// drizzle's pg column types -> the DuckDB data_type information_schema reports for them.
const COMPATIBLE: Record<string, string[]> = {
  PgVarchar: ['VARCHAR'],
  PgText: ['VARCHAR'],
  PgInteger: ['INTEGER'],
  PgDoublePrecision: ['DOUBLE'],
  PgBoolean: ['BOOLEAN'],
  PgJson: ['JSON'],
  PgTimestamp: ['TIMESTAMP WITH TIME ZONE'],
  PgDate: ['DATE'],
  PgDateString: ['DATE'],
  PgBigInt53: ['BIGINT'],
  PgBigInt64: ['BIGINT'],
  PgNumeric: ['DECIMAL', 'DOUBLE'],
  PgNumericNumber: ['DECIMAL', 'DOUBLE'],
  PgReal: ['FLOAT'],
  PgSmallInt: ['SMALLINT'],
  PgUUID: ['UUID'],
};

const ARRAYS: Record<string, string> = {
  'double precision[]': 'DOUBLE[]',
  'integer[]': 'INTEGER[]',
  'varchar[]': 'VARCHAR[]',
  'text[]': 'VARCHAR[]',
};

function expectedDuckType(column: { columnType: string; getSQLType(): string }): string[] {
  if (column.columnType === 'PgArray') {
    const duck = ARRAYS[column.getSQLType()];
    return duck ? [duck] : [];
  }
  const types = COMPATIBLE[column.columnType] ?? [];
  // DECIMAL(p,s) is reported with its precision: accept any.
  return column.columnType.startsWith('PgNumeric')
    ? [...types, column.getSQLType().toUpperCase().replace('NUMERIC', 'DECIMAL')]
    : types;
}

// Statements that lose data. A migration may only ADD or TRANSFORM (see migrations/0002 for a
// transform that keeps every row). Comments are stripped before matching.
const DESTRUCTIVE = [
  /\bDROP\s+(TABLE|COLUMN|SCHEMA|VIEW)\b/i,
  /\bTRUNCATE\b/i,
  /\bDELETE\s+FROM\b/i,
  /\bRENAME\b/i,
];

describe('migrations', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('applies once, records versions, and is a no-op the second time', async () => {
    database = await openDatabase(':memory:');
    const first = await migrate(database);
    expect(first.map((m) => m.version)).toEqual(listMigrations().map((m) => m.version));
    const second = await migrate(database);
    expect(second).toEqual([]);
    const rows = (await database.connection.runAndReadAll('SELECT version, name FROM schema_migrations'))
      .getRowObjectsJS()
      .map((r) => `${r.version}:${r.name}`);
    expect(rows).toContain('1:init');
  });

  it('only ever adds or transforms: no migration drops, truncates, deletes or renames', () => {
    for (const migration of listMigrations()) {
      const sql = readFileSync(migration.path, 'utf8').replace(/--.*$/gm, '');
      for (const pattern of DESTRUCTIVE) {
        expect(
          pattern.test(sql),
          `${migration.path} matches ${pattern} (migrations only add or transform)`,
        ).toBe(false);
      }
    }
  });

  it('matches the drizzle table definitions exactly (names, types, nullability)', async () => {
    database = await openDatabase(':memory:');
    await migrate(database);
    const reader = await database.connection.runAndReadAll(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'main'`,
    );
    const actual = new Map<string, { type: string; nullable: boolean }>();
    const actualTables = new Set<string>();
    for (const row of reader.getRowObjectsJS()) {
      actualTables.add(String(row.table_name));
      actual.set(`${row.table_name}.${row.column_name}`, {
        type: String(row.data_type),
        nullable: row.is_nullable === 'YES',
      });
    }
    const modelled = new Set<string>(['schema_migrations']);
    for (const table of ALL_TABLES) {
      const config = getTableConfig(table);
      modelled.add(config.name);
      const columnsInDb = [...actual.keys()].filter((k) => k.startsWith(`${config.name}.`));
      expect(columnsInDb.sort(), `columns of ${config.name}`).toEqual(
        config.columns.map((c) => `${config.name}.${c.name}`).sort(),
      );
      for (const column of config.columns) {
        const found = actual.get(`${config.name}.${column.name}`);
        expect(expectedDuckType(column), `${config.name}.${column.name} type`).toContain(found?.type);
        expect(found?.nullable, `${config.name}.${column.name} nullability`).toBe(!column.notNull);
      }
    }
    expect([...actualTables].sort()).toEqual([...modelled].sort());
  });
});
