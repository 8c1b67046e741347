import type { Database, TxContext } from '../db/duckdb';
import { inArray } from 'drizzle-orm';
import { agents, sampleBatches } from '../db/tables';
import type { AuditService } from '../audit/audit.service';
import { batchAuditEntry, type IngestCaller } from './ingest-audit';
import { appendSampleBatches } from './sample-appender';
import type { BulkBatch } from './sample-columns';

/** One batch waiting for a commit, from an agent already checked to own its run. */
interface Job {
  agentId: string;
  batch: BulkBatch;
  /** Who sent it, for the audit record written in the same transaction. */
  caller: IngestCaller | null;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

/** Most samples one group transaction carries (bounds its latency and memory). */
export const MAX_GROUP_SAMPLES = 100_000;

/**
 * Group commit for sample batches. Every commit of a file database syncs DuckDB's write-ahead log,
 * and writes are serialised, so one transaction per batch caps ingest at one sync per batch. Here
 * the batches that arrive while a transaction runs wait together and go into the next one: one
 * sync for all of them, and each caller is answered only after that commit. When a group fails
 * (say one batch repeats a stored seq), every batch of it is retried in its own transaction, so
 * one bad batch never takes the others down.
 */
export class GroupCommitter {
  private waiting: Job[] = [];
  private running = false;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Stores the batch; resolves false, storing nothing, when (runId, batchSeq) was stored before. */
  submit(agentId: string, batch: BulkBatch, caller: IngestCaller | null = null): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ agentId, batch, caller, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        try {
          const stored = await this.database.withTransaction((tx) => storeGroup(tx, this.audit, group));
          group.forEach((job, i) => job.resolve(stored[i]!));
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else await this.retryAlone(group);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private takeGroup(): Job[] {
    let samples = 0;
    let count = 0;
    for (const job of this.waiting) {
      if (count > 0 && samples + job.batch.samples.seq.length > MAX_GROUP_SAMPLES) break;
      samples += job.batch.samples.seq.length;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async retryAlone(group: Job[]): Promise<void> {
    for (const job of group) {
      try {
        const [stored] = await this.database.withTransaction((tx) => storeGroup(tx, this.audit, [job]));
        job.resolve(stored!);
      } catch (error) {
        job.reject(error);
      }
    }
  }
}

/**
 * Inside one transaction, in four statements whatever the group size: records the batches
 * (skipping any stored before), appends the new ones' samples, marks their agents seen, and
 * writes one audit record per batch (stored or duplicate) in one multi-row insert.
 */
async function storeGroup(tx: TxContext, audit: AuditService, group: Job[]): Promise<boolean[]> {
  const receivedAt = new Date();
  const inserted = await tx.db
    .insert(sampleBatches)
    .values(
      group.map(({ batch }) => ({
        runId: batch.runId,
        batchSeq: batch.batchSeq,
        sampleCount: batch.samples.seq.length,
        receivedAt,
        transport: 'bulk' as const,
      })),
    )
    .onConflictDoNothing()
    .returning({ runId: sampleBatches.runId, batchSeq: sampleBatches.batchSeq });
  const fresh = new Set(inserted.map((row) => `${row.batchSeq}/${row.runId}`));
  // The same (runId, batchSeq) twice in one group: only its first occurrence is stored.
  const stored = group.map(({ batch }) => fresh.delete(`${batch.batchSeq}/${batch.runId}`));
  await appendSampleBatches(
    tx.connection,
    group.filter((_, i) => stored[i]).map(({ batch }) => batch),
  );
  const agentIds = [...new Set(group.filter((_, i) => stored[i]).map((job) => job.agentId))];
  if (agentIds.length > 0) {
    await tx.db.update(agents).set({ lastSeenAt: receivedAt }).where(inArray(agents.id, agentIds));
  }
  const audits = group.flatMap(({ batch, caller }, i) => {
    if (!caller) return [];
    const n = batch.samples.seq.length;
    const facts = { runId: batch.runId, batchSeq: batch.batchSeq, format: 'json' as const, sampleCount: n };
    const outcome = { outcome: 'OK', accepted: stored[i] ? n : 0, duplicate: !stored[i] };
    return [batchAuditEntry(caller, { ...facts, ...outcome })];
  });
  // One multi-row insert per group, committed with the batches (one insert per batch halved the
  // 50-agent ingest-load bench's batches/s).
  await audit.recordManyIn(tx, audits, receivedAt);
  return stored;
}
