import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '@yardstick/schema/seeded-random';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

/** Deterministic PRNG (the project's mulberry32) so a failure can be replayed. */
const rng = mulberry32;

/** Reference quantile_cont: linear interpolation between closest ranks, h = (n - 1) p. */
function quantileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

function reference(values: number[]) {
  const n = values.length;
  return {
    count: n,
    mean: n ? values.reduce((a, b) => a + b, 0) / n : null,
    min: n ? Math.min(...values) : null,
    p50: quantileCont(values, 0.5),
    p90: quantileCont(values, 0.9),
    p95: quantileCont(values, 0.95),
    p99: quantileCont(values, 0.99),
    max: n ? Math.max(...values) : null,
  };
}

const PCT = 'count mean min p50 p90 p95 p99 max';

describe('run.stats and latencyHistogram (computed in DuckDB) against a JS reference', () => {
  let t: TestServer;
  let runId: string;
  let samples: ReturnType<typeof sampleInput>[];

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'stats');
    runId = await startRun(t, agent.token);
    const next = rng(42);
    samples = Array.from({ length: 1500 }, (_, seq) => {
      const failed = next() < 0.05;
      const warmup = seq < 20;
      const sentAtMs = seq * 7 + next() * 3;
      const itl = Array.from({ length: Math.floor(next() * 8) }, () => Math.round(next() * 4000) / 100);
      return sampleInput(seq, {
        warmup,
        sentAtMs,
        scheduledAtMs: seq * 7,
        ttftMs: failed ? null : 20 + next() ** 2 * 500,
        e2eMs: failed ? (next() < 0.5 ? null : 30000) : 100 + next() * 2000,
        tpotMs: failed || itl.length < 2 ? null : 5 + next() * 20,
        itlMs: failed ? [] : itl,
        inputTokens: 50 + Math.floor(next() * 100),
        outputTokens: failed ? null : Math.floor(next() * 300),
        errorKind: failed ? (next() < 0.5 ? 'timeout' : 'http_status') : null,
        errorMessage: failed ? 'boom' : null,
      });
    });
    for (let b = 0; b * 500 < samples.length; b++) {
      const res = await t.gql(
        APPEND,
        { input: { runId, batchSeq: b, samples: samples.slice(b * 500, b * 500 + 500) } },
        agent.token,
      );
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  const measured = () => samples.filter((s) => !s.warmup);
  const ok = () => measured().filter((s) => s.errorKind === null);
  const values = (key: 'ttftMs' | 'e2eMs' | 'tpotMs') =>
    ok()
      .map((s) => s[key] as number | null)
      .filter((v): v is number => v !== null);

  it('percentiles, totals and throughput match', async () => {
    const res = await t.gql<{ run: { sampleCount: number; stats: Record<string, unknown> } }>(
      `query($id: ID!) { run(id: $id) { sampleCount stats {
        requests errors inputTokens outputTokens durationS requestsPerS outputTokensPerS totalTokensPerS
        ttftMs { ${PCT} } tpotMs { ${PCT} } itlMs { ${PCT} } e2eMs { ${PCT} } errorsByKind { kind count } } } }`,
      { id: runId },
    );
    expect(res.errors).toBeUndefined();
    const stats = res.data!.run.stats;
    expect(res.data!.run.sampleCount).toBe(1500);
    const m = measured();
    const errors = m.filter((s) => s.errorKind !== null);
    expect(stats.requests).toBe(m.length);
    expect(stats.errors).toBe(errors.length);
    const inputTokens = m.reduce((a, s) => a + (s.inputTokens ?? 0), 0);
    const outputTokens = m.reduce((a, s) => a + ((s.outputTokens as number | null) ?? 0), 0);
    expect(stats.inputTokens).toBe(inputTokens);
    expect(stats.outputTokens).toBe(outputTokens);
    const ends = m.filter((s) => s.e2eMs !== null).map((s) => s.sentAtMs + (s.e2eMs as number));
    const durationS = (Math.max(...ends) - Math.min(...m.map((s) => s.sentAtMs))) / 1000;
    expect(stats.durationS as number).toBeCloseTo(durationS, 9);
    expect(stats.requestsPerS as number).toBeCloseTo((m.length - errors.length) / durationS, 9);
    expect(stats.outputTokensPerS as number).toBeCloseTo(outputTokens / durationS, 9);
    expect(stats.totalTokensPerS as number).toBeCloseTo((inputTokens + outputTokens) / durationS, 9);
    const itl = ok().flatMap((s) => s.itlMs);
    for (const [field, expected] of [
      ['ttftMs', reference(values('ttftMs'))],
      ['tpotMs', reference(values('tpotMs'))],
      ['e2eMs', reference(values('e2eMs'))],
      ['itlMs', reference(itl)],
    ] as const) {
      const actual = stats[field] as Record<string, number>;
      expect(actual.count, field).toBe(expected.count);
      for (const key of ['mean', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const) {
        expect(actual[key], `${field}.${key}`).toBeCloseTo(expected[key]!, 9);
      }
    }
    const byKind = ['http_status', 'timeout']
      .map((kind) => ({ kind, count: errors.filter((s) => s.errorKind === kind).length }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
    expect(stats.errorsByKind).toEqual(byKind);
  });

  it('latencyHistogram buckets match a JS bucketing of the same values', async () => {
    const res = await t.gql<{
      run: { latencyHistogram: { lowerMs: number; upperMs: number; count: number }[] };
    }>(
      'query($id: ID!) { run(id: $id) { latencyHistogram(metric: TTFT, buckets: 12) { lowerMs upperMs count } } }',
      { id: runId },
    );
    const buckets = res.data!.run.latencyHistogram;
    const xs = values('ttftMs');
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const width = (hi - lo) / 12;
    const counts = new Array<number>(12).fill(0);
    for (const x of xs) counts[Math.min(Math.floor((x - lo) / width), 11)]!++;
    expect(buckets.map((b) => b.count)).toEqual(counts);
    expect(buckets[0]!.lowerMs).toBeCloseTo(lo, 9);
    expect(buckets[11]!.upperMs).toBeCloseTo(hi, 9);
    expect(buckets[3]!.lowerMs).toBeCloseTo(lo + 3 * width, 9);
  });

  it('histogram of an empty run is [] and stats are zero/null', async () => {
    const agent = await registerAgent(t, 'empty');
    const emptyRun = await startRun(t, agent.token);
    const res = await t.gql<{ run: { latencyHistogram: unknown[]; stats: Record<string, unknown> } }>(
      `query($id: ID!) { run(id: $id) { latencyHistogram(metric: ITL) { count }
        stats { requests durationS requestsPerS ttftMs { count p50 } } } }`,
      { id: emptyRun },
    );
    expect(res.data?.run.latencyHistogram).toEqual([]);
    expect(res.data?.run.stats).toEqual({
      requests: 0,
      durationS: null,
      requestsPerS: null,
      ttftMs: { count: 0, p50: null },
    });
  });
});
