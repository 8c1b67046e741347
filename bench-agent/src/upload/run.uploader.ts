import { GraphqlRequestError, type GraphqlClient } from './graphql.client';
import { backoffDelaysMs, sleep, type RetryPolicy } from './retry.policy';
import { SpoolWriter } from './spool.store';
import { SampleBatchSender } from './sample-batch.sender';
import { toColumns } from './sample-columns';
import {
  FinishRunDocument,
  StartRunDocument,
  type RunStatus,
  type StartRunInput,
} from '../graphql/agent-operations';
import type { SampleInput } from '../run/sample.types';

/**
 * Samples per batch sent to `POST /ingest/samples` (the server accepts up to 50,000; 5,000 is ~0.7 MB
 * of JSON, a fraction of a second to store, and what the GraphQL fallback takes in one call).
 */
export const UPLOAD_BATCH_SIZE = 5_000;
/** The bulk endpoint's limit per batch. */
export const MAX_UPLOAD_BATCH_SIZE = 50_000;

/** How long a live run keeps retrying an unreachable server before leaving the rest to the spool. */
export const DEFAULT_RETRY_WINDOW_MS = 20_000;

/**
 * Streams one run to the server while it runs: startRun, sample batches (batchSeq 0, 1, 2...) to
 * `POST /ingest/samples` — or GraphQL appendSamples when the server is too old to have it, see
 * SampleBatchSender — and finishRun. Every operation is spooled first. An unreachable server
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
    this.sender = client ? new SampleBatchSender(client, log) : undefined;
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

  /** Buffers one sample; a full batch is spooled and queued for sending. */
  add(sample: SampleInput): void {
    this.buffer.push(sample);
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  /** Flushes the rest, spools and sends finishRun; deletes the spool once the server has everything. */
  async finish(
    status: RunStatus,
    summary: unknown,
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
    this.buffer = [];
    const batchSeq = this.nextBatchSeq++;
    this.spool.append({ op: 'sampleBatch', batchSeq, columns });
    this.enqueue(async () => {
      await this.sender!.send(this.requireRunId(), batchSeq, columns);
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
