import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPEND,
  hardwareInput,
  registerAgent,
  sampleInput,
  startRun,
  startTestServer,
  type TestServer,
} from './helpers';
import { agentRunSummary } from './support/agent-run-data';

/**
 * LeaderboardEntry.ttftP50Ms / ttftP95Ms / tpotP50Ms pool the samples of the entry's runs. Two runs
 * of very different size and latency make the pooled quantile differ from the average of the
 * per-run quantiles, so a implementation that averages fails here.
 */
const LATENCY = `query($scenario: String!) {
  leaderboard(scenario: $scenario, slo: { percentile: P95 }) {
    entries { model runIds ttftP50Ms ttftP95Ms tpotP50Ms } } }`;

interface Entry {
  model: string;
  runIds: string[];
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tpotP50Ms: number | null;
}

/** Linear-interpolation quantile (Hyndman–Fan type 7, what DuckDB's quantile_cont computes). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

// Run "big": 100 requests, TTFT 100..199 ms, TPOT 5 ms. Run "small": 10 requests, TTFT 1000..1009, TPOT 20.
const BIG = Array.from({ length: 100 }, (_, i) => ({ ttftMs: 100 + i, tpotMs: 5 }));
const SMALL = Array.from({ length: 10 }, (_, i) => ({ ttftMs: 1000 + i, tpotMs: 20 }));

describe('leaderboard: pooled latency per entry', () => {
  let t: TestServer;
  let entries: Entry[];

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'pooled-latency');
    const created = await t.gql(
      'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
      { i: { name: '1x L40S', vendor: 'NVIDIA', acceleratorModel: 'L40S', acceleratorCount: 1 } },
      t.adminToken,
    );
    expect(created.errors).toBeUndefined();
    const hardware = hardwareInput({
      accelerators: [{ vendor: 'NVIDIA', model: 'NVIDIA L40S', memoryBytes: 48e9, driver: null }],
    });
    for (const [name, measured] of [
      ['big', BIG],
      ['small', SMALL],
    ] as const) {
      const runId = await startRun(t, agent.token, { hardware, scenario: 'pooled', model: 'm' });
      const samples = [
        ...measured.map((m, i) => sampleInput(i, m)),
        // Neither a warm-up request nor a failed one may move the quantiles.
        sampleInput(measured.length, { warmup: true, ttftMs: 90_000, tpotMs: 900 }),
        sampleInput(measured.length + 1, { ttftMs: 80_000, tpotMs: 800, errorKind: 'http_5xx' }),
      ];
      const appended = await t.gql(APPEND, { input: { runId, batchSeq: 0, samples } }, agent.token);
      expect(appended.errors, name).toBeUndefined();
      const finished = await t.gql(
        'mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }',
        { i: { runId, status: 'COMPLETED', summary: agentRunSummary(samples) } },
        agent.token,
      );
      expect(finished.errors, name).toBeUndefined();
    }
    const res = await t.gql<{ leaderboard: { entries: Entry[] } }>(
      LATENCY,
      { scenario: 'pooled' },
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    entries = res.data!.leaderboard.entries;
  });
  afterAll(() => t.close());

  it('computes each quantile over the pooled samples of both runs', () => {
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry!.runIds).toHaveLength(2);
    const ttft = [...BIG, ...SMALL].map((s) => s.ttftMs);
    const tpot = [...BIG, ...SMALL].map((s) => s.tpotMs);
    expect(entry!.ttftP95Ms).toBeCloseTo(quantile(ttft, 0.95), 6);
    expect(entry!.ttftP50Ms).toBeCloseTo(quantile(ttft, 0.5), 6);
    expect(entry!.tpotP50Ms).toBeCloseTo(quantile(tpot, 0.5), 6);
  });

  it('is not the average of the per-run percentiles', () => {
    const [entry] = entries;
    const averaged = (q: number, pick: (s: { ttftMs: number; tpotMs: number }) => number) =>
      (quantile(BIG.map(pick), q) + quantile(SMALL.map(pick), q)) / 2;
    // Pooled p95 TTFT ≈ 1,000 ms (the small run's requests are the top 9%); averaged would be ~600 ms.
    expect(entry!.ttftP95Ms! - averaged(0.95, (s) => s.ttftMs)).toBeGreaterThan(300);
    // Pooled median TPOT = 5 ms (100 of 110 requests); averaged would be 12.5 ms.
    expect(entry!.tpotP50Ms).toBe(5);
    expect(averaged(0.5, (s) => s.tpotMs)).toBe(12.5);
  });

  it('pools only the runs meeting the SLO (runIds), not the excluded ones', async () => {
    const res = await t.gql<{ leaderboard: { entries: (Entry & { excludedRuns: unknown[] })[] } }>(
      `query { leaderboard(scenario: "pooled", slo: { percentile: P95, ttftMs: 500 }) {
         entries { runIds excludedRuns { runId } ttftP95Ms tpotP50Ms } } }`,
      {},
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    const [entry] = res.data!.leaderboard.entries;
    expect(entry!.runIds).toHaveLength(1);
    expect(entry!.excludedRuns).toHaveLength(1);
    expect(entry!.ttftP95Ms).toBeCloseTo(
      quantile(
        BIG.map((s) => s.ttftMs),
        0.95,
      ),
      6,
    );
  });
});
