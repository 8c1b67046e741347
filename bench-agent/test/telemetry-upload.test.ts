import { execFile } from 'node:child_process';
import { runConfigFixture } from './helpers/scenario.fixture';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphqlClient } from '../src/upload/graphql.client';
import { uploadTelemetry } from '../src/upload/telemetry.upload';
import { startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { startRealServer, type RealServer } from './helpers/real-server';
import { graphql } from '../../test/support/processes';

// The agent's telemetry path end to end: `yardstick-agent run --telemetry nvidia-smi,host` with the
// fixture nvidia-smi on PATH, against the REAL yardstick-server (child process, temp DuckDB file).

const execFileAsync = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const AGENT = path.join(repo, 'bench-agent/bin/yardstick-agent.js');
const TOOLS = path.join(import.meta.dirname, 'fixtures/tools');

/** A GraphQL call with a token (test/support/processes.ts). */
const gql = <T>(url: string, query: string, variables: Record<string, unknown>, token: string) =>
  graphql<T>(url, query, variables, token);

type Point = { startS: number; readings: number; powerAvgW: number | null; utilisationAvgPct: number | null };
type SeriesData = {
  runs: {
    edges: {
      node: { id: string; telemetrySeries: { device: string; collector: string; points: Point[] }[] };
    }[];
  };
};

describe('telemetry readings from the agent reach a real server', () => {
  let dir: string;
  let server: RealServer;
  let target: FakeOpenAiServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yardstick-telemetry-'));
    server = await startRealServer(path.join(dir, 'y.duckdb'));
    target = await startFakeOpenAi({ ttftMs: 40, itlMs: 8 });
  });
  afterAll(async () => {
    await server?.stop();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`run --telemetry nvidia-smi,host` uploads per-GPU power and host utilisation after the samples', async () => {
    const { registerAgent } = await gql<{ registerAgent: { token: string } }>(
      server.url,
      'mutation { registerAgent(input: { name: "telemetry-agent" }) { token } }',
      {},
      server.adminToken,
    );
    const spoolDir = path.join(dir, 'spool');
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [
        AGENT,
        'run',
        '--target',
        target.url,
        '--scenario',
        path.join(repo, 'scenarios/smoke.yaml'),
        '--requests',
        '12',
        '--server',
        server.url,
        '--token',
        registerAgent.token,
        '--spool-dir',
        spoolDir,
        '--telemetry',
        'nvidia-smi,host',
        '--telemetry-interval-ms',
        '100',
      ],
      { env: { ...process.env, PATH: `${TOOLS}:${process.env.PATH}`, FIXTURE_GPU0_W: '123.50' } },
    );
    expect(stdout).toMatch(/uploaded as run/);
    expect(stderr).toMatch(/telemetry: uploaded \d+ readings in 1 batch/);
    expect(readdirSync(spoolDir)).toEqual([]); // everything acknowledged: nothing left to replay

    const data = await gql<SeriesData>(
      server.url,
      '{ runs(first: 1) { edges { node { id telemetrySeries(bucketS: 0.5) { device collector points { startS readings powerAvgW utilisationAvgPct } } } } } }',
      {},
      server.adminToken,
    );
    const series = data.runs.edges[0]!.node.telemetrySeries;
    expect(series.map((s) => `${s.device}/${s.collector}`)).toEqual([
      'gpu:0/nvidia-smi',
      'gpu:1/nvidia-smi',
      'host/host',
    ]);
    const [gpu0, gpu1, host] = series;
    expect(gpu0!.points.length).toBeGreaterThanOrEqual(2);
    // The fixture prints FIXTURE_GPU0_W for gpu0 and 97 % busy; gpu1 has no power sensor ("[N/A]").
    for (const p of gpu0!.points) {
      expect(p.powerAvgW).toBeCloseTo(123.5, 6);
      expect(p.utilisationAvgPct).toBe(97);
    }
    expect(gpu1!.points.every((p) => p.powerAvgW === null && p.utilisationAvgPct === 0)).toBe(true);
    expect(host!.points.every((p) => p.powerAvgW === null && p.utilisationAvgPct !== null)).toBe(true);
  });

  it('`yardstick-agent upload` sends readings spooled while the server was unreachable', async () => {
    const { registerAgent } = await gql<{ registerAgent: { token: string } }>(
      server.url,
      'mutation { registerAgent(input: { name: "offline-telemetry-agent" }) { token } }',
      {},
      server.adminToken,
    );
    const hardware = {
      hostname: 'offline-host',
      cpuModel: 'test cpu',
      cpuCores: 4,
      memoryBytes: 8e9,
      os: 'linux',
      accelerators: [],
      notes: [],
      raw: {},
    };
    const { startRun } = await gql<{ startRun: { id: string; startedAt: string } }>(
      server.url,
      'mutation($input: StartRunInput!) { startRun(input: $input) { id startedAt } }',
      {
        input: {
          clientRunId: 'offline-telemetry-run',
          scenario: 'smoke',
          targetUrl: target.url,
          targetEngine: 'openai',
          model: 'm',
          quantization: 'fp16',
          engineBackend: null,
          config: runConfigFixture(),
          hardware,
        },
      },
      registerAgent.token,
    );
    // The run's readings are spooled only (what the agent does when the server went away).
    const spoolDir = path.join(dir, 'offline-spool');
    const t0 = Date.parse(startRun.startedAt);
    const readings = [0, 1, 2, 3].map((i) => ({
      device: 'gpu:0',
      collector: 'nvidia-smi',
      at: new Date(t0 + 250 + i * 500).toISOString(),
      powerW: 100 + 10 * i,
      utilisationPct: 50,
    }));
    const unreachable = new GraphqlClient('http://127.0.0.1:9', 't');
    const spooled = await uploadTelemetry(
      unreachable,
      { clientRunId: 'offline-telemetry-run', runId: startRun.id },
      readings,
      { spoolDir, spoolOnly: true },
    );
    unreachable.close();
    expect(spooled.outcome).toBe('unreachable');
    expect(readdirSync(spoolDir)).toEqual(['offline-telemetry-run.telemetry.json']);

    const args = ['upload', '--server', server.url, '--token', registerAgent.token, '--spool-dir', spoolDir];
    const { stdout } = await execFileAsync(process.execPath, [AGENT, ...args]);
    expect(stdout).toMatch(/1 of 1 spooled telemetry file\(s\) uploaded/);
    expect(readdirSync(spoolDir)).toEqual([]);

    const data = await gql<{ run: { telemetrySeries: { device: string; points: Point[] }[] } }>(
      server.url,
      'query($id: ID!) { run(id: $id) { telemetrySeries(bucketS: 1) { device points { startS readings powerAvgW utilisationAvgPct } } } }',
      { id: startRun.id },
      server.adminToken,
    );
    const [gpu0] = data.run.telemetrySeries;
    expect(gpu0!.device).toBe('gpu:0');
    // Buckets of 1 s from the run's start: readings at 0.25 s and 0.75 s, then 1.25 s and 1.75 s.
    expect(gpu0!.points.map((p) => [p.startS, p.readings, p.powerAvgW])).toEqual([
      [0, 2, 105],
      [1, 2, 125],
    ]);
  });

  it('an older server without appendTelemetry is skipped with a log line and no spool is left', async () => {
    // What graphql-js answers for a mutation its schema lacks (validation fails before any resolver).
    const old = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          errors: [
            { message: 'Unknown type "AppendTelemetryInput".' },
            { message: 'Cannot query field "appendTelemetry" on type "Mutation".' },
          ],
        }),
      );
    });
    await new Promise<void>((r) => old.listen(0, '127.0.0.1', r));
    const client = new GraphqlClient(`http://127.0.0.1:${(old.address() as AddressInfo).port}`, 't');
    const lines: string[] = [];
    const spoolDir = path.join(dir, 'old-spool');
    const reading = { device: 'gpu:0', collector: 'nvidia-smi', at: new Date().toISOString(), powerW: 1 };
    const result = await uploadTelemetry(client, { clientRunId: 'c1', runId: 'r1' }, [reading], {
      spoolDir,
      log: (l) => lines.push(l),
    });
    client.close();
    old.close();
    expect(result.outcome).toBe('unsupported');
    expect(lines).toEqual([
      'telemetry: this server has no appendTelemetry (older than this agent); readings not uploaded',
    ]);
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
