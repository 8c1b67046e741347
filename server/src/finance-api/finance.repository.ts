import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import {
  costItems,
  deploymentOptions,
  initiativeDemands,
  initiatives,
  timeObservations,
  timeStudies,
  valueStreams,
  type CostItemRecord,
  type DemandRecord,
  type DeploymentOptionRecord,
  type InitiativeRecord,
  type TimeObservationRecord,
  type TimeStudyRecord,
  type ValueStreamRecord,
} from '../db/tables';

// Storage of the finance entities (migrations/0007_finance.sql). No rules here: FinanceService
// validates and decides; these functions read and write rows.

type New<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>;
export type NewInitiative = New<InitiativeRecord>;
export type NewCostItem = New<CostItemRecord>;
export type NewValueStream = New<ValueStreamRecord>;
export type NewDeploymentOption = New<DeploymentOptionRecord>;
export type NewTimeStudy = New<TimeStudyRecord>;
export type NewTimeObservation = Omit<TimeObservationRecord, 'id' | 'createdAt'>;

/** The child tables of an initiative that carry `initiative_id` (cascade on delete). */
const CHILD_TABLES = [initiativeDemands, deploymentOptions, costItems, valueStreams, timeStudies] as const;

const stamp = () => {
  const now = new Date();
  return { id: randomUUID(), createdAt: now, updatedAt: now };
};

export async function insertInitiative(db: DrizzleDb, row: NewInitiative): Promise<InitiativeRecord> {
  const record = { ...row, ...stamp() };
  await db.insert(initiatives).values(record);
  return record;
}

export async function findInitiative(db: DrizzleDb, id: string): Promise<InitiativeRecord | null> {
  return (await db.select().from(initiatives).where(eq(initiatives.id, id)).limit(1))[0] ?? null;
}

export function listInitiatives(db: DrizzleDb): Promise<InitiativeRecord[]> {
  return db.select().from(initiatives).orderBy(asc(initiatives.name), asc(initiatives.id));
}

export async function updateInitiative(db: DrizzleDb, id: string, changes: Partial<NewInitiative>) {
  await db
    .update(initiatives)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(initiatives.id, id));
}

/** Deletes an initiative and everything that belongs to it (observations of its studies included). */
export async function deleteInitiative(db: DrizzleDb, id: string): Promise<void> {
  const studies = await db
    .select({ id: timeStudies.id })
    .from(timeStudies)
    .where(eq(timeStudies.initiativeId, id));
  if (studies.length > 0) {
    await db.delete(timeObservations).where(
      inArray(
        timeObservations.studyId,
        studies.map((s) => s.id),
      ),
    );
  }
  for (const table of CHILD_TABLES) await db.delete(table).where(eq(table.initiativeId, id));
  await db.delete(initiatives).where(eq(initiatives.id, id));
}

export async function findDemand(db: DrizzleDb, initiativeId: string): Promise<DemandRecord | null> {
  const rows = await db
    .select()
    .from(initiativeDemands)
    .where(eq(initiativeDemands.initiativeId, initiativeId))
    .limit(1);
  return rows[0] ?? null;
}

/** Inserts or replaces an initiative's demand. */
/** The demand rows of many initiatives in one statement. */
export function listDemands(db: DrizzleDb, initiativeIds: readonly string[]): Promise<DemandRecord[]> {
  if (initiativeIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(initiativeDemands)
    .where(inArray(initiativeDemands.initiativeId, [...initiativeIds]));
}

export async function upsertDemand(
  db: DrizzleDb,
  row: Omit<DemandRecord, 'updatedAt'>,
): Promise<DemandRecord> {
  const record = { ...row, updatedAt: new Date() };
  const { initiativeId: _id, ...set } = record;
  await db
    .insert(initiativeDemands)
    .values(record)
    .onConflictDoUpdate({ target: initiativeDemands.initiativeId, set });
  return record;
}

export async function deleteDemand(db: DrizzleDb, initiativeId: string) {
  await db.delete(initiativeDemands).where(eq(initiativeDemands.initiativeId, initiativeId));
}

/** The entity tables with an `id` and an `initiative_id`, by GraphQL entity name. */
export const CHILD_ENTITY_TABLES = {
  costItem: costItems,
  valueStream: valueStreams,
  deploymentOption: deploymentOptions,
  timeStudy: timeStudies,
} as const;
export type ChildEntity = keyof typeof CHILD_ENTITY_TABLES;
type ChildRecord = {
  costItem: CostItemRecord;
  valueStream: ValueStreamRecord;
  deploymentOption: DeploymentOptionRecord;
  timeStudy: TimeStudyRecord;
};

/** One child table, typed as any of them (they share id, initiative_id, created_at, updated_at). */
const tableOf = (entity: ChildEntity) => CHILD_ENTITY_TABLES[entity] as unknown as typeof costItems;

export async function insertChild<E extends ChildEntity>(
  db: DrizzleDb,
  entity: E,
  row: New<ChildRecord[E]>,
): Promise<ChildRecord[E]> {
  const record = { ...row, ...stamp() } as ChildRecord[E];
  await db.insert(tableOf(entity)).values(record as never);
  return record;
}

/** Inserts many rows of one entity in one statement (FOCUS import, seeding). */
export async function insertChildren<E extends ChildEntity>(
  db: DrizzleDb,
  entity: E,
  rows: readonly New<ChildRecord[E]>[],
): Promise<ChildRecord[E][]> {
  const records = rows.map((row) => ({ ...row, ...stamp() }) as ChildRecord[E]);
  if (records.length > 0) await db.insert(tableOf(entity)).values(records as never[]);
  return records;
}

export async function findChild<E extends ChildEntity>(
  db: DrizzleDb,
  entity: E,
  id: string,
): Promise<ChildRecord[E] | null> {
  const table = tableOf(entity);
  const rows = await db.select().from(table).where(eq(table.id, id)).limit(1);
  return (rows[0] as unknown as ChildRecord[E] | undefined) ?? null;
}

export async function listChildren<E extends ChildEntity>(
  db: DrizzleDb,
  entity: E,
  initiativeIds: readonly string[],
): Promise<ChildRecord[E][]> {
  if (initiativeIds.length === 0) return [];
  const table = tableOf(entity);
  const rows = await db
    .select()
    .from(table)
    .where(inArray(table.initiativeId, [...initiativeIds]))
    .orderBy(asc(table.createdAt), asc(table.id));
  return rows as unknown as ChildRecord[E][];
}

export async function updateChild<E extends ChildEntity>(
  db: DrizzleDb,
  entity: E,
  id: string,
  changes: Partial<New<ChildRecord[E]>>,
): Promise<void> {
  const table = tableOf(entity);
  await db
    .update(table)
    .set({ ...changes, updatedAt: new Date() } as never)
    .where(eq(table.id, id));
}

export async function deleteChild(db: DrizzleDb, entity: ChildEntity, id: string): Promise<void> {
  if (entity === 'timeStudy') await db.delete(timeObservations).where(eq(timeObservations.studyId, id));
  const table = tableOf(entity);
  await db.delete(table).where(eq(table.id, id));
}

export async function insertObservations(
  db: DrizzleDb,
  rows: readonly NewTimeObservation[],
): Promise<TimeObservationRecord[]> {
  const records = rows.map((row) => ({ ...row, id: randomUUID(), createdAt: new Date() }));
  if (records.length > 0) await db.insert(timeObservations).values(records);
  return records;
}

export function listObservations(
  db: DrizzleDb,
  studyIds: readonly string[],
): Promise<TimeObservationRecord[]> {
  if (studyIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(timeObservations)
    .where(inArray(timeObservations.studyId, [...studyIds]))
    .orderBy(asc(timeObservations.createdAt), asc(timeObservations.id));
}

export async function findObservation(db: DrizzleDb, id: string): Promise<TimeObservationRecord | null> {
  return (await db.select().from(timeObservations).where(eq(timeObservations.id, id)).limit(1))[0] ?? null;
}

export async function deleteObservation(db: DrizzleDb, id: string): Promise<void> {
  await db.delete(timeObservations).where(eq(timeObservations.id, id));
}
