/**
 * The cost block an agent stores in a run's summary when it ran with a price (`--price-usd-per-hour`
 * or `--cost-profile`): $ per hour, and $ per million output tokens on the usage basis (the run's own
 * busy throughput) and the allocation basis (at the utilisation given, idle hours included). Read
 * without trusting the free-form JSON. Unit-tested in web/test/run-cost.test.ts.
 */
export interface RunCost {
  usdPerHour: number;
  /** Busy hours only: $/h × 1e6 ÷ (output tok/s × 3600). */
  outputUsdPerMtokUsage: number | null;
  /** Every reserved hour at `utilisation`: the usage figure ÷ utilisation. */
  outputUsdPerMtokAllocation: number | null;
  utilisation: number;
  /** 'goodput' when the run had an SLO (only requests meeting it count), else 'throughput'. */
  basis: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;

/** `summary.cost` as RunCost, or null when the run carries no price. */
export function runCostOf(summary: unknown): RunCost | null {
  const cost = field(summary, 'cost');
  const usdPerHour = num(field(cost, 'usdPerHour'));
  if (usdPerHour === null) return null;
  return {
    usdPerHour,
    outputUsdPerMtokUsage: num(field(field(cost, 'usage'), 'outputUsdPerMtok')),
    outputUsdPerMtokAllocation: num(field(field(cost, 'allocation'), 'outputUsdPerMtok')),
    utilisation: num(field(cost, 'utilisation')) ?? 1,
    basis: String(field(cost, 'throughputBasis') ?? 'throughput'),
  };
}
