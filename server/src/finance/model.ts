/**
 * The plain-data inputs of the finance engine: an initiative with its cost items and value streams.
 * Every money amount is in the currency named next to it; months are 0-based indexes into the
 * horizon (month index 0 = the first month = "month 1" in reports).
 */
import type { Estimate } from './ranges.js';
import type { TimeSavedEstimate } from './time-study.js';

export const PHASES = ['pilot', 'integration', 'optimization', 'production'] as const;
export type Phase = (typeof PHASES)[number];

/** TCO categories of FINANCE.md. */
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
  /** Tasks per month at month 0. */
  tasksPerMonth: number;
  /** Compound growth of tasks per month, e.g. 0.02 = 2 %/month. Default 0. */
  growthPerMonth?: number;
}

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
}

export const DEFAULT_HORIZON_MONTHS = 36;
export const DEFAULT_DISCOUNT_RATE_PER_YEAR = 0.1;
