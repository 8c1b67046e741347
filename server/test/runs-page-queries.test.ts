import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

const PAGE = 20;
const IDS = `{ runs(first: ${PAGE}) { edges { node { id } } } }`;
const FULL = `{ runs(first: ${PAGE}) { edges { node { id
  hardware { hostname cpuModel }
  stats { requests errors outputTokensPerS ttftMs { p50 p95 } tpotMs { p50 } itlMs { p99 } e2eMs { p50 } errorsByKind { kind } } } } } }`;

/**
 * A page of runs with hardware and stats costs a fixed number of statements, not two per run: the
 * per-request loaders (runs/run.loaders.ts) read every run's hardware in one statement and every
 * run's stats in one. Statements are counted on the server's read connection.
 */
describe('a page of runs: statements per request', () => {
  let t: TestServer;
  let statements = 0;

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'page');
    for (let r = 0; r < PAGE; r += 1) {
      const runId = await startRun(t, agent.token, {
        hardware: { ...(await import('./helpers')).hardwareInput({ hostname: `host-${r}` }) },
      });
      const samples = Array.from({ length: 3 }, (_, i) =>
        sampleInput(i, { ttftMs: 10 * (r + 1) + i, errorKind: i === 2 && r % 2 === 0 ? 'timeout' : null }),
      );
      await t.gql(APPEND, { input: { runId, batchSeq: 0, samples } }, agent.token);
    }
    const connection = t.server.db.connection;
    const runAndReadAll = connection.runAndReadAll.bind(connection);
    connection.runAndReadAll = ((...args: Parameters<typeof runAndReadAll>) => {
      statements += 1;
      return runAndReadAll(...args);
    }) as typeof connection.runAndReadAll;
  });
  afterAll(() => t.close());

  const count = async (query: string) => {
    statements = 0;
    const res = await t.gql<{ runs: { edges: { node: Record<string, unknown> }[] } }>(
      query,
      {},
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.runs.edges).toHaveLength(PAGE);
    return { statements, nodes: res.data!.runs.edges.map((e) => e.node) };
  };

  it('adds two statements for hardware and stats of 20 runs, and each run gets its own', async () => {
    const ids = await count(IDS);
    const full = await count(FULL);
    console.log(
      `runs page of ${PAGE}: ${ids.statements} statements for ids, ${full.statements} with hardware and stats`,
    );
    expect(full.statements - ids.statements).toBe(2);
    // Each node got its own run's figures, not a neighbour's (run r's TTFTs are 10(r+1) and 10(r+1)+1).
    for (const node of full.nodes) {
      const host = (node.hardware as { hostname: string }).hostname;
      const r = Number(host.replace('host-', ''));
      const stats = node.stats as { requests: number; errors: number; ttftMs: { p50: number } };
      expect(stats.requests).toBe(3);
      expect(stats.errors).toBe(r % 2 === 0 ? 1 : 0);
      const ttfts =
        r % 2 === 0 ? [10 * (r + 1), 10 * (r + 1) + 1] : [10 * (r + 1), 10 * (r + 1) + 1, 10 * (r + 1) + 2];
      expect(stats.ttftMs.p50).toBeCloseTo(ttfts.length === 2 ? (ttfts[0]! + ttfts[1]!) / 2 : ttfts[1]!, 9);
    }
  });
});
