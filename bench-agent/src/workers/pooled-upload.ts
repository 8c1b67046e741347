import type { RunSummary as RunSummaryContract } from '@yardstick/schema/run-summary';
import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import { randomUUID } from 'node:crypto';
import { GraphqlClient } from '../upload/graphql.client';
import { RunUploader } from '../upload/run.uploader';
import { defaultSpoolDir } from '../upload/spool.store';
import { effectiveLoad } from '../scenario/scenario.loader';
import type { RunStatus, StartRunInput } from '../graphql/agent-operations';
import type { RunOptions } from '../run/run.service';
import type { SampleInput } from '../run/sample.types';
import type { PooledSampleSink } from './worker-pool';

type PooledUploadOptions = Pick<
  RunOptions,
  'server' | 'targetUrl' | 'scenario' | 'overrides' | 'hardware' | 'log'
>;

/**
 * Uploads a multi-process run as one run, samples included: startRun as soon as worker 0 has resolved
 * the target (its model, quantization and config, with the whole scenario's load instead of worker
 * 0's share), then every worker's samples — already given run-wide seqs by the pool — through one
 * RunUploader, so they are spooled first, batched, retried and idempotent exactly like a
 * single-process run's, and `yardstick-agent upload` replays the one spool file. finishRun carries the
 * merged summary (percentiles over every worker's values pooled).
 */
export class PooledRunUpload implements PooledSampleSink {
  readonly clientRunId = randomUUID();
  private uploader: RunUploader | undefined;
  /** Samples of other workers that arrive before worker 0 has started (a few at most). */
  private early: SampleInput[] = [];

  constructor(
    private readonly opts: PooledUploadOptions & { server: NonNullable<RunOptions['server']> },
    private readonly workers: number,
    private readonly startedAt = new Date(),
  ) {}

  workerStarted(index: number, input: StartRunInput): void {
    if (index !== 0 || this.uploader) return;
    const { load, stop } = effectiveLoad(this.opts.scenario, this.opts.overrides ?? {});
    const { server } = this.opts;
    this.uploader = new RunUploader(
      new GraphqlClient(server.url, server.token),
      server.spoolDir ?? defaultSpoolDir(),
      {
        ...input,
        clientRunId: this.clientRunId,
        config: {
          ...(input.config as MeasuredRunConfigInput),
          scenario: this.opts.scenario,
          seed: this.opts.scenario.seed,
          load,
          stop,
          warmupRequests: this.opts.scenario.warmup.requests,
          workers: this.workers,
          samplesUploaded: true,
          seqAllocation: 'worker w, request k (warm-up first): seq = k × workers + w',
        },
        hardware: this.opts.hardware,
        startedAt: this.startedAt.toISOString(),
      },
      this.opts.log ?? (() => {}),
      server.batchSize,
      { windowMs: server.retryWindowMs },
    );
    void this.uploader.start();
    for (const s of this.early) this.uploader.add(s);
    this.early = [];
  }

  samples(samples: SampleInput[]): void {
    if (!this.uploader) {
      this.early.push(...samples);
      return;
    }
    for (const s of samples) this.uploader.add(s);
  }

  /**
   * Flushes, sends finishRun and removes the spool once the server has everything. Undefined when
   * worker 0 never started (nothing was spooled: there is no run).
   */
  async finish(
    status: RunStatus,
    summary: RunSummaryContract,
  ): Promise<{ delivered: boolean; spoolFile: string; runId?: string; offlineReason?: string } | undefined> {
    if (!this.uploader) return undefined;
    const offlineBefore = this.uploader.offline;
    const up = await this.uploader.finish(status, summary);
    return { ...up, offlineReason: this.uploader.offline ?? offlineBefore };
  }
}
