import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { poissonOffsetsMs } from '../src/executors/arrival-schedule';
import { poissonRateModel } from '../src/executors/poisson-rate.executor';
import { concurrencyModel } from '../src/executors/concurrency.executor';
import type { SendSlot } from '../src/executors/executor.types';

describe('Poisson schedule', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = poissonOffsetsMs(42, 10, { count: 100 });
    expect(poissonOffsetsMs(42, 10, { count: 100 })).toEqual(a);
    expect(poissonOffsetsMs(43, 10, { count: 100 })).not.toEqual(a);
    expect(a.every((v, i) => i === 0 || v > a[i - 1]!)).toBe(true);
  });

  it('has exponential gaps with mean 1000/rate ms (20,000 draws, within 3%)', () => {
    const offsets = poissonOffsetsMs(1, 50, { count: 20_000 });
    const meanGapMs = offsets.at(-1)! / offsets.length;
    expect(meanGapMs).toBeGreaterThan(20 * 0.97);
    expect(meanGapMs).toBeLessThan(20 * 1.03);
    // Exponential: about e^-1 of gaps exceed the mean.
    const gaps = offsets.map((v, i) => v - (i === 0 ? 0 : offsets[i - 1]!));
    const overMean = gaps.filter((g) => g > 20).length / gaps.length;
    expect(overMean).toBeGreaterThan(0.35);
    expect(overMean).toBeLessThan(0.39);
  });

  it('stops at a duration', () => {
    const offsets = poissonOffsetsMs(3, 100, { durationMs: 1000 });
    expect(offsets.at(-1)!).toBeLessThan(1000);
    expect(offsets.length).toBeGreaterThan(70);
    expect(offsets.length).toBeLessThan(130);
  });
});

describe('executors', () => {
  it('sends Poisson arrivals at absolute timestamps: slow requests do not delay later sends', async () => {
    const slots: (SendSlot & { at: number })[] = [];
    const t0 = performance.now();
    const sent = await poissonRateModel.run({
      load: { type: 'poisson', ratePerS: 200 },
      stop: { requests: 60 },
      seed: 9,
      firstSeq: 0,
      send: async (slot) => {
        slots.push({ ...slot, at: performance.now() });
        await new Promise((r) => setTimeout(r, 50)); // each request takes ~10 arrival gaps
      },
    });
    expect(sent).toBe(60);
    const offsets = poissonOffsetsMs(9, 200, { count: 60 });
    const start = slots[0]!.scheduledAt - offsets[0]!;
    expect(start - t0).toBeLessThan(5);
    slots.forEach((s, i) => expect(s.scheduledAt - start).toBeCloseTo(offsets[i]!, 6));
    // Actual send - scheduled stays small for every request, including the last (no drift).
    const lags = slots.map((s) => s.at - s.scheduledAt);
    expect(Math.max(...lags)).toBeLessThan(25);
    expect(slots.every((s) => s.slotAt === s.at || s.slotAt <= s.at)).toBe(true);
  });

  it('queues arrivals behind max_concurrency and reports the wait as queue time', async () => {
    const slots: SendSlot[] = [];
    let inFlight = 0;
    let peak = 0;
    await poissonRateModel.run({
      load: { type: 'poisson', ratePerS: 500, maxConcurrency: 2 },
      stop: { requests: 20 },
      seed: 4,
      firstSeq: 0,
      send: async (slot) => {
        slots.push(slot);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight -= 1;
      },
    });
    expect(peak).toBe(2);
    expect(Math.max(...slots.map((s) => s.slotAt - s.scheduledAt))).toBeGreaterThan(20);
  });

  it('closed loop keeps exactly N requests in flight and stops at the count', async () => {
    let inFlight = 0;
    let peak = 0;
    const seqs: number[] = [];
    const sent = await concurrencyModel.run({
      load: { type: 'concurrency', concurrency: 3 },
      stop: { requests: 10 },
      seed: 1,
      firstSeq: 5,
      send: async (slot) => {
        seqs.push(slot.seq);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
      },
    });
    expect(sent).toBe(10);
    expect(peak).toBe(3);
    expect(seqs.sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
