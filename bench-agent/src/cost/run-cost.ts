import { hourlyCost, type HardwareCostProfile, type HourlyCostBreakdown } from './hardware-cost';
import { tokenCostBases, type TokenCost } from './token-cost';

/** How the agent prices a run: a flat hourly price (cloud), or a hardware profile (owned). */
export type CostSource =
  | { kind: 'hourly'; usdPerHour: number }
  | { kind: 'profile'; profile: HardwareCostProfile; powerSource: 'measured' | 'profile' };

/** Cost block stored in a run summary. */
export interface RunCost {
  source: CostSource;
  hourly: HourlyCostBreakdown | null;
  usdPerHour: number;
  utilisation: number;
  /** Busy time only (the run's own throughput). */
  usage: TokenCost;
  /** Every reserved hour (throughput × utilisation); compare API prices with this. */
  allocation: TokenCost;
  /** Throughput the cost is based on: goodput when an SLO was set, else all successful requests. */
  throughputBasis: 'goodput' | 'throughput';
}

/**
 * Prices a run. With a profile and a measured average power (watts, from telemetry), the measured
 * power replaces the profile's `powerKw` ("measured beats estimated", FINANCE.md).
 * Example: { kind: 'hourly', usdPerHour: 2 }, 500 output tok/s → output $1.1111/Mtok.
 */
export function priceRun(
  source: CostSource,
  throughput: { inputTokensPerS: number | null; outputTokensPerS: number | null },
  options: { utilisation?: number; measuredPowerW?: number | null; basis?: 'goodput' | 'throughput' } = {},
): RunCost {
  let hourly: HourlyCostBreakdown | null = null;
  let resolved = source;
  if (source.kind === 'profile') {
    const measured = options.measuredPowerW;
    const profile =
      measured !== undefined && measured !== null && measured > 0
        ? { ...source.profile, powerKw: measured / 1000 }
        : source.profile;
    resolved = { kind: 'profile', profile, powerSource: profile === source.profile ? 'profile' : 'measured' };
    hourly = hourlyCost(profile);
  }
  const usdPerHour = resolved.kind === 'hourly' ? resolved.usdPerHour : hourly!.totalUsdPerHour;
  const bases = tokenCostBases(usdPerHour, throughput, options.utilisation ?? 1);
  return {
    source: resolved,
    hourly,
    usdPerHour,
    utilisation: bases.utilisation,
    usage: bases.usage,
    allocation: bases.allocation,
    throughputBasis: options.basis ?? 'throughput',
  };
}
