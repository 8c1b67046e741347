/**
 * Every sample reaches the real server exactly once: a `--workers 2` run uploaded live, the same run
 * spooled while the server is down and flushed later by `yardstick-agent upload` (twice, the second
 * time as if the acks had been lost), a server without `POST /ingest/samples` (GraphQL fallback), and
 * spools written by older agents. The server is the real `yardstick-server` process on a temp DuckDB
 * file; counts are checked through GraphQL and the stored seq set in the DuckDB file.
 */
import { summarizeSamples } from '../src/metrics/run-summary';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { measuredRun } from '../src/workers/measured-run';
import { runScenario } from '../src/run/run.service';
import type { SampleInput } from '../src/run/sample.types';
import { closedPort, startFakeOpenAi } from './helpers/fake-openai.server';
import { readStoredSamples, startRealServer, type RealServer } from './helpers/real-server';
import { HARDWARE_FIXTURE, scenarioFixture, runConfigFixture } from './helpers/scenario.fixture';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');
const RUN_QUERY = `query($id: ID!) { run(id: $id) { status sampleCount config stats { requests errors } } }`;
interface RunRow {
  status: string;
  sampleCount: number;
  config: Record<string, unknown>;
  stats: { requests: number; errors: number };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(): Promise<{ dir: string; spoolDir: string; server: RealServer }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-sample-upload-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const server = await startRealServer(path.join(dir, 'store.duckdb'));
  cleanups.push(server.stop);
  return { dir, spoolDir: path.join(dir, 'spool'), server };
}

async function target() {
  const t = await startFakeOpenAi({ itlMs: 1 });
  cleanups.push(t.close);
  return t;
}

const runOf = async (server: RealServer, id: string) =>
  (await server.gql<{ run: RunRow }>(RUN_QUERY, { id })).run;

const upload = (server: RealServer, spoolDir: string) =>
  execFileAsync(process.execPath, [
    BIN,
    'upload',
    '--server',
    server.url,
    '--token',
    server.agentToken,
    '--spool-dir',
    spoolDir,
  ]);

// 30 measured + 3 warm-up requests over 2 workers: worker 0 sends 2 warm-up + 15, worker 1 sends
// 1 warm-up + 15. Worker w's k-th request is seq k × 2 + w, so the run holds seqs 0..32 once each
// (worker 0 the even ones up to 32, worker 1 the odd ones up to 31), warm-up marks on 0 (w0 k0),
// 1 (w1 k0) and 2 (w0 k1).
const TWO_WORKER_SCENARIO = scenarioFixture({
  load: { type: 'concurrency', concurrency: 4 },
  stop: { requests: 30 },
  warmup: { requests: 3 },
});
const ALL_SEQS = Array.from({ length: 33 }, (_, i) => i);

describe('--workers 2: every sample of every worker reaches the server once', () => {
  it('uploads live through POST /ingest/samples under one run', async () => {
    const { spoolDir, server } = await setup();
    const t = await target();
    const r = await measuredRun(
      {
        targetUrl: t.url,
        scenario: TWO_WORKER_SCENARIO,
        hardware: HARDWARE_FIXTURE,
        server: { url: server.url, token: server.agentToken, spoolDir, batchSize: 7 },
      },
      { workers: 2 },
    );
    expect(r.upload).toMatchObject({ delivered: true });
    expect(t.requests).toHaveLength(33);
    const run = await runOf(server, r.upload!.runId!);
    expect(run).toMatchObject({ status: 'COMPLETED', sampleCount: 33, stats: { requests: 30, errors: 0 } });
    expect(run.config).toMatchObject({ workers: 2, samplesUploaded: true, warmupRequests: 3 });
    expect(readdirSync(spoolDir)).toEqual([]);

    await server.stop();
    const stored = await readStoredSamples(server.dbFile, r.upload!.runId!);
    expect(stored.samples.map((s) => s.seq)).toEqual(ALL_SEQS);
    expect(stored.samples.filter((s) => s.warmup).map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(stored.transports).toEqual(['bulk']);
  }, 120_000);

  it('a server down for the whole run gets everything later from `upload`, once, even replayed', async () => {
    const { dir, spoolDir, server } = await setup();
    const t = await target();
    const r = await measuredRun(
      {
        targetUrl: t.url,
        scenario: TWO_WORKER_SCENARIO,
        hardware: HARDWARE_FIXTURE,
        server: {
          url: `http://127.0.0.1:${await closedPort()}`,
          token: server.agentToken,
          spoolDir,
          batchSize: 7,
          retryWindowMs: 300,
        },
      },
      { workers: 2 },
    );
    expect(r.upload?.delivered).toBe(false);
    expect(r.upload?.offlineReason).toContain('unreachable');
    const files = readdirSync(spoolDir);
    expect(files).toEqual([`${r.clientRunId}.jsonl`]);
    // Keep a copy without acks: replaying it later is what a crash between send and ack looks like.
    const unacked = path.join(dir, 'unacked.jsonl');
    copyFileSync(path.join(spoolDir, files[0]!), unacked);

    const first = await upload(server, spoolDir);
    expect(first.stdout).toContain('1 of 1 spooled run(s) uploaded');
    expect(readdirSync(spoolDir)).toEqual([]);
    copyFileSync(unacked, path.join(spoolDir, files[0]!));
    const again = await upload(server, spoolDir);
    expect(again.stdout).toContain('1 of 1 spooled run(s) uploaded');

    const { runs } = await server.gql<{ runs: { edges: { node: { id: string } }[] } }>(
      'query { runs(first: 10) { edges { node { id } } } }',
    );
    expect(runs.edges).toHaveLength(1);
    const runId = runs.edges[0]!.node.id;
    const run = await runOf(server, runId);
    expect(run).toMatchObject({ status: 'COMPLETED', sampleCount: 33, stats: { requests: 30 } });
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, runId);
    expect(stored.samples.map((s) => s.seq)).toEqual(ALL_SEQS);
    expect(stored.samples.filter((s) => s.warmup).map((s) => s.seq)).toEqual([0, 1, 2]);
  }, 120_000);
});

/**
 * A real proxy in front of the real server that answers `POST /ingest/samples` like a server from
 * before the endpoint existed (Express's default 404 page) and forwards everything else.
 */
async function olderServerProxy(upstream: string): Promise<{ url: string; bulkTries: () => number }> {
  let bulkTries = 0;
  const proxy = http.createServer((req, res) => {
    if (req.url?.split('?')[0] === '/ingest/samples') {
      bulkTries += 1;
      req.resume();
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<pre>Cannot POST /ingest/samples</pre>');
    }
    const forward = http.request(
      `${upstream}${req.url}`,
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, bulkTries: () => bulkTries };
}

describe('older servers and older spools', () => {
  it('falls back to GraphQL appendSamples when the bulk endpoint answers 404, and says so', async () => {
    const { spoolDir, server } = await setup();
    const proxy = await olderServerProxy(server.url);
    const t = await target();
    const log: string[] = [];
    const outcome = await runScenario({
      targetUrl: t.url,
      scenario: scenarioFixture({ stop: { requests: 12 }, warmup: { requests: 1 } }),
      hardware: HARDWARE_FIXTURE,
      server: { url: proxy.url, token: server.agentToken, spoolDir, batchSize: 5 },
      log: (l) => log.push(l),
    });
    expect(outcome.upload).toMatchObject({ delivered: true });
    // Tried once, then GraphQL for the rest of the run.
    expect(proxy.bulkTries()).toBe(1);
    expect(log.filter((l) => /older yardstick-server.*GraphQL appendSamples/.test(l))).toHaveLength(1);
    const run = await runOf(server, outcome.upload!.runId!);
    expect(run).toMatchObject({ sampleCount: 13, stats: { requests: 12 } });
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, outcome.upload!.runId!);
    expect(stored.samples.map((s) => s.seq)).toEqual(outcome.samples.map((s) => s.seq));
    expect(stored.transports).toEqual(['graphql']);
  }, 120_000);

  it('an old-format spool (appendSamples rows) still uploads, through the bulk endpoint', async () => {
    const { spoolDir, server } = await setup();
    const samples = Array.from({ length: 9 }, (_, i) => sample(i, i < 2));
    const clientRunId = '6f1c1d2e-0000-4000-8000-00000000a001';
    writeSpool(spoolDir, clientRunId, [
      { op: 'appendSamples', batchSeq: 0, samples: samples.slice(0, 5) },
      { op: 'ack', of: 'appendSamples', batchSeq: 0 }, // acked, but no startRun ack: sent again
      { op: 'appendSamples', batchSeq: 1, samples: samples.slice(5) },
    ]);
    const { stdout } = await upload(server, spoolDir);
    expect(stdout).toContain('1 of 1 spooled run(s) uploaded');
    const { runs } = await server.gql<{ runs: { edges: { node: { id: string } }[] } }>(
      'query { runs(first: 10) { edges { node { id } } } }',
    );
    const runId = runs.edges[0]!.node.id;
    expect(await runOf(server, runId)).toMatchObject({ sampleCount: 9, stats: { requests: 7 } });
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, runId);
    expect(stored.samples).toEqual(samples.map((s) => ({ seq: s.seq, warmup: s.warmup })));
    expect(stored.transports).toEqual(['bulk']);
  }, 120_000);

  it('a 6,000-sample batch goes to an older server in two appendSamples parts, once even when replayed', async () => {
    const { dir, spoolDir, server } = await setup();
    const proxy = await olderServerProxy(server.url);
    const samples = Array.from({ length: 6_000 }, (_, i) => sample(i, false));
    const clientRunId = '6f1c1d2e-0000-4000-8000-00000000a002';
    const file = writeSpool(spoolDir, clientRunId, [{ op: 'appendSamples', batchSeq: 0, samples }]);
    const copy = path.join(dir, 'copy.jsonl');
    copyFileSync(file, copy);
    const args = ['upload', '--server', proxy.url, '--token', server.agentToken, '--spool-dir', spoolDir];
    const first = await execFileAsync(process.execPath, [BIN, ...args]);
    expect(first.stderr).toMatch(/older yardstick-server/);
    copyFileSync(copy, file);
    await execFileAsync(process.execPath, [BIN, ...args]);
    const { runs } = await server.gql<{ runs: { edges: { node: { id: string } }[] } }>(
      'query { runs(first: 10) { edges { node { id } } } }',
    );
    expect(runs.edges).toHaveLength(1);
    const runId = runs.edges[0]!.node.id;
    expect(await runOf(server, runId)).toMatchObject({ sampleCount: 6_000 });
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, runId);
    expect(stored.batches).toEqual([
      { batchSeq: 0, transport: 'graphql' },
      { batchSeq: 100_000_000, transport: 'graphql' },
    ]);
    expect(stored.samples.map((s) => s.seq)).toEqual(samples.map((s) => s.seq));
  }, 120_000);
});

function sample(seq: number, warmup: boolean): SampleInput {
  return {
    seq,
    warmup,
    scheduledAtMs: seq * 10,
    sentAtMs: seq * 10 + 0.5,
    sendLagMs: 0.5,
    queueMs: 0,
    ttftMs: 20 + (seq % 7),
    e2eMs: 80 + (seq % 11),
    tpotMs: 8,
    itlMs: [8, 8.5],
    inputTokens: 16,
    outputTokens: 8,
    outputTokensServer: 8,
    outputTokensClient: 8,
    tokenSource: 'SERVER',
    errorKind: null,
    errorMessage: null,
  };
}

/** A spool as an agent from before columnar batches wrote it (dead writer, finished run). */
function writeSpool(spoolDir: string, clientRunId: string, middle: object[]): string {
  const lines = [
    {
      op: 'startRun',
      pid: 2 ** 22 + 12345, // no such process: the run is not live
      host: hostname(),
      input: {
        clientRunId,
        scenario: 'old-spool',
        targetUrl: 'http://127.0.0.1:1',
        targetEngine: 'vllm',
        model: 'old-spool-model',
        quantization: 'fp16',
        engineBackend: null,
        config: runConfigFixture(),
        hardware: HARDWARE_FIXTURE,
        startedAt: '2026-01-01T00:00:00.000Z',
      },
    },
    ...middle,
    {
      op: 'finishRun',
      input: { status: 'COMPLETED', summary: summarizeSamples([]), finishedAt: '2026-01-01T00:01:00.000Z' },
    },
  ];
  const file = path.join(spoolDir, `${clientRunId}.jsonl`);
  mkdirSync(spoolDir, { recursive: true });
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}
