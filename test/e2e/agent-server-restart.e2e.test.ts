/**
 * Never lose a result, with every part real and in its own process: `yardstick-agent run` streams
 * samples to `yardstick-server` (temp DuckDB file); mid-run the server is SIGKILLed and restarted on the
 * same port and database. Every sample must arrive exactly once. Then the same server imports a vLLM
 * result file and exports runs as JSON and CSV through `yardstick-agent import` / `export`.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBin, graphql, repoRoot, runCli, serverBin, startCli, type Started } from '../support/processes';

const SMOKE = resolve(repoRoot, 'scenarios/smoke.yaml');
const VLLM_FIXTURE = resolve(repoRoot, 'bench-agent/test/fixtures/import/vllm-0.1x-detailed.json');

/** A minimal streaming OpenAI-compatible target: 1 token per 3 ms chunk, usage chunk, [DONE]. */
async function startTarget(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      return void res.end('{"object":"list","data":[{"id":"restart-model","object":"model"}]}');
    }
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      requests += 1;
      const tokens = Number((JSON.parse(raw) as { max_tokens: number }).max_tokens);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const tick = () => {
        if (res.destroyed) return;
        if (sent < tokens) {
          sent += 1;
          res.write(`data: {"choices":[{"index":0,"delta":{"content":" t"}}]}\n\n`);
          return void setTimeout(tick, 3);
        }
        res.write(`data: {"choices":[],"usage":{"prompt_tokens":32,"completion_tokens":${tokens}}}\n\n`);
        res.end('data: [DONE]\n\n');
      };
      tick();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const until = async (cond: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

interface RunRow {
  id: string;
  status: string;
  sampleCount: number;
  model: string;
  config: { import?: { unmapped: string[]; aggregateOnly: boolean } };
  stats: { requests: number; errors: number };
}
const RUNS_QUERY = `query { runs(first: 50) { edges { node {
  id status sampleCount model config stats { requests errors } } } } }`;

describe('agent ↔ server restart: every sample arrives exactly once', () => {
  let workDir: string;
  let server: (Started & { match: string }) | undefined;
  let serverUrl: string;
  let adminToken: string;
  let agentToken: string;
  let target: Awaited<ReturnType<typeof startTarget>>;
  const dbFile = () => join(workDir, 'restart.duckdb');

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'yardstick-restart-'));
    server = await startCli(
      serverBin,
      ['start', '--db', dbFile(), '--port', '0', '--no-first-run-bench'],
      /running at (http:\/\/127\.0\.0\.1:\d+)/,
    );
    serverUrl = server.match;
    adminToken = /(ys_[A-Za-z0-9_-]+)/.exec(server.output())?.[1] ?? '';
    if (!adminToken) throw new Error(`server printed no admin token:\n${server.output()}`);
    const reg = await graphql<{ registerAgent: { token: string } }>(
      serverUrl,
      'mutation { registerAgent(input: {name: "restart-e2e"}) { token } }',
      {},
      adminToken,
    );
    agentToken = reg.registerAgent.token;
    target = await startTarget();
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await target?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('SIGKILL + restart of the server mid-run loses and duplicates nothing', async () => {
    const spoolDir = join(workDir, 'spool');
    const agent = spawn(
      process.execPath,
      [
        agentBin,
        'run',
        '--target',
        target.url,
        '--scenario',
        SMOKE,
        '--rate',
        '30',
        '--duration',
        '8',
        '--server',
        serverUrl,
        '--token',
        agentToken,
        '--spool-dir',
        spoolDir,
        '--upload-batch-size',
        '10',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let agentOut = '';
    agent.stdout.on('data', (d: Buffer) => (agentOut += d.toString()));
    agent.stderr.on('data', (d: Buffer) => (agentOut += d.toString()));
    const agentExit = new Promise<number | null>((r) => agent.once('exit', (c) => r(c)));

    // Let a few batches land, then kill the server hard and bring it back on the same port and file.
    await until(() => target.requests() >= 40, 60_000, `the run to get going\n${agentOut}`);
    server!.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    const port = new URL(serverUrl).port;
    await new Promise((r) => setTimeout(r, 1000));
    server = await startCli(
      serverBin,
      ['start', '--db', dbFile(), '--port', port, '--no-first-run-bench'],
      /running at (http:\/\/127\.0\.0\.1:\d+)/,
    );

    expect(await agentExit, agentOut).toBe(0);
    expect(agentOut).toMatch(/retrying in \d+ ms/);
    // If the outage outlasted the live retry window, the spool holds the rest: flush it.
    if (readdirSync(spoolDir).length > 0) {
      const up = await runCli(agentBin, [
        'upload',
        '--server',
        serverUrl,
        '--token',
        agentToken,
        '--spool-dir',
        spoolDir,
      ]);
      expect(up.code, up.output).toBe(0);
    }
    expect(readdirSync(spoolDir)).toEqual([]);

    const { runs } = await graphql<{ runs: { edges: { node: RunRow }[] } }>(
      serverUrl,
      RUNS_QUERY,
      {},
      adminToken,
    );
    const run = runs.edges.map((e) => e.node).find((r) => r.model === 'restart-model');
    expect(run, JSON.stringify(runs)).toBeDefined();
    expect(run!.status).toBe('COMPLETED');
    // One sample per request the target saw (2 warm-up + measured), none twice.
    expect(run!.sampleCount).toBe(target.requests());
    expect(run!.stats.requests).toBe(target.requests() - 2);
    expect(run!.stats.errors).toBe(0);

    // Export it through GraphQL as JSON and CSV.
    const json = await runCli(agentBin, [
      'export',
      '--server',
      serverUrl,
      '--token',
      adminToken,
      '--run',
      run!.id,
    ]);
    expect(json.code, json.output).toBe(0);
    const exported = JSON.parse(json.output) as {
      id: string;
      sampleCount: number;
      stats: { requests: number };
    };
    expect(exported).toMatchObject({ id: run!.id, sampleCount: run!.sampleCount });
    const csv = await runCli(agentBin, [
      'export',
      '--server',
      serverUrl,
      '--token',
      adminToken,
      '--run',
      run!.id,
      '--format',
      'csv',
    ]);
    const lines = csv.output.trim().split('\n');
    expect(lines[0]).toMatch(/^run_id,scenario,model,quantization,/);
    // Columns are found by their header, so adding one (e.g. a cost column) does not break the test.
    const header = lines[0]!.split(',');
    const column = (name: string) => header.indexOf(name);
    expect(lines.slice(1).map((l) => l.split(',')[column('metric')])).toEqual(['ttft', 'tpot', 'itl', 'e2e']);
    expect(lines[1]!.split(',')[column('requests')]).toBe(String(run!.stats.requests));
  }, 240_000);

  it('imports a vLLM bench serve file as a run with its samples and unmapped notes', async () => {
    const args = ['import', '--format', 'vllm', VLLM_FIXTURE, '--server', serverUrl, '--token', agentToken];
    const first = await runCli(agentBin, [...args, '--spool-dir', join(workDir, 'spool-import')]);
    expect(first.code, first.output).toBe(0);
    const again = await runCli(agentBin, [...args, '--spool-dir', join(workDir, 'spool-import')]);
    expect(again.code, again.output).toBe(0);
    const { runs } = await graphql<{ runs: { edges: { node: RunRow }[] } }>(
      serverUrl,
      RUNS_QUERY,
      {},
      adminToken,
    );
    const imported = runs.edges.map((e) => e.node).filter((r) => r.model === 'Qwen/Qwen2.5-7B-Instruct-AWQ');
    expect(imported).toHaveLength(1);
    expect(imported[0]!.sampleCount).toBe(6); // num_prompts of the fixture: 5 completed, 1 failed
    expect(imported[0]!.stats.errors).toBe(1);
    expect(imported[0]!.config.import?.unmapped.length).toBeGreaterThan(0);
  }, 120_000);
});
