import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { runs, samples, scenarios, type RunRecord } from '../db/tables';
import type { RunCursor } from './cursor';
import { RUN_PROFILES_CTE } from '../catalogue/run-profile.sql';
import { RunSortField, SortDirection, type RunFilter, type RunStatus } from './run.types';

/** Fields of a new run, as decided by RunService. */
export type NewRun = Omit<RunRecord, 'id' | 'summary' | 'finishedAt' | 'scenarioId'>;

/** A run by id, or null. */
export async function findRun(db: DrizzleDb, id: string): Promise<RunRecord | null> {
  const rows = await db.select().from(runs).where(eq(runs.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The run an agent started with this client-chosen id, or null. */
export async function findRunByClientId(
  db: DrizzleDb,
  agentId: string,
  clientRunId: string,
): Promise<RunRecord | null> {
  const rows = await db
    .select()
    .from(runs)
    .where(and(eq(runs.agentId, agentId), eq(runs.clientRunId, clientRunId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The scenarios row for this name and body, created when new; returns its id. */
export async function upsertScenario(db: DrizzleDb, name: string, body: unknown): Promise<string> {
  const contentSha256 = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const found = await db
    .select({ id: scenarios.id })
    .from(scenarios)
    .where(and(eq(scenarios.name, name), eq(scenarios.contentSha256, contentSha256)))
    .limit(1);
  if (found[0]) return found[0].id;
  const id = randomUUID();
  await db.insert(scenarios).values({ id, name, body, contentSha256, createdAt: new Date() });
  return id;
}

/** Inserts a run and returns the stored record. */
export async function insertRun(db: DrizzleDb, run: NewRun, scenarioId: string): Promise<RunRecord> {
  const record: RunRecord = { ...run, id: randomUUID(), scenarioId, summary: null, finishedAt: null };
  await db.insert(runs).values(record);
  return record;
}

/** Sets a run's final status, summary and finish time. */
export async function finishRun(
  db: DrizzleDb,
  id: string,
  status: RunStatus,
  summary: unknown,
  finishedAt: Date,
): Promise<void> {
  await db.update(runs).set({ status, summary, finishedAt }).where(eq(runs.id, id));
}

/** The inventory of a run as a one-row SQL condition (fixed SQL; user values are bound). */
function inventoryCondition(condition: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM hardware_inventories h WHERE h.id = ${runs.hardwareId} AND ${condition})`;
}

export function filterConditions(filter: RunFilter | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (!filter) return conditions;
  if (filter.hardware) {
    // contains() instead of LIKE: no wildcard escaping needed.
    conditions.push(
      inventoryCondition(sql`(contains(lower(h.cpu_model), lower(${filter.hardware}))
      OR contains(lower(h.hostname), lower(${filter.hardware}))
      OR contains(lower(CAST(json_extract_string(h.accelerators, '$[*].model') AS VARCHAR)), lower(${filter.hardware})))`),
    );
  }
  if (filter.hardwareVendor) {
    conditions.push(
      inventoryCondition(sql`(CASE WHEN json_array_length(h.accelerators) > 0
        THEN contains(lower(coalesce(h.accelerators->>'$[0].vendor', '')), lower(${filter.hardwareVendor}))
        ELSE lower(${filter.hardwareVendor}) = 'cpu' END)`),
    );
  }
  if (filter.hardwareModel) {
    conditions.push(
      inventoryCondition(sql`(CASE WHEN json_array_length(h.accelerators) > 0
        THEN contains(lower(CAST(json_extract_string(h.accelerators, '$[*].model') AS VARCHAR)), lower(${filter.hardwareModel}))
        ELSE contains(lower(h.cpu_model), lower(${filter.hardwareModel})) END)`),
    );
  }
  if (filter.acceleratorCount !== null && filter.acceleratorCount !== undefined) {
    conditions.push(inventoryCondition(sql`json_array_length(h.accelerators) = ${filter.acceleratorCount}`));
  }
  if (filter.hardwareProfileId) {
    conditions.push(
      sql`${runs.id} IN (WITH ${sql.raw(RUN_PROFILES_CTE)} SELECT run_id FROM run_profiles WHERE profile_id = ${filter.hardwareProfileId})`,
    );
  }
  if (filter.model) conditions.push(eq(runs.model, filter.model));
  if (filter.quantization) conditions.push(eq(runs.quantization, filter.quantization));
  if (filter.scenario) conditions.push(eq(runs.scenario, filter.scenario));
  if (filter.status) conditions.push(eq(runs.status, filter.status));
  if (filter.targetEngine) conditions.push(eq(runs.targetEngine, filter.targetEngine));
  if (filter.agentId) conditions.push(eq(runs.agentId, filter.agentId));
  if (filter.startedFrom) conditions.push(gte(runs.startedAt, filter.startedFrom));
  if (filter.startedBefore) conditions.push(lt(runs.startedAt, filter.startedBefore));
  return conditions;
}

/** The runs column of each sort field. */
export const SORT_COLUMNS = {
  [RunSortField.STARTED_AT]: runs.startedAt,
  [RunSortField.MODEL]: runs.model,
  [RunSortField.QUANTIZATION]: runs.quantization,
  [RunSortField.SCENARIO]: runs.scenario,
  [RunSortField.TARGET_ENGINE]: runs.targetEngine,
  [RunSortField.STATUS]: runs.status,
} as const;

/** The cursor key of a run under a sort field (ISO text for the start time). */
export function sortKeyOf(run: RunRecord, field: RunSortField): string {
  switch (field) {
    case RunSortField.STARTED_AT:
      return run.startedAt.toISOString();
    case RunSortField.MODEL:
      return run.model;
    case RunSortField.QUANTIZATION:
      return run.quantization;
    case RunSortField.SCENARIO:
      return run.scenario;
    case RunSortField.TARGET_ENGINE:
      return run.targetEngine;
    case RunSortField.STATUS:
      return run.status;
  }
}

/**
 * One page of runs in `order` after `after`, plus the filtered total. Keyset pagination on
 * (sort column, id); fetches limit + 1 rows to detect a next page.
 */
export async function listRuns(
  db: DrizzleDb,
  filter: RunFilter | null | undefined,
  order: { field: RunSortField; direction: SortDirection },
  limit: number,
  after: RunCursor | null,
): Promise<{ rows: RunRecord[]; totalCount: number }> {
  const conditions = filterConditions(filter);
  const [total] = await db
    .select({ n: count() })
    .from(runs)
    .where(and(...conditions));
  const column = SORT_COLUMNS[order.field];
  const descending = order.direction === SortDirection.DESC;
  const beyond = descending ? lt : gt;
  const page = [...conditions];
  if (after) {
    const key = order.field === RunSortField.STARTED_AT ? new Date(after.key) : after.key;
    page.push(or(beyond(column, key), and(eq(column, key), beyond(runs.id, after.id)))!);
  }
  const direction = descending ? desc : asc;
  const rows = await db
    .select()
    .from(runs)
    .where(and(...page))
    .orderBy(direction(column), direction(runs.id))
    .limit(limit + 1);
  return { rows, totalCount: Number(total?.n ?? 0) };
}

/** Number of samples stored for a run (warm-up included). */
export async function countSamples(db: DrizzleDb, runId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(samples).where(eq(samples.runId, runId));
  return Number(row?.n ?? 0);
}
