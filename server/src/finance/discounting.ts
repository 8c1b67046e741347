/**
 * Discounting conventions shared by every finance module (see docs/finance.md).
 *
 * Time is counted in whole months. Month index `t = 0` is the first month of the horizon and is NOT
 * discounted (Forrester TEI's "initial" period); month `t` is discounted by `(1 + r_m)^t`.
 */

/** Hours in an average month: 8,760 h/year ÷ 12. Used for monthly cost of hourly-priced resources. */
export const HOURS_PER_MONTH = 8760 / 12;

/**
 * Monthly discount rate equivalent to an effective annual rate: `r_m = (1 + r)^(1/12) − 1`.
 *
 * Why this and not `r / 12`: compounding twelve months at `r_m` gives exactly one year at `r`, so a
 * cash flow 12 months out is discounted by exactly `1 + r` — the same as an annual model and the same
 * convention as a spreadsheet's XNPV (which discounts by `(1 + r)^(days/365)`). `r / 12` would treat
 * 10 %/year as an effective 10.47 %/year.
 *
 * Units: fraction per year in, fraction per month out.
 * Example: `monthlyRateFromAnnual(0.10)` ≈ 0.0079741404 (0.797 %/month).
 */
export function monthlyRateFromAnnual(annualRate: number): number {
  if (!Number.isFinite(annualRate) || annualRate <= -1) {
    throw new RangeError(`annualRate must be a finite number above -1 (got ${annualRate})`);
  }
  return Math.pow(1 + annualRate, 1 / 12) - 1;
}

/**
 * Effective annual rate from a monthly rate: `(1 + r_m)^12 − 1` (inverse of monthlyRateFromAnnual).
 * Example: `annualRateFromMonthly(0.01)` ≈ 0.126825 (1 %/month is 12.68 %/year).
 */
export function annualRateFromMonthly(monthlyRate: number): number {
  return Math.pow(1 + monthlyRate, 12) - 1;
}

/**
 * Discount factors `1 / (1 + r_m)^t` for t = 0 … months − 1 (the first is 1: month 0 is undiscounted).
 * Example: `discountFactors(0.01, 3)` → [1, 0.990099, 0.980296].
 */
export function discountFactors(monthlyRate: number, months: number): Float64Array {
  const out = new Float64Array(months);
  let f = 1;
  for (let t = 0; t < months; t++) {
    out[t] = f;
    f /= 1 + monthlyRate;
  }
  return out;
}

// The capital recovery factor lives with the hourly cost of owned hardware: see hourly-cost.ts.
