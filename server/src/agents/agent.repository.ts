import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { agents, type AgentRecord } from '../db/tables';

/** All agents, newest first. */
export function listAgents(db: DrizzleDb): Promise<AgentRecord[]> {
  return db.select().from(agents).orderBy(desc(agents.createdAt), desc(agents.id));
}

/** Inserts an agent and returns it. */
export async function insertAgent(db: DrizzleDb, name: string): Promise<AgentRecord> {
  const record: AgentRecord = { id: randomUUID(), name, createdAt: new Date(), lastSeenAt: null };
  await db.insert(agents).values(record);
  return record;
}

/** Records that the agent just wrote something. */
export async function touchAgent(db: DrizzleDb, agentId: string, at: Date): Promise<void> {
  await db.update(agents).set({ lastSeenAt: at }).where(eq(agents.id, agentId));
}
