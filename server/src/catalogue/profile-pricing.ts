import type { HardwarePriceRecord, HardwareProfileRecord } from '../db/tables';
import type { Conversion } from '../currency/currency-convert';
import { ownedHourlyCost } from '../finance/hourly-cost';
import { CloudRate, PowerSource, PricingKind, type HourlyCost } from './catalogue.types';

/** Converts an amount between currencies with rates fixed at the report date. */
export type Converter = (amount: number, from: string, to: string) => Conversion;

/**
 * The power an owned unit's energy cost uses, watts: the profile's measured wall power, else
 * TDP per accelerator × accelerator count, else none (0 W, flagged NONE).
 *
 * Worked example: measuredWatts null, tdpWatts 700, count 8 → { 5600, TDP }.
 */
export function profilePower(profile: HardwareProfileRecord): { watts: number; source: PowerSource } {
  if (profile.measuredWatts !== null) return { watts: profile.measuredWatts, source: PowerSource.MEASURED };
  if (profile.tdpWatts !== null) {
    return { watts: profile.tdpWatts * profile.acceleratorCount, source: PowerSource.TDP };
  }
  return { watts: 0, source: PowerSource.NONE };
}

/**
 * Hourly cost of a profile under one price version, converted to `currency`. CLOUD uses the
 * requested hourly rate (falling back to the other one when only one is set); OWNED uses
 * finance/hourly-cost's ownedHourlyCost. Returns null when the price lacks what it needs.
 */
export function hourlyCostOf(
  profile: HardwareProfileRecord,
  price: HardwarePriceRecord,
  cloudRate: CloudRate,
  currency: string,
  convert: Converter,
): HourlyCost | null {
  const base = {
    currency,
    pricing: price.pricing as PricingKind,
    priceId: price.id,
    priceEffectiveFrom: price.effectiveFrom,
  };
  const empty = {
    cloudRate: null,
    capitalPerHour: null,
    energyPerHour: null,
    maintenancePerHour: null,
    hostingPerHour: null,
    powerWatts: null,
    powerSource: null,
  };
  if (price.pricing === PricingKind.CLOUD) {
    const preferred = cloudRate === CloudRate.RESERVED ? price.reservedPerHour : price.onDemandPerHour;
    const used =
      preferred !== null
        ? cloudRate
        : cloudRate === CloudRate.RESERVED
          ? CloudRate.ON_DEMAND
          : CloudRate.RESERVED;
    const perHour = preferred ?? price.reservedPerHour ?? price.onDemandPerHour;
    if (perHour === null) return null;
    const converted = convert(perHour, price.currency, currency);
    return { ...base, ...empty, cloudRate: used, costPerHour: converted.amount, rateIds: converted.rateIds };
  }
  if (price.capex === null || price.amortisationYears === null) return null;
  const power = profilePower(profile);
  const parts = ownedHourlyCost({
    capex: price.capex,
    residualValue: price.residualValue ?? 0,
    amortisationYears: price.amortisationYears,
    discountRatePerYear: price.discountRatePerYear ?? 0,
    maintenancePerYear: price.maintenancePerYear ?? 0,
    hostingPerHour: price.hostingPerHour ?? 0,
    powerWatts: power.watts,
    pue: price.pue ?? 1,
    electricityPerKwh: price.electricityPerKwh ?? 0,
  });
  // Every part is linear in money, so converting each part equals converting the total.
  const factor = convert(1, price.currency, currency);
  return {
    ...base,
    ...empty,
    costPerHour: parts.total * factor.amount,
    capitalPerHour: parts.capitalPerHour * factor.amount,
    energyPerHour: parts.energyPerHour * factor.amount,
    maintenancePerHour: parts.maintenancePerHour * factor.amount,
    hostingPerHour: parts.hostingPerHour * factor.amount,
    powerWatts: power.watts,
    powerSource: power.source,
    rateIds: factor.rateIds,
  };
}
