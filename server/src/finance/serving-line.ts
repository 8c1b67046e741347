/**
 * The serving line of an initiative's TCO: the selected deployment option's cost month by month
 * (serving.ts), with demand (`demand.tasksPerMonth`) and device throughput
 * (`serving.tokensPerSecondPerDevice`) as model inputs, so their ranges reach the Monte Carlo and
 * the tornado. Whole devices make it non-linear in those inputs: it is recomputed per draw.
 */
import type { CashFlowLine } from './cash-flows.js';
import type { Demand, ServingPlan } from './model.js';
import type { Estimate } from './ranges.js';
import { servingCostByMonth } from './serving.js';

/** Model-input keys of the serving line (usable in whatIf, listed by the tornado and Monte Carlo). */
export const SERVING_INPUT_KEYS = {
  tasksPerMonth: 'demand.tasksPerMonth',
  tokensPerSecondPerDevice: 'serving.tokensPerSecondPerDevice',
} as const;

/** Builds the serving line; `addInput` registers a model input and returns its index. */
export function servingLine(
  plan: ServingPlan,
  demand: Demand,
  horizonMonths: number,
  addInput: (key: string, estimate: Estimate) => number,
): Omit<CashFlowLine, 'pvProfile'> {
  const tasks = addInput(SERVING_INPUT_KEYS.tasksPerMonth, demand.tasksPerMonth);
  const tps =
    plan.kind === 'devices'
      ? addInput(SERVING_INPUT_KEYS.tokensPerSecondPerDevice, plan.tokensPerSecondPerDevice)
      : -1;
  const scratch = new Float64Array(horizonMonths);
  return {
    side: 'cost',
    id: `serving:${plan.id}`,
    group: plan.category,
    phase: plan.phase,
    inputIndexes: tps >= 0 ? [tasks, tps] : [tasks],
    constant: 1,
    profile: new Float64Array(horizonMonths),
    source: 'serving',
    monthly: (values) =>
      servingCostByMonth(
        plan,
        demand,
        horizonMonths,
        values[tasks] as number,
        tps >= 0 ? (values[tps] as number) : 0,
        scratch,
      ),
  };
}
