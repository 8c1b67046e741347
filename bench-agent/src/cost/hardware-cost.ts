/**
 * Hourly cost of owned hardware (FINANCE.md):
 *
 *   C_hr = capex_per_year / 8760 + kW × PUE × $/kWh + maintenance_per_year / 8760 + hosting_per_hour
 *   capex_per_year = (price − residual / (1+r)^n) × CRF,  CRF = r(1+r)^n / ((1+r)^n − 1)
 *
 * which reduces to straight-line (price − residual) / n when r = 0. The formulas are the server's
 * (`@yardstick/schema/cost`); this file adds the agent's cost-profile shape, defaults and field checks.
 */
import { capitalRecoveryFactor, HOURS_PER_YEAR, ownedHourlyCost } from '@yardstick/schema/cost';

export { capitalRecoveryFactor, HOURS_PER_YEAR };

/** A hardware cost profile: what the box costs to own and run. */
export interface HardwareCostProfile {
  /** Purchase price, USD. */
  capexUsd: number;
  /** Resale value at the end of `years`, USD (default 0). */
  residualUsd?: number;
  /** Depreciation period, years. */
  years: number;
  /** Cost of capital per year, 0.08 = 8% (default 0: straight-line). */
  discountRatePerYear?: number;
  /** Power draw in kW: measured during the benchmark beats an all-in estimate beats TDP. */
  powerKw: number;
  /** Data-centre power usage effectiveness, ≥ 1 (default 1). */
  pue?: number;
  /** Electricity price, USD per kWh. */
  usdPerKwh: number;
  maintenanceUsdPerYear?: number;
  hostingUsdPerHour?: number;
}

/**
 * Annualised capital cost, USD/year: (price − residual/(1+r)^n) × CRF(r, n).
 * Example: $30,000, residual $6,000, 4 years, r = 0 → (30000 − 6000) / 4 = $6,000/yr;
 * at r = 0.08 → (30000 − 6000/1.36049) × 0.301921 ≈ $7,726.1/yr.
 */
export function capexPerYear(capexUsd: number, residualUsd: number, years: number, ratePerYear = 0): number {
  return (capexUsd - residualUsd / (1 + ratePerYear) ** years) * capitalRecoveryFactor(ratePerYear, years);
}

/** The parts of an hourly cost, USD/hour. */
export interface HourlyCostBreakdown {
  capitalUsdPerHour: number;
  energyUsdPerHour: number;
  maintenanceUsdPerHour: number;
  hostingUsdPerHour: number;
  totalUsdPerHour: number;
}

/**
 * Hourly cost of a profile.
 * Example: $30,000 capex, $6,000 residual, 4 years, r = 0, 0.7 kW, PUE 1.4, $0.12/kWh →
 *   capital 6000/8760 = 0.68493, energy 0.7 × 1.4 × 0.12 = 0.1176, total ≈ $0.80253/hour.
 * @throws RangeError naming the field when a value is out of range.
 */
export function hourlyCost(p: HardwareCostProfile): HourlyCostBreakdown {
  const pue = p.pue ?? 1;
  if (!(p.capexUsd >= 0)) throw new RangeError(`capexUsd must be >= 0 (got ${p.capexUsd})`);
  if (!(pue >= 1)) throw new RangeError(`pue must be >= 1 (got ${pue}); 1.0 = no cooling overhead`);
  if (!(p.powerKw >= 0)) throw new RangeError(`powerKw must be >= 0 (got ${p.powerKw})`);
  if (!(p.usdPerKwh >= 0)) throw new RangeError(`usdPerKwh must be >= 0 (got ${p.usdPerKwh})`);
  const c = ownedHourlyCost({
    capex: p.capexUsd,
    residualValue: p.residualUsd ?? 0,
    amortisationYears: p.years,
    discountRatePerYear: p.discountRatePerYear ?? 0,
    maintenancePerYear: p.maintenanceUsdPerYear ?? 0,
    hostingPerHour: p.hostingUsdPerHour ?? 0,
    powerWatts: p.powerKw * 1000,
    pue,
    electricityPerKwh: p.usdPerKwh,
  });
  return {
    capitalUsdPerHour: c.capitalPerHour,
    energyUsdPerHour: c.energyPerHour,
    maintenanceUsdPerHour: c.maintenancePerHour,
    hostingUsdPerHour: c.hostingPerHour,
    totalUsdPerHour: c.total,
  };
}
