import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { DrizzleDb } from '../db/duckdb';
import { auditLog, type AuditLogRecord } from '../db/tables';

/** Conditions of the auditLog query; every one optional, all combined with AND. */
export interface AuditFilterValues {
  operation?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  actorName?: string | null;
  actorTokenId?: string | null;
  outcome?: string | null;
  /** Records of the initiative and of everything in it (cost items, value streams, ...). */
  initiativeId?: string | null;
  /** Inclusive lower bound on `at`. */
  since?: Date | null;
  /** Exclusive upper bound on `at`. */
  until?: Date | null;
}

/** Position in the newest-first order. */
export interface AuditCursor {
  at: Date;
  id: string;
}

/** Appends records in one INSERT. */
export async function insertAuditRecords(db: DrizzleDb, records: AuditLogRecord[]): Promise<void> {
  if (records.length > 0) await db.insert(auditLog).values(records);
}

/** Up to `limit` records newest first, after `cursor`, matching `filter`. */
export function listAuditRecords(
  db: DrizzleDb,
  filter: AuditFilterValues,
  limit: number,
  cursor: AuditCursor | null,
): Promise<AuditLogRecord[]> {
  const conditions: (SQL | undefined)[] = [
    filter.operation ? eq(auditLog.operation, filter.operation) : undefined,
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.actorName ? eq(auditLog.actorName, filter.actorName) : undefined,
    filter.actorTokenId ? eq(auditLog.actorTokenId, filter.actorTokenId) : undefined,
    filter.outcome ? eq(auditLog.outcome, filter.outcome) : undefined,
    filter.initiativeId ? eq(auditLog.initiativeId, filter.initiativeId) : undefined,
    filter.since ? gte(auditLog.at, filter.since) : undefined,
    filter.until ? lt(auditLog.at, filter.until) : undefined,
    cursor
      ? or(lt(auditLog.at, cursor.at), and(eq(auditLog.at, cursor.at), lt(auditLog.id, cursor.id)))
      : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
