/**
 * Hourly cost of hardware and cost per million tokens (docs: shared reference FINANCE.md).
 * Pure functions, no I/O, shared by the agent (cost per token of a run) and the server (leaderboard,
 * finance engine) so both price a run with the same formula. Money is in whatever single currency the caller passes in (convert
 * first); time in hours or seconds as the names say; power in watts; energy in kWh or joules.
 */

/** Hours in a (non-leap) year, the convention FINANCE.md's formulas use. */
export const HOURS_PER_YEAR = 8760;

/**
 * Capital recovery factor: the share of a present amount repaid each year over `years` at
 * `ratePerYear` so that the payments' present value equals the amount.
 * `CRF = r(1+r)^n / ((1+r)^n − 1)`, and `1/n` when r = 0.
 *
 * Worked example: crf(0.08, 3) = 0.08 × 1.259712 / 0.259712 ≈ 0.388034 (8%/yr over 3 years).
 */
export function capitalRecoveryFactor(ratePerYear: number, years: number): number {
  if (!(years > 0)) throw new RangeError(`years must be > 0 (got ${years})`);
  if (!(ratePerYear > -1)) throw new RangeError(`ratePerYear must be > -1 (got ${ratePerYear})`);
  if (ratePerYear === 0) return 1 / years;
  const growth = (1 + ratePerYear) ** years;
  return (ratePerYear * growth) / (growth - 1);
}

/** What owning hardware costs, in one currency. */
export interface OwnedHardwareCostInput {
  /** Purchase price (capex), currency units. */
  capex: number;
  /** Expected resale value at the end of the amortisation period, currency units (0 when none). */
  residualValue: number;
  /** Amortisation period, years (> 0). */
  amortisationYears: number;
  /** Discount rate (cost of capital), per year; 0 gives straight-line amortisation. */
  discountRatePerYear: number;
  /** Maintenance and support contracts, currency units per year. */
  maintenancePerYear: number;
  /** Rack space, network and other hosting, currency units per hour. */
  hostingPerHour: number;
  /** Electrical draw of the whole unit while it runs, watts (measured beats estimated beats TDP). */
  powerWatts: number;
  /** Power usage effectiveness of the data centre (≥ 1; 1 means no cooling overhead). */
  pue: number;
  /** Electricity price, currency units per kWh. */
  electricityPerKwh: number;
}

/** The parts of an owned unit's hourly cost, currency units per hour; `total` is their sum. */
export interface HourlyCostBreakdown {
  capitalPerHour: number;
  energyPerHour: number;
  maintenancePerHour: number;
  hostingPerHour: number;
  total: number;
}

/**
 * Hourly cost of owned hardware (FINANCE.md):
 * `C_hr = capex_per_year / 8760 + kW × PUE × $/kWh + maintenance_per_year / 8760 + hosting_per_hour`
 * with `capex_per_year = (capex − residual / (1+r)^n) × CRF(r, n)`.
 *
 * Worked example (r = 0, straight line): capex 250,000, residual 50,000 over 4 years →
 * 50,000/yr → 5.7078/h; 10,200 W × PUE 1.3 × 0.12/kWh → 1.5912/h; maintenance 8,760/yr → 1.0/h;
 * hosting 0.5/h. Total ≈ 8.7990 per hour.
 */
export function ownedHourlyCost(input: OwnedHardwareCostInput): HourlyCostBreakdown {
  const { capex, residualValue, amortisationYears: n, discountRatePerYear: r } = input;
  const presentResidual = residualValue / (1 + r) ** n;
  const capexPerYear = (capex - presentResidual) * capitalRecoveryFactor(r, n);
  const capitalPerHour = capexPerYear / HOURS_PER_YEAR;
  const energyPerHour = (input.powerWatts / 1000) * input.pue * input.electricityPerKwh;
  const maintenancePerHour = input.maintenancePerYear / HOURS_PER_YEAR;
  const total = capitalPerHour + energyPerHour + maintenancePerHour + input.hostingPerHour;
  return { capitalPerHour, energyPerHour, maintenancePerHour, hostingPerHour: input.hostingPerHour, total };
}

/**
 * Cost per million tokens as a ratio of sums: `totalCost × 1e6 / totalTokens`. Null when no
 * tokens were produced. Use it on sums over runs (never average per-run $/Mtok).
 *
 * Worked example: 8.799 spent for 1,800,000 tokens → 4.8883 per million tokens.
 */
export function costPerMillionTokens(totalCost: number, totalTokens: number): number | null {
  return totalTokens > 0 ? (totalCost * 1e6) / totalTokens : null;
}

/**
 * `$/Mtok = $/hour × 1e6 / (tokens/s × 3600)` (FINANCE.md) for one operating point. Null when
 * the throughput is not positive.
 *
 * Worked example: 8.799 per hour at 500 tokens/s → 8.799 × 1e6 / 1,800,000 ≈ 4.8883 per Mtok.
 */
export function costPerMillionTokensAtRate(costPerHour: number, tokensPerS: number): number | null {
  return tokensPerS > 0 ? (costPerHour * 1e6) / (tokensPerS * 3600) : null;
}

/**
 * Cost of holding hardware for `seconds` at `costPerHour`.
 *
 * Worked example: 8.799 per hour for 1,800 s → 4.3995.
 */
export function costForSeconds(costPerHour: number, seconds: number): number {
  return (costPerHour * seconds) / 3600;
}
