import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { apiTokens, type ApiTokenRecord } from '../db/tables';
import type { Role } from './principal';

/** Finds a live (not revoked) token by its SHA-256 hex. */
export async function findLiveTokenByHash(
  db: DrizzleDb,
  tokenSha256: string,
): Promise<ApiTokenRecord | null> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenSha256, tokenSha256), isNull(apiTokens.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** True when at least one live ADMIN token exists. */
export async function hasLiveAdminToken(db: DrizzleDb): Promise<boolean> {
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, 'ADMIN'), isNull(apiTokens.revokedAt)))
    .limit(1);
  return rows.length > 0;
}

/** Stores a token hash; returns the new row id. */
export async function insertToken(
  db: DrizzleDb,
  token: { tokenSha256: string; role: Role; agentId: string | null; name: string },
): Promise<string> {
  const id = randomUUID();
  await db.insert(apiTokens).values({ id, ...token, createdAt: new Date() });
  return id;
}
