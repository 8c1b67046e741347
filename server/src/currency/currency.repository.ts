import { randomUUID } from 'node:crypto';
import { asc, desc } from 'drizzle-orm';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DrizzleDb } from '../db/duckdb';
import { currencyRates, type CurrencyRateRecord } from '../db/tables';
import type { EffectiveRate } from './currency-convert';

/** Stores a new dated rate (rates are versions: never updated in place); returns the record. */
export async function insertRate(
  db: DrizzleDb,
  rate: { currency: string; usdPerUnit: number; effectiveFrom: Date },
): Promise<CurrencyRateRecord> {
  const record: CurrencyRateRecord = { id: randomUUID(), ...rate, createdAt: new Date() };
  await db.insert(currencyRates).values(record);
  return record;
}

/** Every stored rate, by currency then effective date (newest first). */
export function listRates(db: DrizzleDb): Promise<CurrencyRateRecord[]> {
  return db
    .select()
    .from(currencyRates)
    .orderBy(asc(currencyRates.currency), desc(currencyRates.effectiveFrom), desc(currencyRates.createdAt));
}

/**
 * Per currency, the rate with the latest effective_from <= asOf (the latest recorded wins a
 * tie), as a map by currency code.
 */
export async function ratesAsOf(
  connection: DuckDBConnection,
  asOf: Date,
): Promise<Map<string, EffectiveRate & { effectiveFrom: Date }>> {
  const reader = await connection.runAndReadAll(
    `SELECT id, currency, usd_per_unit, effective_from FROM currency_rates
     WHERE effective_from <= $1::TIMESTAMPTZ
     QUALIFY row_number() OVER (PARTITION BY currency ORDER BY effective_from DESC, created_at DESC) = 1`,
    [asOf.toISOString()],
  );
  const rates = new Map<string, EffectiveRate & { effectiveFrom: Date }>();
  for (const row of reader.getRowObjectsJS()) {
    rates.set(String(row.currency), {
      id: String(row.id),
      currency: String(row.currency),
      usdPerUnit: Number(row.usd_per_unit),
      effectiveFrom: row.effective_from as Date,
    });
  }
  return rates;
}
