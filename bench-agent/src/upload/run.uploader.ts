import type { RunSummary as RunSummaryContract } from '@yardstick/schema/run-summary';
import { GraphqlRequestError, type GraphqlClient } from './graphql.client';
import { backoffDelaysMs, sleep, type RetryPolicy } from './retry.policy';
import { SpoolWriter } from './spool.store';
import { SampleBatchSender } from './sample-batch.sender';
import { toColumns } from './sample-columns';
import { CSV_HEADER, sampleToCsvRow } from './sample-csv';
import {
  FinishRunDocument,
  StartRunDocument,
  type RunStatus,
  type StartRunInput,
} from '../graphql/agent-operations';
import type { SampleInput } from '../run/sample.types';

/**
 * Samples per batch sent to `POST /ingest/samples` (the server accepts up to 50,000). Kept at 5,000:
 * 20,000 would amortise the server's ~20-30 ms per-batch cost of CSV, but raised the agent's peak RSS
 * by 27 MB (no ITL gaps) to 85 MB (32 gaps per sample) and its CPU by ~20% in a 100,000-sample upload
 * (a batch's samples, columns, spool line and body all live at once), far more than the few MB a
 * batch may hold; 5,000 is also what GraphQL takes in one call.
 */
export const UPLOAD_BATCH_SIZE = 5_000;
/**
 * A batch is flushed once its samples' estimated CSV size reaches this, even below the batch size:
 * samples with long ITL lists (5,000 × 2,000 gaps is ~70 MB) would otherwise exceed the server's
 * 64 MB body limit, a rejection that stops the live upload.
 */
export const UPLOAD_BATCH_BYTES = 8_000_000;
/** The bulk endpoint's limit per batch. */
export const MAX_UPLOAD_BATCH_SIZE = 50_000;

/**
 * Batches of at least this many samples go as CSV, smaller ones as columnar JSON. Measured (ADR 0004,
 * `npm run bench -- bulk-ingest`): the server's CSV path has a ~20-30 ms fixed cost per batch, so at
 * 5,000 samples it is no faster than JSON (0.39-0.43x vs 0.40-0.44x the raw Appender per CPU-second),
 * while the agent spends ~6-7 µs per sample encoding CSV against ~3 µs for JSON.stringify; from 10,000
 * up CSV pulls ahead (0.59-0.67x at 10,000, 0.80-0.91x at 50,000).
 */
export const CSV_MIN_BATCH_SIZE = 20_000;

/** The wire format for batches of `batchSize` samples (see CSV_MIN_BATCH_SIZE). */
export function uploadFormatFor(batchSize: number): 'csv' | 'json' {
  return batchSize >= CSV_MIN_BATCH_SIZE ? 'csv' : 'json';
}

/** How long a live run keeps retrying an unreachable server before leaving the rest to the spool. */
export const DEFAULT_RETRY_WINDOW_MS = 20_000;

/**
 * Streams one run to the server while it runs: startRun, sample batches (batchSeq 0, 1, 2...) to
 * `POST /ingest/samples` as CSV, each sample encoded as it arrives — or as JSON, or through GraphQL
 * appendSamples, when the server is too old for CSV or for the endpoint, see SampleBatchSender — and
 * finishRun. Every operation is spooled first. An unreachable server
 * (connection refused, 5xx, timeout) is retried with exponential backoff for up to `retry.windowMs` after the first failure — a server that
 * restarts within that window receives everything, exactly once, because startRun (clientRunId) and
 * sample batches (runId, batchSeq) are idempotent on the server. After the window, or at once when the
 * server rejects a request, the uploader stops trying for the rest of the run and leaves the spool for
 * `yardstick-agent upload`. Sends are chained so batches arrive in order and never block the caller.
 */
export class RunUploader {
  private readonly spool: SpoolWriter;
  private readonly sender: SampleBatchSender | undefined;
  private runId: string | undefined;
  private offlineReason: string | undefined;
  private buffer: SampleInput[] = [];
  /** Estimated CSV bytes of `buffer` (estimatedCsvBytes). */
  private bufferBytes = 0;
  /** `buffer` as CSV rows, encoded sample by sample while the server takes CSV (see sampleToCsvRow). */
  private csvRows = '';
  private csvRowCount = 0;
  private nextBatchSeq = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Date.now() of the first failure in the current outage (the retry window counts from there). */
  private failingSince: number | undefined;

  constructor(
    private readonly client: GraphqlClient | undefined,
    spoolDir: string,
    private readonly input: StartRunInput,
    private readonly log: (line: string) => void = () => {},
    private readonly batchSize: number = UPLOAD_BATCH_SIZE,
    private readonly retry: Partial<RetryPolicy> = {},
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_UPLOAD_BATCH_SIZE) {
      throw new Error(
        `upload batch size must be an integer 1-${MAX_UPLOAD_BATCH_SIZE} (got ${batchSize}); ` +
          'change --upload-batch-size',
      );
    }
    this.spool = new SpoolWriter(spoolDir, input.clientRunId);
    this.sender = client ? new SampleBatchSender(client, log, uploadFormatFor(batchSize)) : undefined;
    if (!client) this.offlineReason = 'no --server given';
  }

  get spoolFile(): string {
    return this.spool.file;
  }

  /** Why uploads stopped, or undefined while the server is answering. */
  get offline(): string | undefined {
    return this.offlineReason;
  }

  start(): Promise<void> {
    this.spool.startRun(this.input);
    this.enqueue(async (c) => {
      const data = await c.request(StartRunDocument, { input: this.input });
      this.runId = data.startRun.id;
      this.spool.append({ op: 'ack', of: 'startRun', runId: this.runId });
    });
    return this.chain;
  }

  /** Buffers one sample; a full batch (by count or by size) is spooled and queued for sending. */
  add(sample: SampleInput): void {
    this.buffer.push(sample);
    this.bufferBytes += estimatedCsvBytes(sample);
    if (this.sender?.transport === 'bulk-csv') {
      this.csvRows += sampleToCsvRow(sample);
      this.csvRowCount += 1;
    }
    if (this.buffer.length >= this.batchSize || this.bufferBytes >= UPLOAD_BATCH_BYTES) this.flush();
  }

  /** Flushes the rest, spools and sends finishRun; deletes the spool once the server has everything. */
  async finish(
    status: RunStatus,
    summary: RunSummaryContract,
    finishedAt = new Date().toISOString(),
  ): Promise<{ delivered: boolean; spoolFile: string; runId?: string }> {
    this.flush();
    const input = { status, summary, finishedAt };
    this.spool.append({ op: 'finishRun', input });
    this.enqueue(async (c) => {
      await c.request(FinishRunDocument, { input: { runId: this.requireRunId(), ...input } });
      this.spool.append({ op: 'ack', of: 'finishRun' });
    });
    await this.chain;
    const delivered = this.offlineReason === undefined;
    if (delivered) this.spool.remove();
    this.client?.close();
    return { delivered, spoolFile: this.spool.file, runId: this.runId };
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const columns = toColumns(this.buffer);
    // Rows encoded for every sample of the batch, or none (the format changed mid-batch).
    const csv = this.csvRowCount === this.buffer.length ? CSV_HEADER + this.csvRows : undefined;
    this.buffer = [];
    this.bufferBytes = 0;
    this.csvRows = '';
    this.csvRowCount = 0;
    const batchSeq = this.nextBatchSeq++;
    this.spool.append({ op: 'sampleBatch', batchSeq, columns });
    this.enqueue(async () => {
      await this.sender!.send(this.requireRunId(), batchSeq, columns, csv);
      this.spool.append({ op: 'ack', of: 'appendSamples', batchSeq });
    });
  }

  /** Operations after startRun are queued behind it, so the id is known when they run. */
  private requireRunId(): string {
    if (this.runId === undefined) throw new Error('startRun has not been acknowledged yet');
    return this.runId;
  }

  private enqueue(op: (client: GraphqlClient) => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.offlineReason !== undefined || !this.client) return;
      const delays = backoffDelaysMs(this.retry);
      for (;;) {
        try {
          await op(this.client);
          this.failingSince = undefined;
          return;
        } catch (err) {
          const message = (err as Error).message;
          if (err instanceof GraphqlRequestError)
            return this.goOffline(`server rejected an upload: ${message}`);
          this.failingSince ??= Date.now();
          const next = delays.next();
          const windowMs = this.retry.windowMs ?? DEFAULT_RETRY_WINDOW_MS;
          if (next.done || Date.now() - this.failingSince + next.value > windowMs) {
            return this.goOffline(`server unreachable for ${windowMs} ms: ${message}`);
          }
          this.log(`upload failed (${message}); retrying in ${next.value} ms`);
          await sleep(next.value);
        }
      }
    });
  }

  private goOffline(reason: string): void {
    this.offlineReason = reason;
    this.log(`upload paused (${reason}); results stay in ${this.spool.file}`);
  }
}

/**
 * A sample's CSV row size, roughly: ~130 bytes of fixed columns, ~6 per ITL gap ("8.125 "), the
 * error message. Cheap (no formatting); only used to bound a batch's memory.
 */
function estimatedCsvBytes(sample: SampleInput): number {
  return 130 + sample.itlMs.length * 6 + (sample.errorMessage?.length ?? 0);
}
