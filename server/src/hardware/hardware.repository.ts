import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { hardwareInventories, type HardwareRecord } from '../db/tables';
import type { HardwareInput } from './hardware.types';

/** Stores one detected inventory for an agent; returns its id. */
export async function insertHardware(db: DrizzleDb, agentId: string, input: HardwareInput): Promise<string> {
  const id = randomUUID();
  await db.insert(hardwareInventories).values({
    id,
    agentId,
    hostname: input.hostname,
    cpuModel: input.cpuModel,
    cpuCores: input.cpuCores,
    memoryBytes: input.memoryBytes,
    os: input.os,
    accelerators: input.accelerators.map((a) => ({
      vendor: a.vendor,
      model: a.model,
      memoryBytes: a.memoryBytes ?? null,
      driver: a.driver ?? null,
    })),
    notes: input.notes,
    raw: input.raw ?? null,
    createdAt: new Date(),
  });
  return id;
}

/** One inventory by id, or null. */
export async function findHardware(db: DrizzleDb, id: string): Promise<HardwareRecord | null> {
  const rows = await db.select().from(hardwareInventories).where(eq(hardwareInventories.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Inventories by id, in one statement (a page of runs asks for all of its runs' at once). */
export async function findHardwareByIds(
  db: DrizzleDb,
  ids: readonly string[],
): Promise<Map<string, HardwareRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(hardwareInventories)
    .where(inArray(hardwareInventories.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}
