import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphqlClient, GraphqlRequestError } from './graphql.client';
import { backoffDelaysMs, sleep, type RetryPolicy } from './retry.policy';
import { readSpool } from './spool.store';
import { AppendTelemetryDocument, StartRunDocument } from '../graphql/agent-operations';
import type { MeasurementOptions } from '../workers/measured-run';
import type { RunOutcome } from '../run/run.service';
import type { TelemetryReport } from '../telemetry/telemetry.registry';
import { toReadings, type TelemetryReading } from '../telemetry/telemetry-readings';

/** Readings per appendTelemetry call (the server takes up to 10,000). */
export const TELEMETRY_BATCH_SIZE = 5000;
/** How long to keep retrying an unreachable server before leaving the readings in the spool. */
export const TELEMETRY_RETRY_WINDOW_MS = 20_000;
const SUFFIX = '.telemetry.json';

/**
 * A run's readings waiting for the server, next to the run's own spool file: `<clientRunId>.telemetry.json`
 * (not `.jsonl`, so the sample replay ignores it). `runId` is absent when the run never reached the
 * server; a replay then gets it from startRun (idempotent on clientRunId) with the run spool's input.
 */
interface TelemetrySpool {
  clientRunId: string;
  runId?: string;
  batchSize: number;
  readings: TelemetryReading[];
  acked: number[];
}

export interface TelemetryUploadResult {
  outcome: 'uploaded' | 'empty' | 'unsupported' | 'rejected' | 'unreachable';
  readings: number;
  batchesSent: number;
  spoolFile: string;
  message?: string;
}

export interface TelemetryUploadOptions {
  spoolDir: string;
  log?: (line: string) => void;
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
  /** Only write the spool file (the server was unreachable for the run itself). */
  spoolOnly?: boolean;
}

/** The spool file of one run's readings. */
export function telemetrySpoolFile(dir: string, clientRunId: string): string {
  return path.join(dir, `${clientRunId}${SUFFIX}`);
}

/**
 * Spools a run's readings, then sends them in batches (batchSeq 0, 1, ...; idempotent on the server),
 * retrying an unreachable server with backoff for `retry.windowMs`. Deletes the spool file once every
 * batch is acknowledged, or when the server cannot take telemetry (an older server without
 * appendTelemetry: skipped with a log line; a rejected batch: logged). Never throws for the server.
 */
export async function uploadTelemetry(
  client: GraphqlClient,
  run: { clientRunId: string; runId?: string },
  readings: TelemetryReading[],
  opts: TelemetryUploadOptions,
): Promise<TelemetryUploadResult> {
  const file = telemetrySpoolFile(opts.spoolDir, run.clientRunId);
  if (readings.length === 0) return { outcome: 'empty', readings: 0, batchesSent: 0, spoolFile: file };
  const spool: TelemetrySpool = {
    ...run,
    batchSize: opts.batchSize ?? TELEMETRY_BATCH_SIZE,
    readings,
    acked: [],
  };
  mkdirSync(opts.spoolDir, { recursive: true });
  writeFileSync(file, JSON.stringify(spool));
  if (opts.spoolOnly) {
    opts.log?.(`telemetry: ${readings.length} readings spooled to ${file}`);
    return { outcome: 'unreachable', readings: readings.length, batchesSent: 0, spoolFile: file };
  }
  return sendSpool(client, file, spool, opts);
}

/** Sends every telemetry spool file in `dir` (after an outage); `yardstick-agent upload` can call this. */
export async function replayTelemetrySpool(
  client: GraphqlClient,
  dir: string,
  opts: Omit<TelemetryUploadOptions, 'spoolDir'> = {},
): Promise<TelemetryUploadResult[]> {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX));
  } catch {
    return [];
  }
  const results: TelemetryUploadResult[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const spool = JSON.parse(readFileSync(file, 'utf8')) as TelemetrySpool;
    results.push(await sendSpool(client, file, spool, { ...opts, spoolDir: dir }));
  }
  return results;
}

async function sendSpool(
  client: GraphqlClient,
  file: string,
  spool: TelemetrySpool,
  opts: TelemetryUploadOptions,
): Promise<TelemetryUploadResult> {
  const log = opts.log ?? (() => {});
  const result = (outcome: TelemetryUploadResult['outcome'], batchesSent: number, message?: string) => {
    if (outcome !== 'unreachable') rmSync(file, { force: true });
    return { outcome, readings: spool.readings.length, batchesSent, spoolFile: file, message };
  };
  let sent = 0;
  const attempt = await withRetries(async () => {
    spool.runId ??= await runIdFromRunSpool(client, opts.spoolDir, spool.clientRunId);
    const runId = spool.runId;
    for (let seq = 0; seq * spool.batchSize < spool.readings.length; seq += 1) {
      if (spool.acked.includes(seq)) continue;
      const readings = spool.readings.slice(seq * spool.batchSize, (seq + 1) * spool.batchSize);
      await client.request(AppendTelemetryDocument, { input: { runId, batchSeq: seq, readings } });
      spool.acked.push(seq);
      sent += 1;
      writeFileSync(file, JSON.stringify(spool));
    }
  }, opts);
  if (attempt === undefined) {
    log(`telemetry: uploaded ${spool.readings.length} readings in ${sent} batch(es)`);
    return result('uploaded', sent);
  }
  if (attempt instanceof GraphqlRequestError) {
    if (
      /appendTelemetry|AppendTelemetryInput/.test(attempt.message) &&
      /Cannot query|Unknown type/.test(attempt.message)
    ) {
      log('telemetry: this server has no appendTelemetry (older than this agent); readings not uploaded');
      return result('unsupported', sent, attempt.message);
    }
    log(`telemetry: server rejected the readings (${attempt.message}); not uploaded`);
    return result('rejected', sent, attempt.message);
  }
  log(`telemetry: server unreachable (${attempt.message}); readings stay in ${file}`);
  return result('unreachable', sent, attempt.message);
}

/** The server's id of a run that never reached it: startRun again with the run spool's input. */
async function runIdFromRunSpool(client: GraphqlClient, dir: string, clientRunId: string): Promise<string> {
  const start = readSpool(path.join(dir, `${clientRunId}.jsonl`)).start;
  if (!start) throw new GraphqlRequestError(`run ${clientRunId}: no run id and no startRun in its spool`);
  return (await client.request(StartRunDocument, { input: start.input })).startRun.id;
}

/** Runs `op` until it succeeds (undefined), is rejected, or the server stays unreachable too long. */
async function withRetries(
  op: () => Promise<void>,
  opts: TelemetryUploadOptions,
): Promise<Error | undefined> {
  const delays = backoffDelaysMs(opts.retry);
  const windowMs = opts.retry?.windowMs ?? TELEMETRY_RETRY_WINDOW_MS;
  const since = Date.now();
  for (;;) {
    try {
      await op();
      return undefined;
    } catch (err) {
      if (err instanceof GraphqlRequestError || !(err instanceof Error)) return err as Error;
      const next = delays.next();
      if (next.done || Date.now() - since + next.value > windowMs) return err;
      opts.log?.(`telemetry upload failed (${err.message}); retrying in ${next.value} ms`);
      await sleep(next.value);
    }
  }
}

/**
 * The run command's hook: `measurement` with a listener that keeps the telemetry report, and
 * `upload(outcome)` that sends its readings after the run (and its samples) reached the server.
 */
export function captureTelemetry(measurement: MeasurementOptions | undefined) {
  let report: TelemetryReport | undefined;
  const withListener: MeasurementOptions | undefined =
    measurement && (measurement.telemetry?.length ?? 0) > 0
      ? {
          ...measurement,
          telemetryOptions: { ...measurement.telemetryOptions, onReport: (r) => (report = r) },
        }
      : measurement;
  return {
    measurement: withListener,
    async upload(
      outcome: RunOutcome,
      server: { url: string; token: string; spoolDir?: string } | undefined,
      spoolDir: string,
      log: (line: string) => void,
    ): Promise<TelemetryUploadResult | undefined> {
      if (!server || !report) return undefined;
      const runId = outcome.upload?.runId;
      const clientRunId = outcome.clientRunId === 'workers' && runId ? runId : outcome.clientRunId;
      const client = new GraphqlClient(server.url, server.token);
      try {
        return await uploadTelemetry(client, { clientRunId, runId }, toReadings(report.samples), {
          spoolDir: server.spoolDir ?? spoolDir,
          log,
          spoolOnly: outcome.upload?.delivered !== true,
        });
      } finally {
        client.close();
      }
    },
  };
}
