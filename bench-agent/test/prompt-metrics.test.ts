import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/metrics/latency-histogram';

describe('LatencyHistogram', () => {
  it('has microsecond resolution and merges exactly (percentiles of the union, not averages)', () => {
    const fast = new LatencyHistogram();
    const slow = new LatencyHistogram();
    for (let i = 1; i <= 90; i += 1) fast.recordMs(1.5);
    for (let i = 1; i <= 10; i += 1) slow.recordMs(1000);
    expect(fast.percentileMs(50)).toBeCloseTo(1.5, 3);
    const all = new LatencyHistogram().merge(fast).merge(slow);
    const p = all.percentiles();
    expect(p.count).toBe(100);
    expect(p.p50).toBeCloseTo(1.5, 3);
    expect(p.p90).toBeCloseTo(1.5, 3);
    expect(p.p95!).toBeGreaterThan(999);
    expect(p.p95!).toBeLessThan(1001);
    expect(p.mean!).toBeCloseTo((90 * 1.5 + 10 * 1000) / 100, 0);
    expect(new LatencyHistogram().percentiles()).toMatchObject({ count: 0, p50: null });
  });

  it('never reports a percentile above the largest recorded value', () => {
    const h = new LatencyHistogram();
    // 611.5 ms falls in a bucket whose highest equivalent value is above 611.5.
    for (const ms of [100, 200, 611.5]) h.recordMs(ms);
    const p = h.percentiles();
    expect(p.max).toBe(611.5);
    expect(p.p99!).toBeLessThanOrEqual(p.max!);
    expect(p.p99!).toBeGreaterThan(611);
  });
});
