import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { apiTokens, type ApiTokenRecord } from '../db/tables';
import type { Role } from './principal';

/** Finds a not-revoked token by its SHA-256 hex (expiry is checked by the caller). */
export async function findUnrevokedTokenByHash(
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

/** True when at least one live (not revoked, not expired at `now`) ADMIN token exists. */
export async function hasLiveAdminToken(db: DrizzleDb, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.role, 'ADMIN'),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Stores a token hash; returns the new row id. */
export async function insertToken(
  db: DrizzleDb,
  token: { tokenSha256: string; role: Role; agentId: string | null; name: string; expiresAt: Date | null },
): Promise<string> {
  const id = randomUUID();
  await db.insert(apiTokens).values({ id, ...token, createdAt: new Date() });
  return id;
}

/** A token row by id, or null. */
export async function findToken(db: DrizzleDb, id: string): Promise<ApiTokenRecord | null> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Every token, newest first (hashes included: callers must not expose them). */
export function listTokens(db: DrizzleDb): Promise<ApiTokenRecord[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Marks a token revoked at `at` (a no-op when it already was). */
export async function revokeToken(db: DrizzleDb, id: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

/** Records when a token was last used. */
export async function touchToken(db: DrizzleDb, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
