import { doublePrecision, integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

// Tables of migrations/0003_catalogue.sql (hardware catalogue, run links, currency rates) and
// 0004_run_aggregates.sql (the leaderboard's per-run cache).

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const hardwareProfiles = pgTable('hardware_profiles', {
  id: varchar('id').primaryKey(),
  name: varchar('name').notNull(),
  vendor: varchar('vendor').notNull(),
  acceleratorModel: varchar('accelerator_model').notNull(),
  acceleratorCount: integer('accelerator_count').notNull(),
  acceleratorMemoryBytes: doublePrecision('accelerator_memory_bytes'),
  tdpWatts: doublePrecision('tdp_watts'),
  measuredWatts: doublePrecision('measured_watts'),
  notes: varchar('notes'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const hardwarePrices = pgTable('hardware_prices', {
  id: varchar('id').primaryKey(),
  profileId: varchar('profile_id').notNull(),
  pricing: varchar('pricing').$type<'CLOUD' | 'OWNED'>().notNull(),
  currency: varchar('currency').notNull(),
  effectiveFrom: tz('effective_from').notNull(),
  onDemandPerHour: doublePrecision('on_demand_per_hour'),
  reservedPerHour: doublePrecision('reserved_per_hour'),
  capex: doublePrecision('capex'),
  residualValue: doublePrecision('residual_value'),
  amortisationYears: doublePrecision('amortisation_years'),
  discountRatePerYear: doublePrecision('discount_rate_per_year'),
  maintenancePerYear: doublePrecision('maintenance_per_year'),
  hostingPerHour: doublePrecision('hosting_per_hour'),
  pue: doublePrecision('pue'),
  electricityPerKwh: doublePrecision('electricity_per_kwh'),
  source: varchar('source'),
  createdAt: tz('created_at').notNull(),
});

export const runHardwareProfiles = pgTable('run_hardware_profiles', {
  runId: varchar('run_id').primaryKey(),
  profileId: varchar('profile_id').notNull(),
  linkedAt: tz('linked_at').notNull(),
});

export const currencyRates = pgTable('currency_rates', {
  id: varchar('id').primaryKey(),
  currency: varchar('currency').notNull(),
  usdPerUnit: doublePrecision('usd_per_unit').notNull(),
  effectiveFrom: tz('effective_from').notNull(),
  createdAt: tz('created_at').notNull(),
});

export const runAggregates = pgTable('run_aggregates', {
  runId: varchar('run_id').primaryKey(),
  sampleCount: integer('sample_count').notNull(),
  requests: integer('requests').notNull(),
  errors: integer('errors').notNull(),
  inputTokens: doublePrecision('input_tokens').notNull(),
  outputTokens: doublePrecision('output_tokens').notNull(),
  busyS: doublePrecision('busy_s'),
  ttftQMs: doublePrecision('ttft_q_ms').array(),
  tpotQMs: doublePrecision('tpot_q_ms').array(),
  e2eQMs: doublePrecision('e2e_q_ms').array(),
  computedAt: tz('computed_at').notNull(),
});

export type HardwareProfileRecord = typeof hardwareProfiles.$inferSelect;
export type HardwarePriceRecord = typeof hardwarePrices.$inferSelect;
export type CurrencyRateRecord = typeof currencyRates.$inferSelect;

/** The tables of 0003 and 0004, in migration order (appended to ALL_TABLES for the drift test). */
export const CATALOGUE_TABLES = [
  hardwareProfiles,
  hardwarePrices,
  runHardwareProfiles,
  currencyRates,
  runAggregates,
];
