import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

const COMPARE = `query($ids: [ID!]!) { compareRuns(ids: $ids) {
  baselineRunId runIds runs { id } metrics { metric unit higherIsBetter values deltas deltaPercents } } }`;

interface Comparison {
  compareRuns: {
    baselineRunId: string;
    runIds: string[];
    runs: { id: string }[];
    metrics: {
      metric: string;
      unit: string;
      higherIsBetter: boolean;
      values: (number | null)[];
      deltas: (number | null)[];
      deltaPercents: (number | null)[];
    }[];
  };
}

/**
 * Ten requests sent every `gapMs`, each taking 1000 ms end to end, TTFT = ttftBase + 10·i,
 * `outputTokens` each. Busy time = (9·gapMs + 1000) ms.
 */
function samples(gapMs: number, ttftBase: number, outputTokens: number) {
  return Array.from({ length: 10 }, (_, i) =>
    sampleInput(i, {
      sentAtMs: i * gapMs,
      scheduledAtMs: i * gapMs,
      e2eMs: 1000,
      ttftMs: ttftBase + 10 * i,
      outputTokens,
    }),
  );
}

describe('compareRuns: side by side with deltas from the first run', () => {
  let t: TestServer;
  let a: string;
  let b: string;

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'compare');
    a = await startRun(t, agent.token);
    b = await startRun(t, agent.token);
    for (const [runId, rows] of [
      [a, samples(100, 100, 50)],
      [b, samples(200, 200, 100)],
    ] as const) {
      const res = await t.gql(APPEND, { input: { runId, batchSeq: 0, samples: rows } }, agent.token);
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  it('lines up throughput and latency with deltas measured from the baseline', async () => {
    const res = await t.gql<Comparison>(COMPARE, { ids: [a, b] }, t.adminToken);
    expect(res.errors).toBeUndefined();
    const c = res.data!.compareRuns;
    expect(c.baselineRunId).toBe(a);
    expect(c.runs.map((r) => r.id)).toEqual([a, b]);
    const metric = (name: string) => c.metrics.find((m) => m.metric === name)!;

    // a: 500 tokens over 1.9 s; b: 1000 tokens over 2.8 s.
    const tput = metric('outputTokensPerS');
    expect(tput.unit).toBe('tokens/s');
    expect(tput.higherIsBetter).toBe(true);
    expect(tput.values[0]).toBeCloseTo(500 / 1.9, 9);
    expect(tput.values[1]).toBeCloseTo(1000 / 2.8, 9);
    expect(tput.deltas[0]).toBe(0);
    expect(tput.deltas[1]).toBeCloseTo(1000 / 2.8 - 500 / 1.9, 9);
    expect(tput.deltaPercents[1]).toBeCloseTo(((1000 / 2.8 - 500 / 1.9) / (500 / 1.9)) * 100, 9);

    // TTFT p50 of 100..190 is 145; of 200..290 is 245 (+100 ms, +68.97 %).
    const p50 = metric('ttftMs.p50');
    expect(p50.higherIsBetter).toBe(false);
    expect(p50.values).toEqual([145, 245]);
    expect(p50.deltas).toEqual([0, 100]);
    expect(p50.deltaPercents[1]).toBeCloseTo((100 / 145) * 100, 9);

    // No errors in either run; TPOT is 5 ms everywhere (helper default).
    expect(metric('errorRate').values).toEqual([0, 0]);
    expect(metric('errorRate').deltaPercents).toEqual([null, null]);
    expect(metric('tpotMs.p99').deltas).toEqual([0, 0]);
  });

  it('reverses the deltas when the other run is the baseline', async () => {
    const res = await t.gql<Comparison>(COMPARE, { ids: [b, a] }, t.adminToken);
    const p50 = res.data!.compareRuns.metrics.find((m) => m.metric === 'ttftMs.p50')!;
    expect(p50.deltas).toEqual([0, -100]);
    expect(p50.deltaPercents[1]).toBeCloseTo((-100 / 245) * 100, 9);
  });

  it('needs 2-20 distinct, existing runs', async () => {
    const one = await t.gql(COMPARE, { ids: [a] }, t.adminToken);
    expect(one.errors?.[0]?.message).toMatch(/^compareRuns\.ids: must list 2-20 run ids/);
    const twice = await t.gql(COMPARE, { ids: [a, a] }, t.adminToken);
    expect(twice.errors?.[0]?.message).toMatch(/lists a run twice/);
    const missing = await t.gql(COMPARE, { ids: [a, 'no-such-run'] }, t.adminToken);
    expect(missing.errors?.[0]?.message).toMatch(/run no-such-run not found/);
  });
});
