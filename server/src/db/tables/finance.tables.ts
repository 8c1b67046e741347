import { doublePrecision, integer, json, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

// Tables of migrations/0007_finance.sql (server/src/finance-api). Ranged inputs are low / likely /
// high columns (likely alone for a plain number); months are 0-based indexes into the horizon.

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const initiatives = pgTable('initiatives', {
  id: varchar('id').primaryKey(),
  name: varchar('name').notNull(),
  description: varchar('description'),
  owner: varchar('owner').notNull(),
  phase: varchar('phase').notNull(),
  horizonMonths: integer('horizon_months').notNull().default(36),
  discountRatePerYear: doublePrecision('discount_rate_per_year').notNull().default(0.1),
  currency: varchar('currency').notNull().default('USD'),
  startDate: tz('start_date').notNull(),
  /** 0012: the deployment option an analyst chose; null: the recommendation's rank 1. */
  selectedDeploymentOptionId: varchar('selected_deployment_option_id'),
  /** 0012: production cost lines that do not apply → the reason (phase guard). */
  productionNotApplicable: json('production_not_applicable').$type<Record<string, string>>(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const initiativeDemands = pgTable('initiative_demands', {
  initiativeId: varchar('initiative_id').primaryKey(),
  tasksPerMonth: doublePrecision('tasks_per_month').notNull(),
  inputTokensPerTask: doublePrecision('input_tokens_per_task').notNull(),
  outputTokensPerTask: doublePrecision('output_tokens_per_task').notNull(),
  peakToAverage: doublePrecision('peak_to_average').notNull().default(1),
  growthPerMonth: doublePrecision('growth_per_month').notNull().default(0),
  sloPercentile: varchar('slo_percentile').notNull().default('P99'),
  sloTtftMs: doublePrecision('slo_ttft_ms'),
  sloTpotMs: doublePrecision('slo_tpot_ms'),
  sloE2eMs: doublePrecision('slo_e2e_ms'),
  /** 0012: a low / high range around tasksPerMonth (null: none). */
  tasksPerMonthLow: doublePrecision('tasks_per_month_low'),
  tasksPerMonthHigh: doublePrecision('tasks_per_month_high'),
  /** 0012: the pilot's own demand, tasks per month in months 0 … pilotEndMonth. */
  pilotTasksPerMonth: doublePrecision('pilot_tasks_per_month'),
  pilotEndMonth: integer('pilot_end_month'),
  updatedAt: tz('updated_at').notNull(),
});

export const deploymentOptions = pgTable('deployment_options', {
  id: varchar('id').primaryKey(),
  initiativeId: varchar('initiative_id').notNull(),
  name: varchar('name').notNull(),
  /** SELF_HOSTED, CLOUD_GPU or API. */
  kind: varchar('kind').notNull(),
  hardwareProfileId: varchar('hardware_profile_id'),
  model: varchar('model'),
  quantization: varchar('quantization'),
  /** Benchmark scenario whose runs give the throughput at the SLO (self-hosted). */
  scenario: varchar('scenario'),
  /** ON_DEMAND or RESERVED (cloud GPU; also the catalogue rate used for a self-hosted profile). */
  pricing: varchar('pricing'),
  pricePerHour: doublePrecision('price_per_hour'),
  tokensPerSecondAtSlo: doublePrecision('tokens_per_second_at_slo'),
  latencyAtSloMs: doublePrecision('latency_at_slo_ms'),
  inputCostPerMtok: doublePrecision('input_cost_per_mtok'),
  outputCostPerMtok: doublePrecision('output_cost_per_mtok'),
  oneTimeCost: doublePrecision('one_time_cost'),
  headroomFraction: doublePrecision('headroom_fraction'),
  /** 0012: phase of the serving cost it produces (null: production). */
  phase: varchar('phase'),
  /** 0012: first month index it serves (null: 0). */
  startMonth: integer('start_month'),
  /** 0012: SELF_HOSTED: the run chosen as the operating point (null: the best run meeting the SLO). */
  runId: varchar('run_id'),
  /** 0012: ± this fraction of the throughput at the SLO, as a range (null: none). */
  throughputUncertaintyFraction: doublePrecision('throughput_uncertainty_fraction'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const costItems = pgTable('cost_items', {
  id: varchar('id').primaryKey(),
  initiativeId: varchar('initiative_id').notNull(),
  name: varchar('name').notNull(),
  category: varchar('category').notNull(),
  phase: varchar('phase').notNull(),
  recurrence: varchar('recurrence').notNull(),
  amountLow: doublePrecision('amount_low'),
  amountLikely: doublePrecision('amount_likely').notNull(),
  amountHigh: doublePrecision('amount_high'),
  distribution: varchar('distribution'),
  currency: varchar('currency').notNull(),
  startMonth: integer('start_month').notNull().default(0),
  endMonth: integer('end_month'),
  riskUpliftFraction: doublePrecision('risk_uplift_fraction').notNull().default(0),
  /** MANUAL or FOCUS (imported from a FOCUS 1.3 CSV). */
  source: varchar('source').notNull().default('MANUAL'),
  /** FOCUS BilledCost, kept for reconciliation (EffectiveCost is the amount). */
  billedCost: doublePrecision('billed_cost'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const valueStreams = pgTable('value_streams', {
  id: varchar('id').primaryKey(),
  initiativeId: varchar('initiative_id').notNull(),
  name: varchar('name').notNull(),
  kind: varchar('kind').notNull(),
  phase: varchar('phase').notNull(),
  /** Kind-specific estimates, e.g. { tasksPerMonth: {low, likely, high}, loadedRatePerHour: 60 }. */
  params: json('params').$type<Record<string, unknown>>().notNull(),
  haircutLow: doublePrecision('haircut_low'),
  haircutLikely: doublePrecision('haircut_likely').notNull().default(0),
  haircutHigh: doublePrecision('haircut_high'),
  adoption: json('adoption').$type<unknown>(),
  timeStudyId: varchar('time_study_id'),
  currency: varchar('currency').notNull(),
  startMonth: integer('start_month').notNull().default(0),
  endMonth: integer('end_month'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const timeStudies = pgTable('time_studies', {
  id: varchar('id').primaryKey(),
  initiativeId: varchar('initiative_id').notNull(),
  name: varchar('name').notNull(),
  task: varchar('task').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const timeObservations = pgTable('time_observations', {
  id: varchar('id').primaryKey(),
  studyId: varchar('study_id').notNull(),
  /** BEFORE or AFTER. */
  arm: varchar('arm').notNull(),
  minutes: doublePrecision('minutes').notNull(),
  observer: varchar('observer'),
  observedAt: tz('observed_at'),
  createdAt: tz('created_at').notNull(),
});

export type InitiativeRecord = typeof initiatives.$inferSelect;
export type DemandRecord = typeof initiativeDemands.$inferSelect;
export type DeploymentOptionRecord = typeof deploymentOptions.$inferSelect;
export type CostItemRecord = typeof costItems.$inferSelect;
export type ValueStreamRecord = typeof valueStreams.$inferSelect;
export type TimeStudyRecord = typeof timeStudies.$inferSelect;
export type TimeObservationRecord = typeof timeObservations.$inferSelect;

/** The tables of 0007, in migration order (appended to ALL_TABLES for the drift test). */
export const FINANCE_TABLES = [
  initiatives,
  initiativeDemands,
  deploymentOptions,
  costItems,
  valueStreams,
  timeStudies,
  timeObservations,
];
