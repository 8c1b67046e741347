import { randomUUID } from 'node:crypto';
import type { Database, TxContext } from '../db/duckdb';
import type { AuditLogRecord } from '../db/tables';
import { badInput } from '../graphql/errors';
import type { Principal } from '../auth/principal';
import {
  insertAuditRecords,
  listAuditRecords,
  type AuditCursor,
  type AuditFilterValues,
} from './audit.repository';
import { installTransactionalAudit } from './audit-scope';
import { initiativeNamedIn, initiativeOfEntity } from './entity-state';
import { redactForAudit } from './redact';

/** Largest page `auditLog(first:)` returns. */
export const MAX_AUDIT_PAGE_SIZE = 200;

/** One change to record. `before`/`after`/`args` are redacted here (secrets, long arrays). */
export interface AuditEntry {
  /** Null for writes without a principal (e.g. the admin CLI, recorded as `cli`). */
  principal: Principal | null;
  clientAddress?: string | null;
  operation: string;
  entityType?: string | null;
  entityId?: string | null;
  /** `OK`, `DENIED` (authorisation refused), or the error code of a failed attempt. */
  outcome: string;
  /**
   * The initiative the entity belongs to. When not given it is derived: from the stored entity
   * (types in entity-state.ts), else from `args.input.initiativeId` or `initiativeId` in before/after.
   */
  initiativeId?: string | null;
  errorMessage?: string | null;
  args?: unknown;
  before?: unknown;
  after?: unknown;
}

/** Most records one group-commit transaction inserts. */
const MAX_RECORDS_PER_FLUSH = 500;

interface Pending {
  record: AuditLogRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes and reads the audit log (migrations/0006_audit_log.sql).
 * Writes are group-committed: records that arrive while a flush is queued share one
 * transaction (one multi-row INSERT), and each caller's promise settles when its record is
 * committed. Under concurrent ingest this turns one transaction per mutation into one per tick.
 */
export class AuditService {
  private pending: Pending[] = [];
  private flushScheduled = false;

  constructor(private readonly database: Database) {
    installTransactionalAudit(database);
  }

  /**
   * Appends one record in its own (group-committed) transaction and resolves, with it, once it
   * is committed. For changes made in a transaction, use `recordIn` so both commit together.
   */
  async record(entry: AuditEntry, at = new Date()): Promise<AuditLogRecord> {
    const record = await this.toRecord(entry, at, this.database.connection);
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
    return record;
  }

  /**
   * Inserts one record inside `tx`, the transaction that makes the change: it commits or rolls
   * back with it. A failed insert throws, so the caller's transaction rolls back.
   */
  async recordIn(tx: TxContext, entry: AuditEntry, at = new Date()): Promise<AuditLogRecord> {
    const [record] = await this.recordManyIn(tx, [entry], at);
    return record!;
  }

  /** `recordIn` for many entries at once: one multi-row INSERT (a group commit of ingest batches). */
  async recordManyIn(tx: TxContext, entries: AuditEntry[], at = new Date()): Promise<AuditLogRecord[]> {
    const records: AuditLogRecord[] = [];
    for (const entry of entries) records.push(await this.toRecord(entry, at, tx.connection));
    if (records.length > 0) await insertAuditRecords(tx.db, records);
    return records;
  }

  /** The stored form: redacted JSON, actor fields from the principal, the initiative derived. */
  private async toRecord(
    entry: AuditEntry,
    at: Date,
    connection: Database['connection'],
  ): Promise<AuditLogRecord> {
    const p = entry.principal;
    const initiativeId =
      entry.initiativeId ??
      (await initiativeOfEntity(connection, entry.entityType, entry.entityId)) ??
      initiativeNamedIn(entry.args, entry.before, entry.after);
    return {
      id: randomUUID(),
      at,
      actorRole: p?.role ?? 'SYSTEM',
      actorName: p?.name ?? 'cli',
      actorTokenId: p?.tokenId ?? null,
      actorAgentId: p?.agentId ?? null,
      clientAddress: entry.clientAddress ?? null,
      operation: entry.operation,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      outcome: entry.outcome,
      errorMessage: entry.errorMessage?.slice(0, 2000) ?? null,
      args: redactForAudit(entry.args ?? {}) ?? {},
      before: entry.before === undefined ? null : redactForAudit(entry.before),
      after: entry.after === undefined ? null : redactForAudit(entry.after),
      initiativeId: initiativeId ?? null,
    };
  }

  /** Inserts every pending record (in chunks of 500), one transaction per chunk. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_RECORDS_PER_FLUSH);
      try {
        // Not intercepted: the audit log's own writes carry no mutation's record.
        await this.database.withTransaction(
          ({ db }) =>
            insertAuditRecords(
              db,
              batch.map((p) => p.record),
            ),
          { intercept: false },
        );
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }

  /** A newest-first page; `first` 1..200; `after` from a previous pageInfo.endCursor. */
  async list(filter: AuditFilterValues | null | undefined, first: number, after: string | null | undefined) {
    if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE_SIZE) {
      throw badInput('auditLog.first', `must be 1-${MAX_AUDIT_PAGE_SIZE}`);
    }
    const cursor = after ? decodeAuditCursor(after) : null;
    const rows = await listAuditRecords(this.database.db, filter ?? {}, first + 1, cursor);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeAuditCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}

/** Opaque cursor: base64url of `<at ISO>|<id>`. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

function decodeAuditCursor(text: string): AuditCursor {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  const at = new Date(decoded.slice(0, bar));
  const id = decoded.slice(bar + 1);
  if (bar < 0 || Number.isNaN(at.getTime()) || id.length === 0) {
    throw badInput('auditLog.after', 'is not a cursor returned by auditLog (use pageInfo.endCursor)');
  }
  return { at, id };
}
