/**
 * The plain-data inputs of the finance engine: an initiative with its cost items and value streams.
 * Every money amount is in the currency named next to it; months are 0-based indexes into the
 * horizon (month index 0 = the first month = "month 1" in reports).
 */
import type { Estimate } from './ranges.js';
import type { TimeSavedEstimate } from './time-study.js';

export const PHASES = ['pilot', 'integration', 'optimization', 'production'] as const;
export type Phase = (typeof PHASES)[number];

/** TCO categories of docs/finance-formulas.md. */
export const COST_CATEGORIES = [
  'infrastructure',
  'software',
  'personnel',
  'data-engineering',
  'security-compliance',
  'change-management',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const VALUE_STREAM_KINDS = [
  'productivity',
  'quality',
  'revenue',
  'cost-avoidance',
  'risk-reduction',
] as const;
export type ValueStreamKind = (typeof VALUE_STREAM_KINDS)[number];

/** A month window in the horizon: `startMonth` inclusive, `endMonth` inclusive (0-based indexes). */
export interface MonthWindow {
  startMonth?: number;
  /** Last month the item applies (inclusive); default: end of horizon. */
  endMonth?: number;
}

export interface CostItem extends MonthWindow {
  id: string;
  name?: string;
  category: CostCategory;
  phase: Phase;
  /**
   * 'one-time': the whole amount in `startMonth`; 'monthly': the amount every month of the window;
   * 'annual': the amount in `startMonth` and every 12 months after, within the window.
   */
  recurrence: 'one-time' | 'monthly' | 'annual';
  /** Amount per occurrence, in `currency` (default: the initiative's currency). */
  amount: Estimate;
  currency?: string;
  /** Risk adjustment upward as a fraction, e.g. 0.1 → costs counted at 110 % (TEI). Default 0. */
  riskUpliftFraction?: number;
}

/** Adoption S-curve `A(t) = maxFraction / (1 + e^(−k (t − midpointMonth)))`. */
export interface AdoptionCurve {
  /** A_max: share of eligible users/tasks that eventually adopt, 0 … 1. */
  maxFraction: Estimate;
  /** k, per month: steepness; 0.5 takes about 9 months from 10 % to 90 % of A_max. */
  steepnessPerMonth: number;
  /** t0: month index at which adoption reaches half of A_max. */
  midpointMonth: number;
}

interface ValueStreamBase extends MonthWindow {
  id: string;
  name?: string;
  phase: Phase;
  /** Risk haircut on the benefit as a fraction (TEI examples use 0.1 … 0.3). Default 0. */
  haircutFraction?: Estimate;
  /** Optional adoption curve multiplying the stream month by month. Default: fully adopted. */
  adoption?: AdoptionCurve;
  /** Currency of the amounts; default the initiative's. */
  currency?: string;
}

/** time saved per task × tasks × loaded hourly rate × recapture rate × adoption(t). */
export interface ProductivityStream extends ValueStreamBase {
  kind: 'productivity';
  /** Hours saved per task: a number, a range, or a time study's result (its 95 % CI becomes the range). */
  timeSavedHoursPerTask: Estimate | TimeSavedEstimate;
  /** Tasks per month at month 0; grows by the initiative demand's `growthPerMonth`. */
  tasksPerMonth: Estimate;
  loadedRatePerHour: Estimate;
  /** Share of saved time turned into valuable work, 0 … 1. */
  recaptureFraction: Estimate;
}

/** defects avoided per month × cost per defect. */
export interface QualityStream extends ValueStreamBase {
  kind: 'quality';
  defectsAvoidedPerMonth: Estimate;
  costPerDefect: Estimate;
}

/** conversion uplift × volume per month × margin per conversion. */
export interface RevenueStream extends ValueStreamBase {
  kind: 'revenue';
  conversionUpliftFraction: Estimate;
  volumePerMonth: Estimate;
  marginPerConversion: Estimate;
}

/** A monthly amount avoided (fees, support costs, turnover). */
export interface CostAvoidanceStream extends ValueStreamBase {
  kind: 'cost-avoidance';
  amountPerMonth: Estimate;
}

/** Expected loss avoided: annual probability reduction × loss per incident ÷ 12, per month. */
export interface RiskReductionStream extends ValueStreamBase {
  kind: 'risk-reduction';
  annualProbabilityReduction: Estimate;
  lossPerIncident: Estimate;
}

export type ValueStream =
  ProductivityStream | QualityStream | RevenueStream | CostAvoidanceStream | RiskReductionStream;

export interface Demand {
  /** Tasks per month at month 0: a number or a range (the Monte Carlo and tornado sample it). */
  tasksPerMonth: Estimate;
  /** Compound growth of tasks per month, e.g. 0.02 = 2 %/month. Default 0. */
  growthPerMonth?: number;
  /** Input (prompt) tokens per task; the serving cost of an API option needs them. Default 0. */
  inputTokensPerTask?: number;
  /** Output tokens per task: what device throughput counts. Default 0. */
  outputTokensPerTask?: number;
  /** Peak-hour ÷ average demand, ≥ 1. Default 1. */
  peakToAverage?: number;
  /** The pilot's own demand: what value labelled pilot is checked against (phase-guard.ts). */
  pilot?: PilotDemand;
}

/** What a pilot serves: `tasksPerMonth` in months 0 … `endMonth` (inclusive). */
export interface PilotDemand {
  tasksPerMonth: number;
  endMonth: number;
}

/**
 * How the initiative serves its demand: the selected deployment option priced at its operating point
 * (serving.ts). It becomes the serving line of the TCO, month by month from the demand plan.
 */
export type ServingPlan = DeviceServing | ApiServing;

interface ServingBase {
  /** Deployment option id: where the figures come from. */
  id: string;
  name?: string;
  /** Phase of the serving cost; production for a system in use. */
  phase: Phase;
  /** TCO category the cost belongs to (devices: infrastructure; an API: software, docs/finance-formulas.md). */
  category: CostCategory;
  /** First month index of serving (0-based). Default 0. */
  startMonth?: number;
  /** Setup cost in `startMonth`. Default 0. */
  oneTimeCost?: number;
}

/** Self-hosted or rented devices sized for the peak at the SLO throughput, paid every hour (allocation basis). */
export interface DeviceServing extends ServingBase {
  kind: 'devices';
  /** Cost of one device (or replica) per hour, in the initiative's currency. */
  hourlyCostPerDevice: number;
  /** Output tokens/s of one device at the SLO operating point; a range adds throughput uncertainty. */
  tokensPerSecondPerDevice: Estimate;
  /** Spare capacity over the peak, e.g. 0.2. Default 0.2. */
  headroomFraction?: number;
}

/** An API priced per million input and output tokens. */
export interface ApiServing extends ServingBase {
  kind: 'api';
  inputCostPerMtok: number;
  outputCostPerMtok: number;
}

/** What the production phase must carry before a production ROI is presented (phase-guard.ts). */
export const PRODUCTION_COST_KEYS = ['serving', ...COST_CATEGORIES] as const;
export type ProductionCostKey = (typeof PRODUCTION_COST_KEYS)[number];

export interface Initiative {
  id: string;
  name: string;
  owner?: string;
  /** The initiative's current phase (what the scorecard is about). */
  phase: Phase;
  /** Months in the horizon; default 36. */
  horizonMonths?: number;
  /** Discount rate per year as a fraction; default 0.10. */
  discountRatePerYear?: number;
  /** ISO 4217 code of every reported figure; default 'USD'. */
  currency?: string;
  /** Currency conversion: units of the initiative's currency per one unit of the keyed currency. */
  fxRates?: Record<string, number>;
  demand?: Demand;
  costItems: CostItem[];
  valueStreams: ValueStream[];
  /** The serving cost's source; needs `demand`. */
  serving?: ServingPlan;
  /**
   * Production cost lines that do not apply, with the reason (e.g. `{ 'data-engineering': 'uses the
   * vendor's hosted index' }`): the phase guard accepts a reason in place of a cost.
   */
  notApplicable?: Partial<Record<ProductionCostKey, string>>;
}

export const DEFAULT_HORIZON_MONTHS = 36;
export const DEFAULT_DISCOUNT_RATE_PER_YEAR = 0.1;
