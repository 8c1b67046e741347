/**
 * The walking skeleton end to end, every part real and in its own process:
 * yardstick-server (temp DuckDB file) ← yardstick-agent run ← yardstick-agent serve-engine,
 * then GraphQL checks and the runs page in Debian's Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '@yardstick/schema';
import {
  agentBin,
  graphql,
  repoRoot,
  runCli,
  startCli,
  startServerProcess,
  type ServerProcess,
  type Started,
} from '../support/processes';

const chromiumPath = process.env.YARDSTICK_CHROMIUM ?? '/usr/bin/chromium';
const screenshotDir = resolve(repoRoot, 'test-results/e2e');
const smokeFile = resolve(repoRoot, 'scenarios/smoke.yaml');
const smoke = parseScenario(readFileSync(smokeFile, 'utf8'), smokeFile);

interface RunsData {
  runs: {
    totalCount: number;
    edges: {
      node: { id: string; model: string; quantization: string; engineBackend: string | null; status: string };
    }[];
  };
}
interface RunData {
  run: {
    id: string;
    status: string;
    sampleCount: number;
    targetEngine: string;
    hardware: { cpuModel: string; cpuCores: number } | null;
    stats: {
      requests: number;
      errors: number;
      outputTokens: number;
      outputTokensPerS: number | null;
      ttftMs: { count: number; p50: number | null; p99: number | null };
      tpotMs: { p50: number | null };
      e2eMs: { p50: number | null; max: number | null };
    };
  };
}

describe('agent → server → DuckDB → GraphQL → browser', () => {
  let workDir: string;
  let server: ServerProcess;
  let engine: Started & { match: string };
  let serverUrl: string;
  let adminToken: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'yardstick-e2e-'));
    server = await startServerProcess(join(workDir, 'e2e.duckdb'));
    serverUrl = server.url;
    if (!server.adminToken) throw new Error(`server printed no admin token:\n${server.output()}`);
    adminToken = server.adminToken;
    engine = await startCli(
      agentBin,
      ['serve-engine', '--port', '0', '--preset', 'tiny', '--quantization', 'int8'],
      /(http:\/\/127\.0\.0\.1:\d+)/,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('stores a real benchmark of the embedded engine and shows it in the browser', async () => {
    const registered = await graphql<{ registerAgent: { token: string; agent: { id: string } } }>(
      serverUrl,
      'mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { token agent { id } } }',
      { input: { name: 'e2e-agent' } },
      adminToken,
    );
    const agentToken = registered.registerAgent.token;
    expect(agentToken).toMatch(/^ys_/);

    // Telemetry: the host collector plus the fixture nvidia-smi (two GPUs, gpu0 at 250 W) on PATH, so
    // the run page has power readings to plot on a machine without NVIDIA GPUs.
    const pathBefore = process.env.PATH;
    process.env.PATH = `${resolve(repoRoot, 'bench-agent/test/fixtures/tools')}:${pathBefore}`;
    const result = await runCli(agentBin, [
      'run',
      '--telemetry',
      'nvidia-smi,host',
      '--telemetry-interval-ms',
      '200',
      '--target',
      engine.match,
      '--scenario',
      smokeFile,
      '--server',
      serverUrl,
      '--token',
      agentToken,
      '--spool-dir',
      join(workDir, 'spool'),
      '--json',
      join(workDir, 'result.json'),
    ]).finally(() => (process.env.PATH = pathBefore));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/telemetry: uploaded \d+ readings/);

    const runs = await graphql<RunsData>(
      serverUrl,
      '{ runs(first: 10) { totalCount edges { node { id model quantization engineBackend status } } } }',
      {},
      adminToken,
    );
    expect(runs.runs.totalCount).toBe(1);
    const node = runs.runs.edges[0]!.node;
    expect(node.status).toBe('COMPLETED');
    expect(node.quantization).toBe('int8');
    expect(node.engineBackend).toMatch(/^(wasm|cpu|tfjs-node|tfjs-node-gpu)$/);

    const { run } = await graphql<RunData>(
      serverUrl,
      `
        query ($id: ID!) {
          run(id: $id) {
            id
            status
            sampleCount
            targetEngine
            hardware {
              cpuModel
              cpuCores
            }
            stats {
              requests
              errors
              outputTokens
              outputTokensPerS
              ttftMs {
                count
                p50
                p99
              }
              tpotMs {
                p50
              }
              e2eMs {
                p50
                max
              }
            }
          }
        }
      `,
      { id: node.id },
      adminToken,
    );
    const requests = smoke.stop.requests!;
    expect(run.sampleCount).toBe(requests + smoke.warmup.requests);
    expect(run.stats.requests).toBe(requests);
    expect(run.stats.errors).toBe(0);
    expect(run.hardware?.cpuCores).toBeGreaterThan(0);
    // Every request asked for a fixed number of output tokens, and the engine generates exactly that many.
    expect(smoke.request.output_tokens.dist).toBe('fixed');
    const outputPerRequest =
      smoke.request.output_tokens.dist === 'fixed' ? smoke.request.output_tokens.value : 0;
    expect(run.stats.outputTokens).toBe(requests * outputPerRequest);
    // Plausible latencies: TTFT comes before the end, TPOT is a fraction of E2E, throughput is positive.
    const { ttftMs, tpotMs, e2eMs } = run.stats;
    expect(ttftMs.count).toBe(requests);
    expect(ttftMs.p50!).toBeGreaterThan(0);
    expect(ttftMs.p50!).toBeLessThan(e2eMs.p50!);
    expect(tpotMs.p50!).toBeGreaterThan(0);
    expect(tpotMs.p50!).toBeLessThan(e2eMs.p50!);
    expect(run.stats.outputTokensPerS!).toBeGreaterThan(0);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serverUrl);
    const row = page.getByTestId('run-row').first();
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('int8');
    expect(rowText).toContain(node.model);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'runs-page.png'), fullPage: true });

    await row.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`#/runs/${node.id}`));
    await page.locator('canvas').first().waitFor({ timeout: 15_000 });
    // Power and utilisation over time, beside throughput: gpu:0 power + utilisation for gpu:0, gpu:1, host.
    await page.getByRole('heading', { name: 'Power and utilisation over time' }).waitFor();
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="run-power-chart"]')?.getAttribute('data-points')) > 0,
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.getByTestId('telemetry-devices').innerText()).toMatch(/gpu:0[\s\S]*gpu:1[\s\S]*host/);
    await page.getByTestId('run-power-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'run-page.png'), fullPage: true });
  });
});
