import type { Database } from '../db/duckdb';
import type { CurrencyRateRecord } from '../db/tables';
import { badInput } from '../graphql/errors';
import { BASE_CURRENCY, convertAmount, MissingRateError, type Conversion } from './currency-convert';
import { insertRate, listRates, ratesAsOf } from './currency.repository';
import { CURRENCY_CODE, type SetCurrencyRateInput } from './currency.types';

/** Dated currency rates: record them, list them, convert with the ones effective at a date. */
export class CurrencyService {
  constructor(private readonly database: Database) {}

  /** Records a rate version. USD is the pivot and cannot be given a rate. */
  async setRate(input: SetCurrencyRateInput): Promise<CurrencyRateRecord> {
    if (input.currency === BASE_CURRENCY) {
      throw badInput('setCurrencyRate.input.currency', 'USD is the base currency (always 1 USD per unit)');
    }
    const rate = { ...input, effectiveFrom: input.effectiveFrom ?? new Date() };
    return this.database.withTransaction(({ db }) => insertRate(db, rate));
  }

  /** All rate versions, or only those effective at `asOf` (one per currency). */
  async rates(asOf: Date | null | undefined): Promise<CurrencyRateRecord[]> {
    if (!asOf) return listRates(this.database.db);
    const all = await listRates(this.database.db);
    const effective = await ratesAsOf(this.database.connection, asOf);
    const ids = new Set([...effective.values()].map((r) => r.id));
    return all.filter((r) => ids.has(r.id));
  }

  /** A converter bound to the rates effective at `asOf`; errors name `path` and the fix. */
  async converterAsOf(
    asOf: Date,
    path: string,
  ): Promise<(amount: number, from: string, to: string) => Conversion> {
    const rates = await ratesAsOf(this.database.connection, asOf);
    return (amount, from, to) => {
      try {
        return convertAmount(amount, from, to, rates);
      } catch (error) {
        if (error instanceof MissingRateError) {
          throw badInput(path, `${error.message} (as of ${asOf.toISOString()})`);
        }
        throw error;
      }
    };
  }

  /** Converts one amount as of a date. */
  async convert(amount: number, from: string, to: string, asOf: Date) {
    for (const [name, code] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!CURRENCY_CODE.test(code))
        throw badInput(`convertCurrency.${name}`, 'must be a 3-letter code like "EUR"');
    }
    const convert = await this.converterAsOf(asOf, 'convertCurrency');
    const result = convert(amount, from, to);
    return { amount: result.amount, currency: to, asOf, rateIds: result.rateIds };
  }
}
