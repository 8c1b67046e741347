import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { integer, doublePrecision, pgTable, varchar } from 'drizzle-orm/pg-core';
import { openDatabase, type Database } from '../src/db/duckdb';
import { avgNumber, countNumber, sumNumber } from '../src/db/aggregates';

// The drizzle-over-DuckDB adapter against a real in-memory DuckDB.

const t = pgTable('t', { k: varchar('k').notNull(), n: integer('n'), x: doublePrecision('x') });

describe('DuckDB adapter', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function withTable() {
    database = await openDatabase(':memory:');
    await database.withTransaction(({ connection }) =>
      connection.run('CREATE TABLE t (k VARCHAR NOT NULL, n INTEGER, x DOUBLE)'),
    );
    await database.withTransaction(({ db }) =>
      db.insert(t).values([
        { k: 'a', n: 1, x: 0.5 },
        { k: 'a', n: 2, x: 1.5 },
        { k: 'b', n: 40, x: null },
      ]),
    );
    return database;
  }

  it('returns sum/avg/count as numbers, not strings or bigints', async () => {
    const { db } = await withTable();
    const rows = await db
      .select({ k: t.k, total: sumNumber(t.n), mean: avgNumber(t.x), n: countNumber(), xs: countNumber(t.x) })
      .from(t)
      .groupBy(t.k)
      .orderBy(t.k);
    expect(rows).toEqual([
      { k: 'a', total: 3, mean: 1, n: 2, xs: 2 },
      { k: 'b', total: 40, mean: null, n: 1, xs: 0 },
    ]);
    expect(typeof rows[0]!.total).toBe('number');
    // Raw SQL through drizzle: HUGEINT/BIGINT arrive as numbers too.
    const raw = await db.execute(sql`SELECT sum(n) AS s, count(*) AS c FROM t`);
    expect(raw).toEqual([{ s: 43, c: 3 }]);
    // No rows: sum is 0, avg null.
    const [empty] = await db
      .select({ s: sumNumber(t.n), a: avgNumber(t.n) })
      .from(t)
      .where(sql`false`);
    expect(empty).toEqual({ s: 0, a: null });
  });

  it('serialises concurrent writers in arrival order and keeps every write', async () => {
    const database = await withTable();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.withTransaction(async ({ db }) => {
          order.push(i);
          await db.insert(t).values({ k: `w${i}`, n: i, x: null });
          await new Promise((r) => setTimeout(r, i % 3));
          order.push(i);
        }),
      ),
    );
    // Each transaction's two pushes are adjacent (no interleaving) and in arrival order.
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => [i, i]).flat());
    const [row] = await database.db
      .select({ n: countNumber() })
      .from(t)
      .where(sql`k LIKE 'w%'`);
    expect(row!.n).toBe(20);
    expect(database.pendingWrites()).toBe(0);
  });

  it('rolls a failed transaction back completely and keeps serving', async () => {
    const database = await withTable();
    await expect(
      database.withTransaction(async ({ db }) => {
        await db.insert(t).values({ k: 'half', n: 1, x: null });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [row] = await database.db
      .select({ n: countNumber() })
      .from(t)
      .where(sql`k = 'half'`);
    expect(row!.n).toBe(0);
    await database.withTransaction(({ db }) => db.insert(t).values({ k: 'after', n: 1, x: null }));
    const [after] = await database.db
      .select({ n: countNumber() })
      .from(t)
      .where(sql`k = 'after'`);
    expect(after!.n).toBe(1);
  });

  it('refuses a nested transaction instead of deadlocking, and refuses writes after close', async () => {
    const database = await withTable();
    await expect(database.withTransaction(() => database.withTransaction(async () => 1))).rejects.toThrow(
      /inside another transaction/,
    );
    await database.close();
    await expect(database.withTransaction(async () => 1)).rejects.toThrow(/is closed/);
    await database.close(); // idempotent
  });

  it('reports statement durations to the observer', async () => {
    const database = await withTable();
    const seen: { kind: string; ok: boolean; durationMs: number }[] = [];
    database.observeQueries((e) => seen.push(e));
    await database.db.select().from(t);
    await database.withTransaction(({ db }) => db.insert(t).values({ k: 'o', n: 1, x: null }));
    await database.db.execute(sql`SELECT * FROM missing_table`).catch(() => undefined);
    expect(seen.map((e) => `${e.kind}:${e.ok}`)).toEqual(['read:true', 'write:true', 'read:false']);
    expect(seen.every((e) => e.durationMs >= 0 && e.durationMs < 60_000)).toBe(true);
  });
});
