import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

describe('run.percentiles and run.timeSeries (computed in DuckDB)', () => {
  let t: TestServer;
  let runId: string;

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'analytics');
    runId = await startRun(t, agent.token);
    // Ten requests sent every 100 ms, each 1000 ms end to end: they end at 1000, 1100, ..., 1900 ms.
    // TTFT 100, 110, ..., 190 ms; 50 output tokens each. One warm-up request that must not count.
    const rows = Array.from({ length: 10 }, (_, i) =>
      sampleInput(i + 1, {
        sentAtMs: i * 100,
        scheduledAtMs: i * 100,
        e2eMs: 1000,
        ttftMs: 100 + 10 * i,
        outputTokens: 50,
      }),
    );
    rows.unshift(
      sampleInput(0, { warmup: true, sentAtMs: 0, e2eMs: 99_000, ttftMs: 99_000, outputTokens: 9999 }),
    );
    const res = await t.gql(APPEND, { input: { runId, batchSeq: 0, samples: rows } }, agent.token);
    expect(res.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('returns any quantiles by linear interpolation', async () => {
    const res = await t.gql<{ run: { percentiles: { quantile: number; valueMs: number }[] } }>(
      'query($id: ID!) { run(id: $id) { percentiles(metric: TTFT, quantiles: [0, 0.5, 0.999, 1]) { quantile valueMs } } }',
      { id: runId },
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    // h = 9q over 100..190 in steps of 10: q=0.999 -> 100 + 10 × 8.991 = 189.91.
    expect(res.data!.run.percentiles.map((p) => p.valueMs)).toEqual([
      100,
      145,
      expect.closeTo(189.91, 9),
      190,
    ]);
    const bad = await t.gql(
      'query($id: ID!) { run(id: $id) { percentiles(metric: TTFT, quantiles: [1.5]) { valueMs } } }',
      { id: runId },
      t.adminToken,
    );
    expect(bad.errors?.[0]?.message).toMatch(/^Run\.percentiles\.quantiles: 1\.5 is not in \[0, 1\]/);
  });

  it('slices the run by end time, filling empty slices with zeros', async () => {
    const res = await t.gql<{
      run: {
        timeSeries: {
          startS: number;
          requests: number;
          outputTokensPerS: number;
          ttftP50Ms: number | null;
        }[];
      };
    }>(
      'query($id: ID!) { run(id: $id) { timeSeries(bucketS: 0.5) { startS requests outputTokensPerS ttftP50Ms } } }',
      { id: runId },
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    // Ends 1000-1400 ms fall in [1.0, 1.5) s, 1500-1900 ms in [1.5, 2.0) s.
    expect(res.data!.run.timeSeries).toEqual([
      { startS: 0, requests: 0, outputTokensPerS: 0, ttftP50Ms: null },
      { startS: 0.5, requests: 0, outputTokensPerS: 0, ttftP50Ms: null },
      { startS: 1, requests: 5, outputTokensPerS: 500, ttftP50Ms: 120 },
      { startS: 1.5, requests: 5, outputTokensPerS: 500, ttftP50Ms: 170 },
    ]);
  });

  it('refuses a slice width that would give too many points, proposing one that works', async () => {
    const agent = await registerAgent(t, 'long-run');
    const long = await startRun(t, agent.token);
    // Ends at 1000 ms and 10000 ms: 1 ms slices would need 10001 points.
    const rows = [
      sampleInput(0, { sentAtMs: 0, e2eMs: 1000 }),
      sampleInput(1, { sentAtMs: 9000, e2eMs: 1000 }),
    ];
    expect(
      (await t.gql(APPEND, { input: { runId: long, batchSeq: 0, samples: rows } }, agent.token)).errors,
    ).toBeUndefined();
    const series = (bucketS: number) =>
      t.gql(
        'query($id: ID!, $b: Float) { run(id: $id) { timeSeries(bucketS: $b) { startS } } }',
        { id: long, b: bucketS },
        t.adminToken,
      );
    const tooMany = await series(0.001);
    expect(tooMany.errors?.[0]?.message).toBe(
      'Run.timeSeries.bucketS: 0.001 s gives 10001 points (max 5000); use at least 0.003 s',
    );
    expect((await series(0.003)).errors).toBeUndefined();
    const tooSmall = await series(0.0001);
    expect(tooSmall.errors?.[0]?.message).toBe('Run.timeSeries.bucketS: must be 0.001-86400 seconds');
  });
});
