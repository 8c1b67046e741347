/**
 * Cost of running a model: $/Mtok, break-even utilisation against an API, capacity planning and the
 * allocation vs usage basis (FINANCE.md "Cost of running a model on hardware"). The hourly cost of
 * owned hardware and `$/Mtok = $/hour × 1e6 / (tokens/s × 3600)` (`costPerMillionTokensAtRate`) live
 * in `hourly-cost.ts`; here the hourly cost is an input.
 */
import { HOURS_PER_MONTH } from './discounting.js';
import { costPerMillionTokensAtRate } from './hourly-cost.js';

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * Break-even utilisation against an API: `U* = C_hr × 1e6 / (3600 × tokens/s × API $/Mtok)`. Below U*
 * the API is cheaper; above it, the device (a value > 1 means the device never breaks even).
 *
 * Example: `breakEvenUtilisation(2.0, 1000, 1.0)` ≈ 0.5556 — a $2/h device doing 1,000 tok/s beats a
 * $1/Mtok API once it is busy 55.6 % of the time.
 */
export function breakEvenUtilisation(
  costPerHour: number,
  tokensPerSecond: number,
  apiCostPerMtok: number,
): number {
  if (!(apiCostPerMtok > 0)) throw new RangeError(`apiCostPerMtok must be > 0 (got ${apiCostPerMtok})`);
  if (!(costPerHour >= 0)) throw new RangeError(`costPerHour must be ≥ 0 (got ${costPerHour})`);
  const deviceCostPerMtok = costPerMillionTokensAtRate(costPerHour, tokensPerSecond);
  if (deviceCostPerMtok === null)
    throw new RangeError(`tokensPerSecond must be > 0 (got ${tokensPerSecond})`);
  return deviceCostPerMtok / apiCostPerMtok;
}

/**
 * Blended API price, Artificial Analysis style: input and output $/Mtok weighted 3 : 1.
 * Example: `blendedApiPrice(3, 15)` → 6 ((3 × 3 + 15) / 4).
 */
export function blendedApiPrice(inputPerMtok: number, outputPerMtok: number, inputToOutputRatio = 3): number {
  return (inputToOutputRatio * inputPerMtok + outputPerMtok) / (inputToOutputRatio + 1);
}

export interface CapacityInput {
  tasksPerMonth: number;
  /** Tokens per task counted the same way as `tokensPerSecondPerDevice` (usually output tokens). */
  tokensPerTask: number;
  /** Peak-hour demand ÷ average demand, ≥ 1. */
  peakToAverage: number;
  /** Throughput of one device (or replica) at the latency SLO, tokens per second. */
  tokensPerSecondPerDevice: number;
  /** Spare capacity on top of the peak, e.g. 0.2 = 20 %. Default 0.2. */
  headroomFraction?: number;
}

export interface CapacityPlan {
  averageTokensPerSecond: number;
  peakTokensPerSecond: number;
  /** ceil(peak × (1 + headroom) ÷ per-device throughput); 0 when there is no demand. */
  devices: number;
  /** Average busy share of the provisioned devices, 0 … 1. */
  averageUtilisation: number;
}

/**
 * Devices needed: `ceil(peak tokens/s × (1 + headroom) ÷ tokens/s per device at the SLO)`, with demand
 * `tasks/month × tokens/task ÷ seconds per month` (730 h) times the peak-to-average factor.
 * Example: 1,000,000 tasks × 500 tokens, peak 3×, 1,000 tok/s per device, 20 % headroom → average
 * 190.26 tok/s, peak 570.78, devices = ceil(684.9 / 1000) = 1, utilisation 19 %.
 */
export function planCapacity(c: CapacityInput): CapacityPlan {
  const headroom = c.headroomFraction ?? 0.2;
  if (!(c.tokensPerSecondPerDevice > 0)) throw new RangeError('tokensPerSecondPerDevice must be > 0');
  if (!(c.peakToAverage >= 1)) throw new RangeError(`peakToAverage must be ≥ 1 (got ${c.peakToAverage})`);
  const averageTokensPerSecond = (c.tasksPerMonth * c.tokensPerTask) / SECONDS_PER_MONTH;
  const peakTokensPerSecond = averageTokensPerSecond * c.peakToAverage;
  const devices =
    averageTokensPerSecond > 0
      ? Math.ceil((peakTokensPerSecond * (1 + headroom)) / c.tokensPerSecondPerDevice - 1e-9)
      : 0;
  return {
    averageTokensPerSecond,
    peakTokensPerSecond,
    devices,
    averageUtilisation: devices > 0 ? averageTokensPerSecond / (devices * c.tokensPerSecondPerDevice) : 0,
  };
}

/**
 * Monthly cost on both bases. Allocation: every provisioned hour, idle included (compare this with
 * API prices). Usage: only the busy device-hours the tokens need.
 * Example: 2 devices at $2/h, 100 Mtok/month at 1,000 tok/s → allocation 2 × 2 × 730 = $2,920;
 * usage 27.78 h × $2 = $55.56.
 */
export function monthlyDeviceCost(
  devices: number,
  costPerHourPerDevice: number,
  tokensPerMonth: number,
  tokensPerSecondPerDevice: number,
): { allocationBasis: number; usageBasis: number } {
  return {
    allocationBasis: devices * costPerHourPerDevice * HOURS_PER_MONTH,
    usageBasis: (tokensPerMonth / tokensPerSecondPerDevice / 3600) * costPerHourPerDevice,
  };
}
