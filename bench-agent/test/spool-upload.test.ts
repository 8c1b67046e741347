import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run.service';
import { closedPort, startFakeOpenAi } from './helpers/fake-openai.server';
import { startFakeGraphql } from './helpers/fake-graphql.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');
const TOKEN = 'agent-token-1';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function runWithServer(serverUrl: string, spoolDir: string, retryWindowMs = 300) {
  const target = await startFakeOpenAi({ itlMs: 1 });
  cleanups.push(target.close);
  return runScenario({
    targetUrl: target.url,
    scenario: scenarioFixture({ stop: { requests: 12 }, warmup: { requests: 1 } }),
    hardware: HARDWARE_FIXTURE,
    server: { url: serverUrl, token: TOKEN, spoolDir, batchSize: 5, retryWindowMs },
  });
}

describe('spool and upload', () => {
  it('keeps the spool when the server is down; `upload` then delivers every batch exactly once', async () => {
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'yardstick-spool-'));
    const outcome = await runWithServer(`http://127.0.0.1:${await closedPort()}`, spoolDir);
    expect(outcome.status).toBe('COMPLETED');
    expect(outcome.samples).toHaveLength(13);
    expect(outcome.upload?.delivered).toBe(false);
    expect(outcome.upload?.offlineReason).toContain('unreachable');
    const files = readdirSync(spoolDir);
    expect(files).toEqual([`${outcome.clientRunId}.jsonl`]);
    const ops = readFileSync(path.join(spoolDir, files[0]!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).op);
    expect(ops).toEqual(['startRun', 'sampleBatch', 'sampleBatch', 'sampleBatch', 'finishRun']);

    const server = await startFakeGraphql(TOKEN);
    cleanups.push(server.close);
    const upload = ['upload', '--server', server.url, '--token', TOKEN, '--spool-dir', spoolDir];
    const { stdout } = await execFileAsync(process.execPath, [BIN, ...upload]);
    expect(stdout).toContain('1 of 1 spooled run(s) uploaded');
    expect(server.log.startRun).toHaveLength(1);
    expect(server.log.startRun[0]).toMatchObject({
      clientRunId: outcome.clientRunId,
      model: 'fake-model',
      scenario: 'test',
    });
    expect(server.log.appendSamples.map((b) => b.batchSeq)).toEqual([0, 1, 2]);
    expect(server.log.appendSamples.map((b) => b.samples.length)).toEqual([5, 5, 3]);
    const seqs = server.log.appendSamples.flatMap((b) => b.samples.map((s) => (s as { seq: number }).seq));
    expect(seqs.sort((a, b) => a - b)).toEqual(outcome.samples.map((s) => s.seq));
    expect(server.log.finishRun).toEqual([
      expect.objectContaining({
        runId: 'run-1',
        status: 'COMPLETED',
        summary: expect.objectContaining({ requests: 12 }),
      }),
    ]);
    expect(readdirSync(spoolDir)).toEqual([]);

    // A second upload finds nothing left to send.
    await execFileAsync(process.execPath, [BIN, ...upload]);
    expect(server.log.appendSamples).toHaveLength(3);
    expect(server.log.finishRun).toHaveLength(1);
  });

  it('uploads live while the server is up and removes the spool', async () => {
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'yardstick-spool-'));
    const server = await startFakeGraphql(TOKEN);
    cleanups.push(server.close);
    const outcome = await runWithServer(server.url, spoolDir);
    expect(outcome.upload).toMatchObject({ delivered: true, runId: 'run-1' });
    expect(server.log.appendSamples.map((b) => b.batchSeq)).toEqual([0, 1, 2]);
    expect(server.log.startRun[0]).toMatchObject({ hardware: HARDWARE_FIXTURE, quantization: 'unknown' });
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('a rejected token stops uploads and keeps the spool for later', async () => {
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'yardstick-spool-'));
    const server = await startFakeGraphql('another-token');
    cleanups.push(server.close);
    const outcome = await runWithServer(server.url, spoolDir);
    expect(outcome.upload?.delivered).toBe(false);
    expect(outcome.upload?.offlineReason).toContain('rejected');
    expect(readdirSync(spoolDir)).toHaveLength(1);
  });
});

describe('live upload retries with backoff', () => {
  it('a server answering 503 for a while still receives every batch exactly once, and the spool goes', async () => {
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'yardstick-spool-'));
    const real = await startFakeGraphql(TOKEN);
    cleanups.push(real.close);
    // A real proxy in front of it: the first 3 requests get 503 (server restarting), then it forwards.
    let refused = 0;
    const proxy = http.createServer((req, res) => {
      if (refused < 3) {
        refused += 1;
        req.resume();
        res.statusCode = 503;
        return void res.end('restarting');
      }
      const upstream = http.request(
        `${real.url}${req.url}`,
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => proxy.close(() => r())));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const outcome = await runWithServer(proxyUrl, spoolDir, 10_000);
    expect(refused).toBe(3);
    expect(outcome.upload).toMatchObject({ delivered: true, runId: 'run-1' });
    expect(real.log.startRun).toHaveLength(1);
    expect(real.log.appendSamples.map((b) => b.batchSeq)).toEqual([0, 1, 2]);
    expect(real.log.finishRun).toHaveLength(1);
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
