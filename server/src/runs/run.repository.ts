import { createHash, randomUUID } from 'node:crypto';
import { and, count, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { runs, samples, scenarios, type RunRecord } from '../db/tables';
import type { RunCursor } from './cursor';
import type { RunFilter, RunStatus } from './run.types';

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

function filterConditions(filter: RunFilter | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (!filter) return conditions;
  if (filter.hardware) {
    // contains() instead of LIKE: no wildcard escaping needed.
    conditions.push(sql`EXISTS (SELECT 1 FROM hardware_inventories h WHERE h.id = ${runs.hardwareId} AND (
      contains(lower(h.cpu_model), lower(${filter.hardware}))
      OR contains(lower(h.hostname), lower(${filter.hardware}))
      OR contains(lower(CAST(json_extract_string(h.accelerators, '$[*].model') AS VARCHAR)), lower(${filter.hardware}))))`);
  }
  if (filter.model) conditions.push(eq(runs.model, filter.model));
  if (filter.quantization) conditions.push(eq(runs.quantization, filter.quantization));
  if (filter.scenario) conditions.push(eq(runs.scenario, filter.scenario));
  if (filter.status) conditions.push(eq(runs.status, filter.status));
  return conditions;
}

/** Newest-first page of runs after `after`, plus the filtered total. Fetches limit + 1 to detect a next page. */
export async function listRuns(
  db: DrizzleDb,
  filter: RunFilter | null | undefined,
  limit: number,
  after: RunCursor | null,
): Promise<{ rows: RunRecord[]; totalCount: number }> {
  const conditions = filterConditions(filter);
  const [total] = await db
    .select({ n: count() })
    .from(runs)
    .where(and(...conditions));
  const page = [...conditions];
  if (after) {
    page.push(
      or(
        lt(runs.startedAt, after.startedAt),
        and(eq(runs.startedAt, after.startedAt), lt(runs.id, after.id)),
      )!,
    );
  }
  const rows = await db
    .select()
    .from(runs)
    .where(and(...page))
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(limit + 1);
  return { rows, totalCount: Number(total?.n ?? 0) };
}

/** Number of samples stored for a run (warm-up included). */
export async function countSamples(db: DrizzleDb, runId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(samples).where(eq(samples.runId, runId));
  return Number(row?.n ?? 0);
}
