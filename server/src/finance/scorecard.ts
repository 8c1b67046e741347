/**
 * The ROI scorecard of one initiative: monthly cash flows, NPV, ROI, IRR, payback (undiscounted and
 * discounted), cost per task, TCO and TVO breakdowns, figures by phase and the phase guard — all
 * deterministic, at every input's likely value (or at the values given).
 */
import {
  addLine,
  compileInitiative,
  likelyValues,
  linePv,
  monthlyTotals,
  type CompiledModel,
} from './cash-flows.js';
import { annualRateFromMonthly } from './discounting.js';
import { irr, type IrrResult } from './irr.js';
import { PHASES, type Initiative, type Phase } from './model.js';
import { npv, payback } from './npv.js';
import { phaseGuard, type PhaseGuardResult, type PhaseTotals } from './phase-guard.js';
import { tcoByCategory, tvoByStream, type Breakdown } from './tco-tvo.js';

export interface MonthRow {
  /** 1-based month number. */
  month: number;
  costs: number;
  benefits: number;
  net: number;
  cumulativeNet: number;
  discountedNet: number;
  cumulativeDiscountedNet: number;
}

export interface Scorecard {
  initiativeId: string;
  /** The phase the initiative is in; `byPhase` says which phase each figure comes from. */
  phase: Phase;
  currency: string;
  horizonMonths: number;
  discountRatePerYear: number;
  /** (1 + annual)^(1/12) − 1. */
  discountRatePerMonth: number;
  months: MonthRow[];
  pvCosts: number;
  pvBenefits: number;
  npv: number;
  /** (PV benefits − PV costs) / PV costs; null when there are no costs. */
  roi: number | null;
  /** IRR of the monthly net flows, per month, and annualised ((1 + m)^12 − 1) when unique. */
  irr: IrrResult;
  irrAnnual: number | null;
  paybackMonth: number | null;
  discountedPaybackMonth: number | null;
  /** Undiscounted total cost ÷ total tasks over the horizon; null without demand. */
  costPerTask: number | null;
  tco: Breakdown;
  tvo: Breakdown;
  byPhase: PhaseTotals[];
  phaseGuard: PhaseGuardResult;
  /** The headline figures: only the value the counted costs can buy (equal to the above when like for like). */
  guarded: GuardedFigures;
}

/**
 * The figures with the value the phase guard does not back taken out (each capped line × its
 * monthly factor); costs unchanged. Equal to the scorecard's own when the guard passes.
 */
export interface GuardedFigures {
  likeForLike: boolean;
  pvCosts: number;
  pvBenefits: number;
  npv: number;
  roi: number | null;
  paybackMonth: number | null;
  discountedPaybackMonth: number | null;
  /** Present value of the value left out, and why, per value stream. */
  excluded: { lineId: string; reason: string; pvBenefits: number }[];
}

/**
 * Scorecard of an initiative.
 * Example: one-time cost 100,000 in month 0 and a cost-avoidance stream of 5,000/month for 36 months
 * at 10 %/year → npv ≈ 57,176, roi ≈ 0.572, irrAnnual ≈ 0.577, paybackMonth 20, discountedPaybackMonth 22.
 */
export function scorecard(initiative: Initiative): Scorecard {
  const model = compileInitiative(initiative);
  return scorecardOf(model, likelyValues(model));
}

/** Scorecard of a compiled model at the given input values (what-if overrides, Monte Carlo draws). */
export function scorecardOf(model: CompiledModel, values: ArrayLike<number>): Scorecard {
  const { costs, benefits } = monthlyTotals(model, values);
  const net = costs.map((c, t) => (benefits[t] as number) - c);
  const months: MonthRow[] = [];
  let cum = 0;
  let cumD = 0;
  for (let t = 0; t < model.horizonMonths; t++) {
    const n = net[t] as number;
    const dn = n * (model.discount[t] as number);
    cum += n;
    cumD += dn;
    months.push({
      month: t + 1,
      costs: costs[t] as number,
      benefits: benefits[t] as number,
      net: n,
      cumulativeNet: cum,
      discountedNet: dn,
      cumulativeDiscountedNet: cumD,
    });
  }
  const pvCosts = npv(model.monthlyRate, costs);
  const pvBenefits = npv(model.monthlyRate, benefits);
  const irrResult = irr(net);
  const totalTasks = model.tasksByMonth.reduce((a, b) => a + b, 0);
  const totalCosts = costs.reduce((a, b) => a + b, 0);
  const tco = tcoByCategory(model, values);
  const tvo = tvoByStream(model, values);
  const byPhase: PhaseTotals[] = PHASES.map((phase) => ({
    phase,
    pvCosts: sumPv(model, values, 'cost', phase),
    pvBenefits: sumPv(model, values, 'benefit', phase),
  })).filter((p) => p.pvCosts !== 0 || p.pvBenefits !== 0);
  const guard = phaseGuard(model, values, byPhase);
  return {
    initiativeId: model.initiative.id,
    phase: model.initiative.phase,
    currency: model.currency,
    horizonMonths: model.horizonMonths,
    discountRatePerYear: model.discountRatePerYear,
    discountRatePerMonth: model.monthlyRate,
    months,
    pvCosts,
    pvBenefits,
    npv: pvBenefits - pvCosts,
    roi: pvCosts > 0 ? (pvBenefits - pvCosts) / pvCosts : null,
    irr: irrResult,
    irrAnnual: irrResult.kind === 'unique' ? annualRateFromMonthly(irrResult.ratePerPeriod) : null,
    paybackMonth: payback(net).paybackMonth,
    discountedPaybackMonth: payback(net, model.monthlyRate).paybackMonth,
    costPerTask: totalTasks > 0 ? totalCosts / totalTasks : null,
    tco,
    tvo,
    byPhase,
    phaseGuard: guard,
    guarded: guardedFigures(model, values, costs, benefits, guard),
  };
}

function guardedFigures(
  model: CompiledModel,
  values: ArrayLike<number>,
  costs: Float64Array,
  benefits: Float64Array,
  guard: PhaseGuardResult,
): GuardedFigures {
  const H = model.horizonMonths;
  const kept = Float64Array.from(benefits);
  const excluded: GuardedFigures['excluded'] = [];
  for (const cap of guard.caps) {
    const line = model.lines.find((l) => l.side === 'benefit' && l.id === cap.lineId)!;
    const amounts = new Float64Array(H);
    addLine(model, line, values, amounts);
    let pv = 0;
    for (let t = 0; t < H; t++) {
      const out = (amounts[t] as number) * (1 - (cap.factor[t] as number));
      kept[t] = (kept[t] as number) - out;
      pv += out * (model.discount[t] as number);
    }
    excluded.push({ lineId: cap.lineId, reason: cap.reason, pvBenefits: pv });
  }
  const pvCosts = npv(model.monthlyRate, costs);
  const pvBenefits = npv(model.monthlyRate, kept);
  const net = kept.map((b, t) => b - (costs[t] as number));
  return {
    likeForLike: guard.likeForLike,
    pvCosts,
    pvBenefits,
    npv: pvBenefits - pvCosts,
    roi: pvCosts > 0 ? (pvBenefits - pvCosts) / pvCosts : null,
    paybackMonth: payback(net).paybackMonth,
    discountedPaybackMonth: payback(net, model.monthlyRate).paybackMonth,
    excluded,
  };
}

function sumPv(
  model: CompiledModel,
  values: ArrayLike<number>,
  side: 'cost' | 'benefit',
  phase: Phase,
): number {
  let s = 0;
  for (const line of model.lines) {
    if (line.side !== side || line.phase !== phase) continue;
    s += linePv(model, line, values);
  }
  return s;
}
