import {
  boolean,
  doublePrecision,
  integer,
  json,
  pgTable,
  primaryKey,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';
import { SAMPLE_COLUMNS, type SampleColumnDef, type SampleColumnName } from '@yardstick/schema/samples';
import { CATALOGUE_TABLES } from './tables/catalogue.tables';
import { AUDIT_TABLES } from './tables/audit.tables';
import { TELEMETRY_TABLES } from './tables/telemetry';

export * from './tables/catalogue.tables';
export * from './tables/audit.tables';
export * from './tables/finance.tables';
export * from './tables/focus.tables';
export * from './tables/telemetry';

// drizzle's Postgres dialect describing the DuckDB tables of migrations/*.sql. The migrations are
// the truth; server/test/migrations.test.ts fails when the two drift apart. Timestamps are
// TIMESTAMPTZ everywhere (DuckDB hands them back as Date objects).

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const agents = pgTable('agents', {
  id: varchar('id').primaryKey(),
  name: varchar('name').notNull(),
  createdAt: tz('created_at').notNull(),
  lastSeenAt: tz('last_seen_at'),
});

export const apiTokens = pgTable('api_tokens', {
  id: varchar('id').primaryKey(),
  tokenSha256: varchar('token_sha256').notNull().unique(),
  role: varchar('role').$type<'ADMIN' | 'AGENT' | 'ANALYST' | 'VIEWER'>().notNull(),
  agentId: varchar('agent_id'),
  name: varchar('name').notNull(),
  createdAt: tz('created_at').notNull(),
  revokedAt: tz('revoked_at'),
  /** Null: never expires (migrations/0005_token_expiry.sql). */
  expiresAt: tz('expires_at'),
  lastUsedAt: tz('last_used_at'),
});

/** One accelerator as stored in hardware_inventories.accelerators (JSON). */
export interface AcceleratorRecord {
  vendor: string;
  model: string;
  memoryBytes: number | null;
  driver: string | null;
}

export const hardwareInventories = pgTable('hardware_inventories', {
  id: varchar('id').primaryKey(),
  agentId: varchar('agent_id'),
  hostname: varchar('hostname').notNull(),
  cpuModel: varchar('cpu_model').notNull(),
  cpuCores: integer('cpu_cores').notNull(),
  memoryBytes: doublePrecision('memory_bytes').notNull(),
  os: varchar('os').notNull(),
  accelerators: json('accelerators').$type<AcceleratorRecord[]>().notNull(),
  notes: json('notes').$type<string[]>().notNull(),
  raw: json('raw').$type<unknown>().notNull(),
  createdAt: tz('created_at').notNull(),
});

export const scenarios = pgTable('scenarios', {
  id: varchar('id').primaryKey(),
  name: varchar('name').notNull(),
  body: json('body').$type<unknown>().notNull(),
  contentSha256: varchar('content_sha256').notNull(),
  createdAt: tz('created_at').notNull(),
});

export const runs = pgTable('runs', {
  id: varchar('id').primaryKey(),
  agentId: varchar('agent_id').notNull(),
  clientRunId: varchar('client_run_id').notNull(),
  scenario: varchar('scenario').notNull(),
  scenarioId: varchar('scenario_id'),
  targetUrl: varchar('target_url').notNull(),
  targetEngine: varchar('target_engine').notNull(),
  model: varchar('model').notNull(),
  quantization: varchar('quantization').notNull(),
  engineBackend: varchar('engine_backend'),
  status: varchar('status').$type<'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED'>().notNull(),
  config: json('config').$type<unknown>().notNull(),
  summary: json('summary').$type<unknown>(),
  hardwareId: varchar('hardware_id'),
  startedAt: tz('started_at').notNull(),
  finishedAt: tz('finished_at'),
});

export const sampleBatches = pgTable(
  'sample_batches',
  {
    runId: varchar('run_id').notNull(),
    batchSeq: integer('batch_seq').notNull(),
    sampleCount: integer('sample_count').notNull(),
    receivedAt: tz('received_at').notNull(),
    /** 'graphql' (appendSamples) or 'bulk' (POST /ingest/samples); added by migrations/0002. */
    transport: varchar('transport').$type<'graphql' | 'bulk'>().notNull().default('graphql'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.batchSeq] })],
);

/** The drizzle column of one schema sample column (the Appender's layout, ingest/sample-appender.ts). */
function sampleColumn(def: SampleColumnDef) {
  const base = {
    INTEGER: () => integer(def.column),
    DOUBLE: () => doublePrecision(def.column),
    BOOLEAN: () => boolean(def.column),
    VARCHAR: () => varchar(def.column),
    'DOUBLE[]': () => doublePrecision(def.column).array(),
  }[def.sqlType]();
  return def.nullable ? base : base.notNull();
}

/** run_id, then the schema's SAMPLE_COLUMNS in order (one definition: @yardstick/schema/samples). */
export const samples = pgTable(
  'samples',
  {
    runId: varchar('run_id').notNull(),
    ...(Object.fromEntries(SAMPLE_COLUMNS.map((def) => [def.name, sampleColumn(def)])) as Record<
      SampleColumnName,
      ReturnType<typeof sampleColumn>
    >),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Every modelled table, in migration order (used by the drift test). */
export const ALL_TABLES = [
  agents,
  apiTokens,
  hardwareInventories,
  scenarios,
  runs,
  sampleBatches,
  samples,
  ...CATALOGUE_TABLES,
  ...AUDIT_TABLES,
  ...TELEMETRY_TABLES,
];

export type RunRecord = typeof runs.$inferSelect;
export type AgentRecord = typeof agents.$inferSelect;
export type HardwareRecord = typeof hardwareInventories.$inferSelect;
export type ApiTokenRecord = typeof apiTokens.$inferSelect;
