import { describe, expect, it } from 'vitest';
import { drawLength, synthesizePrompt } from '../src/prompts/prompt.synth';
import { LatencyHistogram } from '../src/metrics/latency-histogram';
import { createRng } from '../src/util/rng';

describe('prompt synthesis', () => {
  it('gives one word per requested token, reproducibly per seed', () => {
    const a = synthesizePrompt(createRng(5), 100, 3);
    expect(a.startsWith('Request 3:')).toBe(true);
    expect(a.split(' ')).toHaveLength(99); // "Request" + "3:" count as ~3 tokens, then 97 words
    expect(synthesizePrompt(createRng(5), 100, 3)).toBe(a);
    expect(synthesizePrompt(createRng(6), 100, 3)).not.toBe(a);
  });

  it('gives exactly N ASCII bytes for a byte-level tokenizer', () => {
    const p = synthesizePrompt(createRng(1), 257, 12, true);
    expect(Buffer.byteLength(p)).toBe(257);
  });

  it('draws lengths from fixed, uniform and clamped normal distributions', () => {
    const rng = createRng(2);
    expect(drawLength(rng, { dist: 'fixed', value: 9 })).toBe(9);
    const uniform = Array.from({ length: 500 }, () => drawLength(rng, { dist: 'uniform', min: 3, max: 5 }));
    expect(new Set(uniform)).toEqual(new Set([3, 4, 5]));
    const normal = Array.from({ length: 500 }, () =>
      drawLength(rng, { dist: 'normal', mean: 100, stddev: 50, min: 80, max: 120 }),
    );
    expect(Math.min(...normal)).toBe(80);
    expect(Math.max(...normal)).toBe(120);
  });
});

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
