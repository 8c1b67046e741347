import { describe, expect, it } from 'vitest';
import { LatencyValues } from '../src/metrics/latency-values';

describe('LatencyValues', () => {
  it('has microsecond resolution and merges exactly (percentiles of the union, not averages)', () => {
    const fast = new LatencyValues();
    const slow = new LatencyValues();
    for (let i = 1; i <= 90; i += 1) fast.recordMs(1.5);
    for (let i = 1; i <= 10; i += 1) slow.recordMs(1000);
    expect(fast.percentileMs(50)).toBe(1.5);
    const all = new LatencyValues().merge(fast).merge(slow);
    const p = all.percentiles();
    expect(p.count).toBe(100);
    expect(p.p50).toBe(1.5);
    // n = 100: p90 → h = 89.1, between the 90th value (1.5) and the 91st (1000).
    expect(p.p90).toBeCloseTo(1.5 + 0.1 * (1000 - 1.5), 9);
    expect(p.p95).toBe(1000);
    expect(p.mean!).toBeCloseTo((90 * 1.5 + 10 * 1000) / 100, 9);
    expect(new LatencyValues().percentiles()).toMatchObject({ count: 0, p50: null });
  });

  it('never reports a percentile above the largest recorded value', () => {
    const h = new LatencyValues();
    for (const ms of [100, 200, 611.5]) h.recordMs(ms);
    const p = h.percentiles();
    expect(p.max).toBe(611.5);
    // n = 3: p99 → h = 1.98, 200 + 0.98 × 411.5.
    expect(p.p99).toBeCloseTo(200 + 0.98 * 411.5, 9);
    expect(p.p99!).toBeLessThanOrEqual(p.max!);
  });
});
