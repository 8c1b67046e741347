/**
 * The contract between agent and server, with every part real and in its own process: `yardstick-agent
 * run` at a Poisson rate against a local OpenAI-compatible server, uploading to `yardstick-server`
 * (temp DuckDB file). The leaderboard's offered rate is read back through GraphQL (it was null for
 * every open-loop run while the server read config.load.rate_per_s and the agent wrote ratePerS), and
 * the percentiles the CLI prints equal the API's for the same run (one method: docs/metrics.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentBin,
  graphql,
  repoRoot,
  runCli,
  startServerProcess,
  type ServerProcess,
} from '../support/processes';
import { METRICS } from '@yardstick/schema/metrics';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../bench-agent/test/helpers/fake-openai.server';

const SMOKE = resolve(repoRoot, 'scenarios/smoke.yaml');
const RATE_PER_S = 25;
const REQUESTS = 40;

interface Dist {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}
interface Stats {
  ttftMs: Dist;
  tpotMs: Dist;
  itlMs: Dist;
  e2eMs: Dist;
}
const DIST = 'count p50 p90 p99';
const STATS = `ttftMs { ${DIST} } tpotMs { ${DIST} } itlMs { ${DIST} } e2eMs { ${DIST} }`;

describe('agent → server contract: offered rate and percentiles', () => {
  let workDir: string;
  let server: ServerProcess | undefined;
  let target: FakeOpenAiServer;
  let adminToken: string;
  let cli: { code: number; output: string };
  let saved: { config: { load: unknown }; summary: Stats };
  let runId: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'ys-contract-'));
    target = await startFakeOpenAi({ ttftMs: 15, itlMs: 2 });
    server = await startServerProcess(join(workDir, 'db.duckdb'));
    adminToken = server.adminToken!;
    const agent = await graphql<{ registerAgent: { token: string } }>(
      server.url,
      'mutation { registerAgent(input: { name: "contract" }) { token } }',
      {},
      adminToken,
    );
    const json = join(workDir, 'run.json');
    cli = await runCli(agentBin, [
      'run',
      '--target', target.url,
      '--scenario', SMOKE,
      '--rate', String(RATE_PER_S),
      '--requests', String(REQUESTS),
      '--server', server.url,
      '--token', agent.registerAgent.token,
      '--spool-dir', join(workDir, 'spool'),
      '--json', json,
    ]); // prettier-ignore
    expect(cli.code, cli.output).toBe(0);
    saved = JSON.parse(readFileSync(json, 'utf8')) as typeof saved;
    const runs = await graphql<{ runs: { edges: { node: { id: string } }[] } }>(
      server.url,
      '{ runs(first: 5) { edges { node { id } } } }',
      {},
      adminToken,
    );
    expect(runs.runs.edges).toHaveLength(1);
    runId = runs.runs.edges[0]!.node.id;
  });

  afterAll(async () => {
    await server?.stop();
    await target?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("reads the agent's Poisson rate back as the leaderboard's offered rate", async () => {
    expect(saved.config.load).toEqual({ type: 'poisson', ratePerS: RATE_PER_S }); // smoke.yaml + --rate
    // The run's CPU-only host, linked to a profile so the leaderboard has an entry for it.
    const profile = await graphql<{ createHardwareProfile: { id: string } }>(
      server!.url,
      'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
      { i: { name: 'this host', vendor: 'CPU', acceleratorModel: 'cpu', acceleratorCount: 0 } },
      adminToken,
    );
    await graphql(
      server!.url,
      'mutation($p: ID!, $r: ID!) { linkRunToHardwareProfile(profileId: $p, runId: $r) { runId } }',
      { p: profile.createHardwareProfile.id, r: runId },
      adminToken,
    );
    const board = await graphql<{
      leaderboard: {
        entries: { atSlo: { runId: string; loadType: string; ratePerS: number | null } | null }[];
      };
    }>(
      server!.url,
      `
        query ($asOf: DateTime!) {
          leaderboard(scenario: "smoke", slo: { percentile: P99, ttftMs: 60000 }, asOf: $asOf) {
            entries {
              atSlo {
                runId
                loadType
                ratePerS
              }
            }
          }
        }
      `,
      { asOf: new Date(Date.now() + 60_000).toISOString() },
      adminToken,
    );
    expect(board.leaderboard.entries).toHaveLength(1);
    expect(board.leaderboard.entries[0]!.atSlo).toEqual({ runId, loadType: 'poisson', ratePerS: RATE_PER_S });
  });

  it("prints the API's p50, p90 and p99 for the same run, to the digit", async () => {
    const api = await graphql<{ run: { stats: Stats } }>(
      server!.url,
      `query($id: ID!) { run(id: $id) { stats { ${STATS} } } }`,
      { id: runId },
      adminToken,
    );
    for (const key of ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const) {
      const label = `${METRICS[key].label} ${METRICS[key].unit}`; // the row's name in the printed table
      const fromApi = api.run.stats[key];
      expect(fromApi.count, key).toBeGreaterThan(0);
      // The agent's summary holds the same doubles the server's quantile_cont returns…
      expect(
        {
          count: saved.summary[key].count,
          p50: saved.summary[key].p50,
          p90: saved.summary[key].p90,
          p99: saved.summary[key].p99,
        },
        key,
      ).toEqual(fromApi);
      // …and the table it prints shows them (count p50 p90 p99, one decimal).
      const line = cli.output.split('\n').find((l) => l.startsWith(label));
      const cells = line?.slice(label.length).trim().split(/\s+/).slice(0, 4);
      expect(cells, key).toEqual([
        String(fromApi.count),
        ...[fromApi.p50, fromApi.p90, fromApi.p99].map((v) => v!.toFixed(1)),
      ]);
    }
  });
});
