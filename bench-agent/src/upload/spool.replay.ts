import type { RunNoteSummary } from '@yardstick/schema/run-summary';
import { hostname } from 'node:os';
import { appendFileSync, rmSync } from 'node:fs';
import { GraphqlRequestError, type GraphqlClient } from './graphql.client';
import { listSpoolFiles, readSpool, type SpoolContents, type SpoolLine } from './spool.store';
import { FinishRunDocument, StartRunDocument } from '../graphql/agent-operations';
import { backoffDelaysMs, sleep } from './retry.policy';
import { SampleBatchSender } from './sample-batch.sender';

export interface ReplayOptions {
  retries?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  log?: (line: string) => void;
}

export interface ReplayReport {
  file: string;
  outcome: 'uploaded' | 'skipped-live' | 'skipped-invalid' | 'failed';
  runId?: string;
  batchesSent: number;
  message?: string;
}

/**
 * Replays every spool file in `dir`, oldest first: startRun (idempotent on clientRunId), every batch the
 * server has not acknowledged, then finishRun; the file is deleted once finishRun is acknowledged.
 * A spool without finishRun whose writer process is gone is finished as ABORTED; one whose writer is
 * still running on this host is skipped. Unreachable-server errors are retried with exponential backoff.
 * Sample batches go to `POST /ingest/samples`, or through GraphQL appendSamples for a server without it
 * (old spools with `appendSamples` lines upload the same way).
 */
export async function replaySpoolDir(
  client: GraphqlClient,
  dir: string,
  opts: ReplayOptions = {},
): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  const sender = new SampleBatchSender(client, opts.log);
  for (const file of listSpoolFiles(dir)) {
    const spool = readSpool(file);
    const report = await replayOne(client, sender, spool, opts);
    opts.log?.(`${file}: ${report.outcome}${report.message ? ` (${report.message})` : ''}`);
    reports.push(report);
  }
  return reports;
}

async function replayOne(
  client: GraphqlClient,
  sender: SampleBatchSender,
  spool: SpoolContents,
  opts: ReplayOptions,
): Promise<ReplayReport> {
  const report: ReplayReport = { file: spool.file, outcome: 'failed', batchesSent: 0 };
  if (!spool.start) return { ...report, outcome: 'skipped-invalid', message: 'no startRun line' };
  if (!spool.finish && spool.start.host === hostname() && isAlive(spool.start.pid)) {
    return { ...report, outcome: 'skipped-live', message: `run still in progress (pid ${spool.start.pid})` };
  }
  const ack = (line: SpoolLine): void => appendFileSync(spool.file, `${JSON.stringify(line)}\n`);
  try {
    const start = await withRetry(
      () => client.request(StartRunDocument, { input: spool.start!.input }),
      opts,
    );
    const runId = start.startRun.id;
    report.runId = runId;
    if (spool.ackedRunId !== runId) ack({ op: 'ack', of: 'startRun', runId });
    const seqs = [...spool.batches.keys()].sort((a, b) => a - b);
    for (const batchSeq of seqs) {
      // Acks recorded against another runId (should not happen: startRun is idempotent) are ignored.
      if (spool.ackedBatches.has(batchSeq) && spool.ackedRunId === runId) continue;
      const samples = spool.batches.get(batchSeq)!;
      await withRetry(() => sender.send(runId, batchSeq, samples), opts);
      ack({ op: 'ack', of: 'appendSamples', batchSeq });
      report.batchesSent += 1;
    }
    const finish = spool.finish ?? {
      status: 'ABORTED' as const,
      summary: { note: 'agent stopped before finishing; finished by upload' } satisfies RunNoteSummary,
      finishedAt: new Date().toISOString(),
    };
    await withRetry(() => client.request(FinishRunDocument, { input: { runId, ...finish } }), opts);
    rmSync(spool.file, { force: true });
    return { ...report, outcome: 'uploaded' };
  } catch (err) {
    return { ...report, outcome: 'failed', message: (err as Error).message };
  }
}

async function withRetry<T>(fn: () => Promise<T>, opts: ReplayOptions): Promise<T> {
  const delays = backoffDelaysMs({ maxRetries: opts.retries ?? 5, firstDelayMs: opts.backoffMs ?? 500 });
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const next = delays.next();
      if (err instanceof GraphqlRequestError || next.done) throw err;
      opts.log?.(`retrying in ${next.value} ms: ${(err as Error).message}`);
      await sleep(next.value);
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
