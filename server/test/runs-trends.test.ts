import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

const TRENDS = `query($bucket: TimeBucket!, $filter: RunFilter) { runTrends(bucket: $bucket, filter: $filter) {
  bucketStart runCount runIds requests outputTokens busySeconds outputTokensPerS ttftP50Ms } }`;

interface Point {
  bucketStart: string;
  runCount: number;
  runIds: string[];
  requests: number;
  outputTokens: number;
  busySeconds: number;
  outputTokensPerS: number | null;
  ttftP50Ms: number | null;
}

/** Ten requests every `gapMs`, 1000 ms each, `tokens` output tokens and TTFT `ttftMs` each. */
const rows = (gapMs: number, tokens: number, ttftMs: number) =>
  Array.from({ length: 10 }, (_, i) =>
    sampleInput(i, { sentAtMs: i * gapMs, e2eMs: 1000, outputTokens: tokens, ttftMs }),
  );

describe('runTrends: calendar buckets, ratio-of-sums throughput, pooled percentiles', () => {
  let t: TestServer;
  const run: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'trends');
    const plan = [
      // name, start (UTC), gap ms, tokens per request, TTFT ms
      ['mon10', '2026-01-05T10:00:00Z', 100, 50, 100], // 500 tokens over 1.9 s
      ['mon13', '2026-01-05T13:30:00Z', 200, 100, 300], // 1000 tokens over 2.8 s
      ['tue', '2026-01-06T09:00:00Z', 100, 10, 50], // 100 tokens over 1.9 s
      ['feb', '2026-02-10T00:00:00Z', 100, 20, 70], // 200 tokens over 1.9 s
    ] as const;
    for (const [name, startedAt, gap, tokens, ttft] of plan) {
      run[name] = await startRun(t, agent.token, { startedAt, scenario: name === 'feb' ? 'rag' : 'chat' });
      const res = await t.gql(
        APPEND,
        { input: { runId: run[name], batchSeq: 0, samples: rows(gap, tokens, ttft) } },
        agent.token,
      );
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  const trends = async (bucket: string, filter?: Record<string, unknown>) => {
    const res = await t.gql<{ runTrends: Point[] }>(TRENDS, { bucket, filter }, t.adminToken);
    expect(res.errors).toBeUndefined();
    return res.data!.runTrends;
  };

  it('buckets by UTC day with throughput as a ratio of sums', async () => {
    const days = await trends('DAY');
    expect(days.map((p) => p.bucketStart)).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-06T00:00:00.000Z',
      '2026-02-10T00:00:00.000Z',
    ]);
    const monday = days[0]!;
    expect(monday.runIds).toEqual([run.mon10, run.mon13]);
    expect(monday.requests).toBe(20);
    expect(monday.outputTokens).toBe(1500);
    expect(monday.busySeconds).toBeCloseTo(4.7, 9);
    // 1500 / 4.7 = 319.1 tokens/s; the mean of the two runs' rates would be 310.2.
    expect(monday.outputTokensPerS).toBeCloseTo(1500 / 4.7, 9);
    // Pooled TTFT median over 10 × 100 ms and 10 × 300 ms: quantile_cont at h = 9.5 -> 200.
    expect(monday.ttftP50Ms).toBe(200);
  });

  it('buckets by ISO week (Monday) and by month', async () => {
    const weeks = await trends('WEEK');
    expect(weeks.map((p) => [p.bucketStart, p.runCount])).toEqual([
      ['2026-01-05T00:00:00.000Z', 3],
      ['2026-02-09T00:00:00.000Z', 1],
    ]);
    expect(weeks[0]!.outputTokensPerS).toBeCloseTo(1600 / 6.6, 9);
    const months = await trends('MONTH');
    expect(months.map((p) => [p.bucketStart, p.runCount])).toEqual([
      ['2026-01-01T00:00:00.000Z', 3],
      ['2026-02-01T00:00:00.000Z', 1],
    ]);
    const hours = await trends('HOUR');
    expect(hours.map((p) => p.bucketStart)).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-01-05T13:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
      '2026-02-10T00:00:00.000Z',
    ]);
  });

  it('applies the runs filter', async () => {
    const rag = await trends('MONTH', { scenario: 'rag' });
    expect(rag).toHaveLength(1);
    expect(rag[0]!.runIds).toEqual([run.feb]);
    expect(rag[0]!.outputTokensPerS).toBeCloseTo(200 / 1.9, 9);
  });
});
