import { randomUUID } from 'node:crypto';
import { GraphqlClient } from '../upload/graphql.client';
import { RunUploader } from '../upload/run.uploader';
import { defaultSpoolDir } from '../upload/spool.store';
import type { RunStatus, StartRunInput } from '../graphql/agent-operations';
import type { RunOptions } from '../run/run.service';
import type { RunSummary } from '../metrics/run-summary';

/**
 * Uploads a multi-process run as one run: startRun with the first worker's resolved config, no
 * per-request samples (workers do not ship them), finishRun with the merged summary — whose
 * `accumulator` holds the merged HDR histograms. Spooled first like every upload.
 */
export async function uploadPooledRun(
  opts: Pick<RunOptions, 'server' | 'targetUrl' | 'scenario' | 'hardware' | 'log'>,
  config: Record<string, unknown>,
  startedAt: Date,
  status: RunStatus,
  summary: RunSummary,
): Promise<{ delivered: boolean; spoolFile: string; runId?: string } | undefined> {
  if (!opts.server) return undefined;
  const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
  const input: StartRunInput = {
    clientRunId: randomUUID(),
    scenario: opts.scenario.name,
    targetUrl: opts.targetUrl,
    targetEngine: str(config.targetEngine, 'unknown'),
    model: str(config.model, 'unknown'),
    quantization: str(config.quantization, 'unknown'),
    engineBackend: typeof config.engineBackend === 'string' ? config.engineBackend : null,
    config: { ...config, samplesUploaded: false },
    hardware: opts.hardware,
    startedAt: startedAt.toISOString(),
  };
  const uploader = new RunUploader(
    new GraphqlClient(opts.server.url, opts.server.token),
    opts.server.spoolDir ?? defaultSpoolDir(),
    input,
    opts.log ?? (() => {}),
    opts.server.batchSize,
    { windowMs: opts.server.retryWindowMs },
  );
  await uploader.start();
  return uploader.finish(status, summary);
}
