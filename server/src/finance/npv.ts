/**
 * Net present value, return on investment and payback over monthly cash flows.
 * Convention: index 0 is the first month and is not discounted (docs/finance.md).
 */
import { discountFactors } from './discounting.js';

/**
 * Net present value: `NPV = Σ CF_t / (1 + r)^t`, t = 0 … n−1 — the first flow is NOT discounted.
 *
 * A spreadsheet's `NPV(r; v1 … vn)` discounts its first value by one period; the same figure is
 * `CF_0 + NPV(r; CF_1 … CF_n−1)` there (see `spreadsheetNpv`).
 *
 * Units: `rate` is a fraction per period (monthly for monthly flows); flows and result in one currency.
 * Example: `npv(0.1, [-1000, 500, 500, 500])` ≈ 243.43 (= −1000 + 500/1.1 + 500/1.21 + 500/1.331).
 */
export function npv(rate: number, cashFlows: ArrayLike<number>): number {
  if (rate <= -1) throw new RangeError(`rate must be above -1 (got ${rate})`);
  let sum = 0;
  let f = 1;
  for (let t = 0; t < cashFlows.length; t++) {
    sum += (cashFlows[t] as number) * f;
    f /= 1 + rate;
  }
  return sum;
}

/**
 * The spreadsheet NPV function (Excel, LibreOffice, Google Sheets): every value is discounted,
 * the first by one period: `Σ v_i / (1 + r)^i`, i = 1 … n.
 * Example: `spreadsheetNpv(0.1, [-1000, 500, 500, 500])` ≈ 221.30 (= npv(...) / 1.1).
 */
export function spreadsheetNpv(rate: number, values: ArrayLike<number>): number {
  return npv(rate, values) / (1 + rate);
}

/** Present values of a benefit and a cost series and the ROI built from them. */
export interface RoiResult {
  /** Present value of benefits, currency units. */
  pvBenefits: number;
  /** Present value of costs (a positive number), currency units. */
  pvCosts: number;
  /** NPV = pvBenefits − pvCosts. */
  npv: number;
  /** ROI = (pvBenefits − pvCosts) / pvCosts as a fraction; null when there are no costs. */
  roi: number | null;
}

/**
 * ROI on present values, Forrester TEI style: `ROI = (PV benefits − PV costs) / PV costs`.
 * Costs are given as positive amounts.
 *
 * Example: benefits [0, 600, 600], costs [1000, 0, 0], rate 0.1 → pvBenefits = 545.45 + 495.87 =
 * 1041.32, pvCosts = 1000, npv = 41.32, roi = 0.04132 (4.1 %).
 */
export function roi(rate: number, benefits: ArrayLike<number>, costs: ArrayLike<number>): RoiResult {
  const pvBenefits = npv(rate, benefits);
  const pvCosts = npv(rate, costs);
  return {
    pvBenefits,
    pvCosts,
    npv: pvBenefits - pvCosts,
    roi: pvCosts > 0 ? (pvBenefits - pvCosts) / pvCosts : null,
  };
}

/** When cumulative net cash flow first turns non-negative. */
export interface Payback {
  /**
   * 1-based month number (month 1 = index 0) at the end of which the cumulative net cash flow is
   * first ≥ 0; null when it never is within the horizon.
   */
  paybackMonth: number | null;
  /** True when the cumulative turns negative again after the payback month (e.g. a late re-investment). */
  fallsBackAfterwards: boolean;
}

/**
 * Payback month: the first month whose cumulative net cash flow (optionally discounted) is ≥ 0.
 *
 * Units: `monthlyRate` fraction per month (0 for undiscounted payback); flows in currency units.
 * Example: `payback([-1000, 400, 400, 400])` → { paybackMonth: 4 } (cumulative −1000, −600, −200, 200);
 * `payback([-1000, 400, 400, 400], 0.1)` → { paybackMonth: null } (discounted cumulative ends at −5.26).
 */
export function payback(netCashFlows: ArrayLike<number>, monthlyRate = 0): Payback {
  const d = discountFactors(monthlyRate, netCashFlows.length);
  let cumulative = 0;
  let paybackMonth: number | null = null;
  let fallsBackAfterwards = false;
  for (let t = 0; t < netCashFlows.length; t++) {
    cumulative += (netCashFlows[t] as number) * (d[t] as number);
    if (paybackMonth === null) {
      if (cumulative >= 0) paybackMonth = t + 1;
    } else if (cumulative < 0) {
      fallsBackAfterwards = true;
    }
  }
  return { paybackMonth, fallsBackAfterwards };
}
