import type {
  CostItemRecord,
  DemandRecord,
  DeploymentOptionRecord,
  InitiativeRecord,
  TimeObservationRecord,
  ValueStreamRecord,
} from '../db/tables';
import type { CostItem, Demand, Initiative, Phase, ServingPlan, ValueStream } from '../finance/model';
import type { Estimate, Range } from '../finance/ranges';
import { timeSaved, type TimeSavedEstimate } from '../finance/time-study';

// Stored rows → the pure engine's plain-data Initiative (server/src/finance/model.ts). No I/O.

/** Everything stored about one initiative, as loaded by FinanceService. */
export interface InitiativeBundle {
  initiative: InitiativeRecord;
  demand: DemandRecord | null;
  costItems: CostItemRecord[];
  valueStreams: ValueStreamRecord[];
  deploymentOptions: DeploymentOptionRecord[];
  /** Names of the initiative's time studies, by id. */
  studyNames: Map<string, string>;
  /** Observations of the initiative's time studies, by study id. */
  observations: Map<string, TimeObservationRecord[]>;
}

/** low / likely / high columns → an Estimate (a plain number when low and high are absent). */
export function estimateOf(
  low: number | null,
  likely: number,
  high: number | null,
  distribution?: string | null,
): Estimate {
  if (low === null && high === null) return likely;
  const range: Range = { low: low ?? likely, likely, high: high ?? likely };
  if (distribution === 'pert') range.distribution = 'pert';
  return range;
}

/**
 * A time study's result in hours per task: Welch's mean saving and 95 % CI of the observations
 * (stored in minutes). Null when either arm has fewer than 2 observations.
 * Example: before [10, 12, 14] min, after [7, 8, 9] min → meanSaved 4/60 = 0.0667 h.
 */
export function studyHours(observations: readonly TimeObservationRecord[]): TimeSavedEstimate | null {
  const before = observations.filter((o) => o.arm === 'BEFORE').map((o) => o.minutes);
  const after = observations.filter((o) => o.arm === 'AFTER').map((o) => o.minutes);
  if (before.length < 2 || after.length < 2) return null;
  const minutes = timeSaved(before, after);
  return {
    ...minutes,
    meanSaved: minutes.meanSaved / 60,
    ci95Low: minutes.ci95Low / 60,
    ci95High: minutes.ci95High / 60,
    standardError: minutes.standardError / 60,
  };
}

function costItemOf(row: CostItemRecord): CostItem {
  return {
    id: row.id,
    name: row.name,
    category: row.category as CostItem['category'],
    phase: row.phase as Phase,
    recurrence: row.recurrence as CostItem['recurrence'],
    amount: estimateOf(row.amountLow, row.amountLikely, row.amountHigh, row.distribution),
    currency: row.currency,
    startMonth: row.startMonth,
    ...(row.endMonth === null ? {} : { endMonth: row.endMonth }),
    riskUpliftFraction: row.riskUpliftFraction,
  };
}

function valueStreamOf(
  row: ValueStreamRecord,
  observations: Map<string, TimeObservationRecord[]>,
): ValueStream {
  const params = { ...(row.params as Record<string, Estimate>) } as Record<string, unknown>;
  if (row.kind === 'productivity' && row.timeStudyId) {
    const study = studyHours(observations.get(row.timeStudyId) ?? []);
    // Without enough observations the stream keeps a typed-in value, if any (validation reports it otherwise).
    if (study) params.timeSavedHoursPerTask = study;
  }
  return {
    ...params,
    id: row.id,
    name: row.name,
    kind: row.kind,
    phase: row.phase as Phase,
    haircutFraction: estimateOf(row.haircutLow, row.haircutLikely, row.haircutHigh),
    currency: row.currency,
    startMonth: row.startMonth,
    ...(row.endMonth === null ? {} : { endMonth: row.endMonth }),
    ...(row.adoption ? { adoption: row.adoption as ValueStream['adoption'] } : {}),
  } as ValueStream;
}

/** The engine's Demand of a stored demand row (tasks as a range when low or high is stored). */
export function demandOf(d: DemandRecord): Demand {
  return {
    tasksPerMonth: estimateOf(d.tasksPerMonthLow, d.tasksPerMonth, d.tasksPerMonthHigh),
    growthPerMonth: d.growthPerMonth,
    inputTokensPerTask: d.inputTokensPerTask,
    outputTokensPerTask: d.outputTokensPerTask,
    peakToAverage: d.peakToAverage,
    ...(d.pilotTasksPerMonth !== null && d.pilotEndMonth !== null
      ? { pilot: { tasksPerMonth: d.pilotTasksPerMonth, endMonth: d.pilotEndMonth } }
      : {}),
  };
}

/**
 * The engine's Initiative of a stored bundle; `serving` is the serving plan of its selected (or
 * recommended) deployment option, resolved against stored runs and prices by ServingService.
 */
export function initiativeOf(bundle: InitiativeBundle, serving?: ServingPlan | null): Initiative {
  const { initiative: i, demand } = bundle;
  return {
    id: i.id,
    name: i.name,
    owner: i.owner,
    phase: i.phase as Phase,
    horizonMonths: i.horizonMonths,
    discountRatePerYear: i.discountRatePerYear,
    currency: i.currency,
    ...(demand ? { demand: demandOf(demand) } : {}),
    costItems: bundle.costItems.map(costItemOf),
    valueStreams: bundle.valueStreams.map((v) => valueStreamOf(v, bundle.observations)),
    ...(serving && demand ? { serving } : {}),
    ...(i.productionNotApplicable ? { notApplicable: i.productionNotApplicable } : {}),
  };
}
