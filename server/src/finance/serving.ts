/**
 * Serving cost: what the selected deployment option costs, month by month, to serve the demand plan
 * (docs/finance-formulas.md "Cost of running a model on hardware": capacity planning, allocation basis). The same
 * function prices the recommendation's options and the serving line of the TCO, so the two agree.
 */
import { HOURS_PER_MONTH } from './discounting.js';
import { planCapacity } from './inference-cost.js';
import type { Demand, ServingPlan } from './model.js';
import { likely } from './ranges.js';

/** One month of a serving plan, at given demand and throughput. */
export interface ServingMonth {
  /** 1-based month number. */
  month: number;
  tasks: number;
  outputTokens: number;
  /** Devices provisioned (null for an API). */
  devices: number | null;
  /** Allocation-basis cost of the month (every provisioned hour), one-time setup included. */
  cost: number;
  /** Output tokens ÷ what the provisioned devices could produce in 730 h (null for an API or no devices). */
  utilisation: number | null;
}

/** A serving plan over the horizon, and the cost per token it really achieves. */
export interface ServingSchedule {
  months: ServingMonth[];
  /** Undiscounted total, setup included. */
  totalCost: number;
  /** Output tokens served (from the start month). */
  totalOutputTokens: number;
  /** Most devices in any month (null for an API). */
  peakDevices: number | null;
  /** Σ output tokens ÷ Σ device capacity over the serving months (null for an API). */
  averageUtilisation: number | null;
  /** $/h × 1e6 ÷ (tokens/s × 3600): per million output tokens if the devices were never idle. */
  costPerMtokAtFullUtilisation: number | null;
  /**
   * Per million output tokens at the plan's own utilisation, allocation basis: Σ monthly device cost
   * (setup excluded) × 1e6 ÷ Σ output tokens = full-utilisation figure ÷ average utilisation.
   */
  realisedCostPerMtok: number | null;
}

/** Tasks in month index t: tasks at month 0 compounded by the demand's growth. */
const tasksAt = (tasksPerMonth: number, demand: Demand, t: number) =>
  tasksPerMonth * (1 + (demand.growthPerMonth ?? 0)) ** t;

/**
 * Serving cost per month (allocation basis) for `tasksPerMonth` at month 0 and `tokensPerSecond`
 * per device (ignored for an API). Devices: `ceil(peak × (1 + headroom) ÷ tokens/s per device)`
 * every month from `startMonth`, each paid 730 h; API: tasks × (in × $in + out × $out) ÷ 1e6.
 * The setup cost falls in `startMonth`.
 *
 * Example: 10M tasks/month × 300 output tokens, peak 2×, 20 % headroom, 1,693 tok/s per device at
 * $2.49/h → peak 2,283 tok/s × 1.2 = 2,740 → 2 devices → 2 × 2.49 × 730 = $3,635.40 per month.
 */
export function servingCostByMonth(
  plan: ServingPlan,
  demand: Demand,
  horizonMonths: number,
  tasksPerMonth: number,
  tokensPerSecond: number,
  into: Float64Array = new Float64Array(horizonMonths),
): Float64Array {
  into.fill(0);
  const start = plan.startMonth ?? 0;
  const out = demand.outputTokensPerTask ?? 0;
  for (let t = start; t < horizonMonths; t++) {
    const tasks = tasksAt(tasksPerMonth, demand, t);
    if (plan.kind === 'api') {
      into[t] =
        (tasks * ((demand.inputTokensPerTask ?? 0) * plan.inputCostPerMtok + out * plan.outputCostPerMtok)) /
        1e6;
    } else {
      const devices = planCapacity({
        tasksPerMonth: tasks,
        tokensPerTask: out,
        peakToAverage: demand.peakToAverage ?? 1,
        tokensPerSecondPerDevice: tokensPerSecond,
        headroomFraction: plan.headroomFraction,
      }).devices;
      into[t] = devices * plan.hourlyCostPerDevice * HOURS_PER_MONTH;
    }
  }
  if (start < horizonMonths) into[start] = (into[start] as number) + (plan.oneTimeCost ?? 0);
  return into;
}

/**
 * The plan month by month at the likely demand and throughput, with its realised cost per token.
 * Example (the servingCostByMonth example, no growth): utilisation 2,283 ÷ 2 ÷ 1,693 ÷ 2 = 0.337 on
 * average (the peak is 2× the average), $0.41/Mtok at full utilisation, $1.21/Mtok realised.
 */
export function servingSchedule(plan: ServingPlan, demand: Demand, horizonMonths: number): ServingSchedule {
  const tps = plan.kind === 'devices' ? likely(plan.tokensPerSecondPerDevice) : 0;
  const tasks0 = likely(demand.tasksPerMonth);
  const cost = servingCostByMonth(plan, demand, horizonMonths, tasks0, tps);
  const start = plan.startMonth ?? 0;
  const out = demand.outputTokensPerTask ?? 0;
  const months: ServingMonth[] = [];
  let outputTokens = 0;
  let capacity = 0;
  let runningCost = 0;
  let peakDevices = 0;
  for (let t = 0; t < horizonMonths; t++) {
    const tasks = t >= start ? tasksAt(tasks0, demand, t) : 0;
    const tokens = tasks * out;
    const setup = t === start ? (plan.oneTimeCost ?? 0) : 0;
    const devices =
      plan.kind === 'devices'
        ? Math.round(((cost[t] as number) - setup) / (plan.hourlyCostPerDevice * HOURS_PER_MONTH) || 0)
        : null;
    const monthCapacity = devices === null ? 0 : devices * tps * HOURS_PER_MONTH * 3600;
    outputTokens += tokens;
    capacity += monthCapacity;
    runningCost += (cost[t] as number) - setup;
    if (devices !== null) peakDevices = Math.max(peakDevices, devices);
    months.push({
      month: t + 1,
      tasks,
      outputTokens: tokens,
      devices,
      cost: cost[t] as number,
      utilisation: monthCapacity > 0 ? tokens / monthCapacity : null,
    });
  }
  const full =
    plan.kind === 'devices'
      ? tps > 0
        ? (plan.hourlyCostPerDevice * 1e6) / (tps * 3600)
        : null
      : outputTokens > 0
        ? (runningCost * 1e6) / outputTokens
        : null;
  return {
    months,
    totalCost: cost.reduce((a, b) => a + b, 0),
    totalOutputTokens: outputTokens,
    peakDevices: plan.kind === 'devices' ? peakDevices : null,
    averageUtilisation: plan.kind === 'devices' && capacity > 0 ? outputTokens / capacity : null,
    costPerMtokAtFullUtilisation: full,
    realisedCostPerMtok: outputTokens > 0 ? (runningCost * 1e6) / outputTokens : null,
  };
}
