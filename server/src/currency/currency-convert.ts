/**
 * Currency conversion through US dollars with dated rates. Pure: the caller loads the rates
 * effective at the report date (CurrencyRepository.ratesAsOf) and passes them in.
 */

/** The pivot currency: every rate says how many US dollars one unit of a currency buys. */
export const BASE_CURRENCY = 'USD';

/** One currency's rate as effective at some date; `id` is the currency_rates row (null for USD). */
export interface EffectiveRate {
  currency: string;
  usdPerUnit: number;
  id: string | null;
}

/** A converted amount and the rate rows it used (for traceability). */
export interface Conversion {
  amount: number;
  rateIds: string[];
}

/** Thrown when a currency has no rate effective at the report date. */
export class MissingRateError extends Error {
  constructor(readonly currency: string) {
    super(`no ${currency} rate effective at the report date: add one with setCurrencyRate`);
  }
}

/**
 * Converts `amount` from one currency to another: `amount × usdPerUnit(from) / usdPerUnit(to)`.
 * USD needs no rate. Throws MissingRateError when a rate is missing.
 *
 * Worked example: rates EUR 1.10 and GBP 1.25 USD per unit; 100 EUR → 110 USD → 88 GBP.
 */
export function convertAmount(
  amount: number,
  from: string,
  to: string,
  rates: ReadonlyMap<string, EffectiveRate>,
): Conversion {
  if (from === to) return { amount, rateIds: [] };
  const rateIds: string[] = [];
  const usdPer = (currency: string): number => {
    if (currency === BASE_CURRENCY) return 1;
    const rate = rates.get(currency);
    if (!rate) throw new MissingRateError(currency);
    if (rate.id) rateIds.push(rate.id);
    return rate.usdPerUnit;
  };
  const usd = amount * usdPer(from);
  return { amount: usd / usdPer(to), rateIds };
}
