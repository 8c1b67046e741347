import { randomUUID } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DrizzleDb } from '../db/duckdb';
import {
  hardwarePrices,
  hardwareProfiles,
  runHardwareProfiles,
  type HardwarePriceRecord,
  type HardwareProfileRecord,
} from '../db/tables';
import { RUN_PROFILES_CTE } from './run-profile.sql';

export type NewProfile = Omit<HardwareProfileRecord, 'id' | 'createdAt' | 'updatedAt'>;
export type NewPrice = Omit<HardwarePriceRecord, 'id' | 'createdAt'>;

/** Inserts a profile; returns the stored record. */
export async function insertProfile(db: DrizzleDb, profile: NewProfile): Promise<HardwareProfileRecord> {
  const now = new Date();
  const record: HardwareProfileRecord = { ...profile, id: randomUUID(), createdAt: now, updatedAt: now };
  await db.insert(hardwareProfiles).values(record);
  return record;
}

/** Updates the given fields of a profile and its updated_at. */
export async function updateProfile(db: DrizzleDb, id: string, changes: Partial<NewProfile>): Promise<void> {
  await db
    .update(hardwareProfiles)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(hardwareProfiles.id, id));
}

/** A profile by id, or null. */
export async function findProfile(db: DrizzleDb, id: string): Promise<HardwareProfileRecord | null> {
  const rows = await db.select().from(hardwareProfiles).where(eq(hardwareProfiles.id, id)).limit(1);
  return rows[0] ?? null;
}

/** A profile by exact name, or null. */
export async function findProfileByName(db: DrizzleDb, name: string): Promise<HardwareProfileRecord | null> {
  const rows = await db.select().from(hardwareProfiles).where(eq(hardwareProfiles.name, name)).limit(1);
  return rows[0] ?? null;
}

/** Every profile, by name. */
export function listProfiles(db: DrizzleDb): Promise<HardwareProfileRecord[]> {
  return db.select().from(hardwareProfiles).orderBy(asc(hardwareProfiles.name), asc(hardwareProfiles.id));
}

/** Stores a price version; returns it. */
export async function insertPrice(db: DrizzleDb, price: NewPrice): Promise<HardwarePriceRecord> {
  const record: HardwarePriceRecord = { ...price, id: randomUUID(), createdAt: new Date() };
  await db.insert(hardwarePrices).values(record);
  return record;
}

/** Every price version of a profile, newest effective date first. */
export function listPrices(db: DrizzleDb, profileId: string): Promise<HardwarePriceRecord[]> {
  return db
    .select()
    .from(hardwarePrices)
    .where(eq(hardwarePrices.profileId, profileId))
    .orderBy(desc(hardwarePrices.effectiveFrom), desc(hardwarePrices.createdAt));
}

/** Ids of the price rows effective at `asOf`, one per profile (latest effective_from <= asOf). */
export async function effectivePriceIds(
  connection: DuckDBConnection,
  asOf: Date,
): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll(
    `SELECT profile_id, id FROM hardware_prices WHERE effective_from <= $1::TIMESTAMPTZ
     QUALIFY row_number() OVER (PARTITION BY profile_id ORDER BY effective_from DESC, created_at DESC) = 1`,
    [asOf.toISOString()],
  );
  return new Map(reader.getRowsJS().map((row) => [String(row[0]), String(row[1])]));
}

/** A price row by id. */
export async function findPrice(db: DrizzleDb, id: string): Promise<HardwarePriceRecord | null> {
  const rows = await db.select().from(hardwarePrices).where(eq(hardwarePrices.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Links a run to a profile explicitly (replacing an earlier link); returns the link. */
export async function linkRun(db: DrizzleDb, runId: string, profileId: string) {
  const link = { runId, profileId, linkedAt: new Date() };
  await db
    .insert(runHardwareProfiles)
    .values(link)
    .onConflictDoUpdate({
      target: runHardwareProfiles.runId,
      set: { profileId: link.profileId, linkedAt: link.linkedAt },
    });
  return link;
}

/** The profile a run is costed on (explicit link, else matched), and how it was found. */
export async function profileOfRun(
  connection: DuckDBConnection,
  runId: string,
): Promise<{ profileId: string; how: 'LINKED' | 'MATCHED' } | null> {
  const reader = await connection.runAndReadAll(
    `WITH ${RUN_PROFILES_CTE} SELECT profile_id, how FROM run_profiles WHERE run_id = $1 AND profile_id IS NOT NULL`,
    [runId],
  );
  const row = reader.getRowsJS()[0];
  return row ? { profileId: String(row[0]), how: row[1] as 'LINKED' | 'MATCHED' } : null;
}
