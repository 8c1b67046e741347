import { describe, expect, it } from 'vitest';
import { meetsSlo, parseSloBlock, perRequestLimits } from '../src/metrics/goodput';
import { summarizeSamples } from '../src/metrics/run-summary';
import type { SampleInput } from '../src/run/sample.types';

const base: SampleInput = {
  seq: 0,
  warmup: false,
  scheduledAtMs: 0,
  sentAtMs: 0,
  sendLagMs: 0,
  queueMs: 0,
  ttftMs: 100,
  e2eMs: 1000,
  tpotMs: 20,
  itlMs: [20, 25],
  inputTokens: 10,
  outputTokens: 46,
  outputTokensServer: 46,
  outputTokensClient: 46,
  tokenSource: 'SERVER',
  errorKind: null,
  errorMessage: null,
};

describe('goodput', () => {
  it('reads <metric>_p<pct>_ms keys and rejects anything else, naming the key', () => {
    const slos = parseSloBlock({ ttft_p95_ms: 500, tpot_p99_ms: 40, 'e2e_p99.9_ms': 9000, ttft_p50_ms: 200 });
    expect(slos).toContainEqual({ metric: 'e2eMs', percentile: 99.9, limitMs: 9000 });
    expect(perRequestLimits(slos)).toEqual({ ttftMs: 200, tpotMs: 40, e2eMs: 9000 });
    expect(() => parseSloBlock({ ttft_ms: 5 })).toThrow(
      /slo\.ttft_ms: expected "<ttft\|tpot\|itl\|e2e>_p<percentile>_ms/,
    );
    expect(() => parseSloBlock({ ttft_p95_ms: -1 })).toThrow(/slo\.ttft_p95_ms/);
  });

  it('a request is good only if it succeeded and met every limit', () => {
    expect(meetsSlo(base, { ttftMs: 100, tpotMs: 20 })).toBe(true);
    expect(meetsSlo(base, { ttftMs: 99 })).toBe(false);
    expect(meetsSlo(base, { itlMs: 24 })).toBe(false);
    expect(meetsSlo({ ...base, errorKind: 'timeout' }, {})).toBe(false);
    expect(meetsSlo({ ...base, tpotMs: null }, { tpotMs: 1 })).toBe(true);
  });

  it('counts failures against goodput and checks run percentiles', () => {
    // 10 requests 1 s apart: 6 fast, 2 slow (TTFT 900 ms), 2 failed.
    const samples: SampleInput[] = Array.from({ length: 10 }, (_, i) => ({
      ...base,
      seq: i,
      sentAtMs: i * 1000,
      ttftMs: i < 6 ? 100 : 900,
      errorKind: i >= 8 ? 'http_status' : null,
    }));
    const s = summarizeSamples(samples, { slos: parseSloBlock({ ttft_p95_ms: 500 }) });
    expect(s.goodput.goodRequests).toBe(6);
    expect(s.goodput.goodFraction).toBe(0.6);
    // window: first send 0 → last end 9000 + 1000 ms = 10 s
    expect(s.durationS).toBe(10);
    expect(s.goodput.requestsPerS).toBeCloseTo(0.6, 9);
    expect(s.goodput.outputTokensPerS).toBeCloseTo((6 * 46) / 10, 9);
    expect(s.requestsPerS).toBeCloseTo(0.8, 9);
    expect(s.goodput.percentileChecks[0]).toMatchObject({ metric: 'ttftMs', percentile: 95, met: false });
    expect(s.goodput.percentileChecks[0]!.valueMs).toBeGreaterThan(800);
  });
});
