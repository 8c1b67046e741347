/**
 * Compiles an initiative into cash-flow "lines": each line is a product of scalar inputs (the ones that
 * may carry low/likely/high ranges) times a fixed monthly profile. The split makes every downstream
 * computation cheap: a line's present value is `scale × pvProfile`, so a Monte Carlo iteration or a
 * tornado swing only re-multiplies scalars instead of rebuilding 36-month arrays.
 */
import { discountFactors, monthlyRateFromAnnual } from './discounting.js';
import {
  DEFAULT_DISCOUNT_RATE_PER_YEAR,
  DEFAULT_HORIZON_MONTHS,
  type CostItem,
  type Initiative,
  type Phase,
  type ValueStream,
} from './model.js';
import { likely, type Estimate } from './ranges.js';
import { validateInitiative, FinanceInputError } from './validate.js';
import type { TimeSavedEstimate } from './time-study.js';
import { servingLine } from './serving-line.js';

/** One scalar input of the model; ranged inputs drive the Monte Carlo and the tornado. */
export interface ModelInput {
  /** Path of the field, e.g. `costItems[gpu-lease].amount`. */
  key: string;
  estimate: Estimate;
  /** When true the line uses `1 − value` (haircuts). */
  complement: boolean;
}

export interface CashFlowLine {
  side: 'cost' | 'benefit';
  id: string;
  /** Cost category or value-stream kind. */
  group: string;
  phase: Phase;
  /** Indexes into `CompiledModel.inputs`, multiplied together (complemented where flagged). */
  inputIndexes: number[];
  /** Fixed multiplier: currency conversion, risk uplift, 1/12 for annual figures. */
  constant: number;
  /** Monthly pattern (window, recurrence, growth, adoption shape), length = horizon. */
  profile: Float64Array;
  /** Σ profile[t] × discount[t]. */
  pvProfile: number;
  /**
   * Set on a line whose monthly amounts are not a scalar times `profile` (the serving line: whole
   * devices follow demand and throughput through a ceiling). Writes the amounts at `values` into a
   * scratch array it returns; `constant`, `profile` and `pvProfile` are then unused.
   */
  monthly?: (values: ArrayLike<number>) => Float64Array;
  /** 'serving': the serving line of the selected deployment option (serving.ts). */
  source?: 'serving';
  /** Productivity streams: the index of its tasksPerMonth input (the phase guard caps pilot value). */
  tasksInput?: number;
}

export interface CompiledModel {
  initiative: Initiative;
  currency: string;
  horizonMonths: number;
  discountRatePerYear: number;
  monthlyRate: number;
  discount: Float64Array;
  inputs: ModelInput[];
  lines: CashFlowLine[];
  /** Tasks per month (demand with growth), length = horizon; zeros when no demand is given. */
  tasksByMonth: Float64Array;
}

export { FinanceInputError };

/** Compiles and validates an initiative (throws FinanceInputError listing every bad field). */
export function compileInitiative(initiative: Initiative): CompiledModel {
  validateInitiative(initiative);
  const horizonMonths = initiative.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  const discountRatePerYear = initiative.discountRatePerYear ?? DEFAULT_DISCOUNT_RATE_PER_YEAR;
  const monthlyRate = monthlyRateFromAnnual(discountRatePerYear);
  const discount = discountFactors(monthlyRate, horizonMonths);
  const currency = initiative.currency ?? 'USD';
  const growth = initiative.demand?.growthPerMonth ?? 0;
  const inputs: ModelInput[] = [];
  const addInput = (key: string, estimate: Estimate | TimeSavedEstimate, complement = false): number => {
    const e: Estimate =
      typeof estimate === 'object' && 'kind' in estimate
        ? { low: estimate.ci95Low, likely: estimate.meanSaved, high: estimate.ci95High }
        : estimate;
    inputs.push({ key, estimate: e, complement });
    return inputs.length - 1;
  };
  const fx = (c: string | undefined): number =>
    !c || c === currency ? 1 : (initiative.fxRates?.[c] as number);
  const lines: CashFlowLine[] = [];
  const push = (line: Omit<CashFlowLine, 'pvProfile'>) => {
    let pv = 0;
    for (let t = 0; t < horizonMonths; t++) pv += (line.profile[t] as number) * (discount[t] as number);
    lines.push({ ...line, pvProfile: pv });
  };

  for (const item of initiative.costItems) {
    push({
      side: 'cost',
      id: item.id,
      group: item.category,
      phase: item.phase,
      inputIndexes: [addInput(`costItems[${item.id}].amount`, item.amount)],
      constant: fx(item.currency) * (1 + (item.riskUpliftFraction ?? 0)),
      profile: costProfile(item, horizonMonths),
    });
  }
  for (const s of initiative.valueStreams) {
    const key = (f: string) => `valueStreams[${s.id}].${f}`;
    const idx: number[] = [];
    let constant = fx(s.currency);
    let growthPerMonth = 0;
    let tasksInput: number | undefined;
    switch (s.kind) {
      case 'productivity':
        idx.push(addInput(key('timeSavedHoursPerTask'), s.timeSavedHoursPerTask));
        idx.push(addInput(key('tasksPerMonth'), s.tasksPerMonth));
        tasksInput = idx[1];
        idx.push(addInput(key('loadedRatePerHour'), s.loadedRatePerHour));
        idx.push(addInput(key('recaptureFraction'), s.recaptureFraction));
        growthPerMonth = growth;
        break;
      case 'quality':
        idx.push(addInput(key('defectsAvoidedPerMonth'), s.defectsAvoidedPerMonth));
        idx.push(addInput(key('costPerDefect'), s.costPerDefect));
        break;
      case 'revenue':
        idx.push(addInput(key('conversionUpliftFraction'), s.conversionUpliftFraction));
        idx.push(addInput(key('volumePerMonth'), s.volumePerMonth));
        idx.push(addInput(key('marginPerConversion'), s.marginPerConversion));
        break;
      case 'cost-avoidance':
        idx.push(addInput(key('amountPerMonth'), s.amountPerMonth));
        break;
      case 'risk-reduction':
        idx.push(addInput(key('annualProbabilityReduction'), s.annualProbabilityReduction));
        idx.push(addInput(key('lossPerIncident'), s.lossPerIncident));
        constant /= 12;
        break;
    }
    if (s.adoption) idx.push(addInput(key('adoption.maxFraction'), s.adoption.maxFraction));
    if (s.haircutFraction !== undefined) idx.push(addInput(key('haircutFraction'), s.haircutFraction, true));
    push({
      side: 'benefit',
      id: s.id,
      group: s.kind,
      phase: s.phase,
      inputIndexes: idx,
      constant,
      profile: streamProfile(s, horizonMonths, growthPerMonth),
      ...(tasksInput === undefined ? {} : { tasksInput }),
    });
  }
  if (initiative.serving && initiative.demand) {
    push(servingLine(initiative.serving, initiative.demand, horizonMonths, addInput));
  }
  const tasksByMonth = new Float64Array(horizonMonths);
  if (initiative.demand) {
    const tasks = likely(initiative.demand.tasksPerMonth);
    for (let t = 0; t < horizonMonths; t++) tasksByMonth[t] = tasks * (1 + growth) ** t;
  }
  return {
    initiative,
    currency,
    horizonMonths,
    discountRatePerYear,
    monthlyRate,
    discount,
    inputs,
    lines,
    tasksByMonth,
  };
}

/** Monthly pattern of a cost item: 1 in each month the amount is incurred. */
export function costProfile(item: CostItem, horizonMonths: number): Float64Array {
  const p = new Float64Array(horizonMonths);
  const start = item.startMonth ?? 0;
  const end = Math.min(item.endMonth ?? horizonMonths - 1, horizonMonths - 1);
  if (item.recurrence === 'one-time') {
    if (start < horizonMonths) p[start] = 1;
    return p;
  }
  const step = item.recurrence === 'annual' ? 12 : 1;
  for (let t = start; t <= end; t += step) p[t] = 1;
  return p;
}

/** Adoption shape without A_max: `1 / (1 + e^(−k (t − t0)))`. Example: k = 0.5, t0 = 6 → 0.5 at t = 6. */
export function adoptionShape(t: number, steepnessPerMonth: number, midpointMonth: number): number {
  return 1 / (1 + Math.exp(-steepnessPerMonth * (t - midpointMonth)));
}

function streamProfile(s: ValueStream, horizonMonths: number, growthPerMonth: number): Float64Array {
  const p = new Float64Array(horizonMonths);
  const start = s.startMonth ?? 0;
  const end = Math.min(s.endMonth ?? horizonMonths - 1, horizonMonths - 1);
  for (let t = start; t <= end; t++) {
    const a = s.adoption ? adoptionShape(t, s.adoption.steepnessPerMonth, s.adoption.midpointMonth) : 1;
    p[t] = a * (1 + growthPerMonth) ** t;
  }
  return p;
}

/** The likely value of every input (the deterministic case). */
export function likelyValues(model: CompiledModel): Float64Array {
  return Float64Array.from(model.inputs, (i) => likely(i.estimate));
}

/** A line's scalar multiplier for the given input values. */
export function lineScale(model: CompiledModel, line: CashFlowLine, values: ArrayLike<number>): number {
  let s = line.constant;
  for (const i of line.inputIndexes) {
    const v = values[i] as number;
    s *= (model.inputs[i] as ModelInput).complement ? 1 - v : v;
  }
  return s;
}

/**
 * Adds `sign` × the line's monthly amounts at `values` into `target` (length = horizon) and returns
 * the line's present value. A plain line costs one multiply per month; the serving line recomputes
 * its devices month by month.
 */
export function addLine(
  model: CompiledModel,
  line: CashFlowLine,
  values: ArrayLike<number>,
  target: Float64Array | number[],
  sign = 1,
): number {
  const H = model.horizonMonths;
  if (line.monthly) {
    const m = line.monthly(values);
    let pv = 0;
    for (let t = 0; t < H; t++) {
      const v = m[t] as number;
      target[t] = (target[t] as number) + sign * v;
      pv += v * (model.discount[t] as number);
    }
    return pv;
  }
  const s = lineScale(model, line, values);
  const signed = sign * s;
  const p = line.profile;
  for (let t = 0; t < H; t++) target[t] = (target[t] as number) + signed * (p[t] as number);
  return s * line.pvProfile;
}

/** Present value of one line at the given input values. */
export function linePv(model: CompiledModel, line: CashFlowLine, values: ArrayLike<number>): number {
  if (!line.monthly) return lineScale(model, line, values) * line.pvProfile;
  const m = line.monthly(values);
  let pv = 0;
  for (let t = 0; t < model.horizonMonths; t++) pv += (m[t] as number) * (model.discount[t] as number);
  return pv;
}

/** Present values of costs and benefits for the given input values (no monthly arrays built). */
export function presentValues(
  model: CompiledModel,
  values: ArrayLike<number>,
): { pvCosts: number; pvBenefits: number } {
  let pvCosts = 0;
  let pvBenefits = 0;
  for (const line of model.lines) {
    const pv = linePv(model, line, values);
    if (line.side === 'cost') pvCosts += pv;
    else pvBenefits += pv;
  }
  return { pvCosts, pvBenefits };
}

/** Monthly cost and benefit totals (positive numbers) for the given input values. */
export function monthlyTotals(
  model: CompiledModel,
  values: ArrayLike<number>,
  into?: { costs: Float64Array; benefits: Float64Array },
): { costs: Float64Array; benefits: Float64Array } {
  const costs = into?.costs ?? new Float64Array(model.horizonMonths);
  const benefits = into?.benefits ?? new Float64Array(model.horizonMonths);
  costs.fill(0);
  benefits.fill(0);
  for (const line of model.lines) addLine(model, line, values, line.side === 'cost' ? costs : benefits);
  return { costs, benefits };
}
