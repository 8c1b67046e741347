import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  constantOffsetsMs,
  gammaOffsetsMs,
  poissonOffsetsMsLazy,
  rampOffsetsMs,
} from '../src/executors/arrival-schedule';
import { LOAD_MODELS, loadModelFor, validateLoad } from '../src/executors/executor.registry';
import type { LoadSpec, SendSlot } from '../src/executors/executor.types';

/** Gaps between consecutive offsets (the first measured from 0). */
const gapsOf = (offsets: number[]): number[] => offsets.map((v, i) => v - (i === 0 ? 0 : offsets[i - 1]!));
function meanCv(values: number[]): { mean: number; cv: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, cv: sd / mean };
}

describe('arrival schedules', () => {
  it('constant: arrivals exactly 1000/rate ms apart from 0, ending before the duration', () => {
    const offsets = [...constantOffsetsMs(8, { durationMs: 1000 })];
    expect(offsets).toEqual([0, 125, 250, 375, 500, 625, 750, 875]);
    expect([...constantOffsetsMs(3, { count: 1_000_000 })].at(-1)).toBeCloseTo(999_999 * (1000 / 3), 3);
  });

  it('Poisson: mean gap 1000/rate, CV 1 (30,000 gaps)', () => {
    const { mean, cv } = meanCv(gapsOf([...poissonOffsetsMsLazy(2, 40, { count: 30_000 })]));
    expect(mean).toBeGreaterThan(25 * 0.98);
    expect(mean).toBeLessThan(25 * 1.02);
    expect(cv).toBeGreaterThan(0.97);
    expect(cv).toBeLessThan(1.03);
  });

  it.each([
    [0.25, 2],
    [1, 1],
    [4, 0.5],
  ])('gamma burstiness %d: mean gap 1000/rate and CV %d (= 1/√burstiness)', (burstiness, expectedCv) => {
    const offsets = [...gammaOffsetsMs(5, 40, burstiness, { count: 30_000 })];
    const { mean, cv } = meanCv(gapsOf(offsets));
    expect(Math.abs(mean - 25) / 25).toBeLessThan(0.03);
    expect(Math.abs(cv - expectedCv) / expectedCv).toBeLessThan(0.04);
    expect([...gammaOffsetsMs(5, 40, burstiness, { count: 100 })]).toEqual(offsets.slice(0, 100));
  });

  it('ramp: each stage delivers its integrated rate (linear up, hold, linear down)', () => {
    const stages = [
      { durationS: 100, ratePerS: 20 }, // 0 → 20: expects 1000, 250 in the first half
      { durationS: 100, ratePerS: 20 }, // hold 20: 2000
      { durationS: 50, ratePerS: 0, startRatePerS: 40 }, // 40 → 0: 1000
    ];
    const count = (offsets: number[], fromS: number, toS: number): number =>
      offsets.filter((t) => t >= fromS * 1000 && t < toS * 1000).length;
    for (const arrivals of ['constant', 'poisson'] as const) {
      const offsets = [...rampOffsetsMs(9, stages, arrivals, {})];
      // Constant: exact up to one arrival at a boundary. Poisson: counts have sd √n; allow 4 sd.
      const near = (actual: number, expected: number): void =>
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
          arrivals === 'constant' ? 1 : 4 * Math.sqrt(expected),
        );
      near(count(offsets, 0, 50), 250);
      near(count(offsets, 50, 100), 750);
      near(count(offsets, 100, 200), 2000);
      near(count(offsets, 200, 225), 750);
      near(count(offsets, 225, 250), 250);
      expect(offsets.at(-1)!).toBeLessThan(250_000);
      expect(offsets.every((t, i) => i === 0 || t >= offsets[i - 1]!)).toBe(true);
    }
    expect([...rampOffsetsMs(9, stages, 'poisson', { count: 10 })]).toHaveLength(10);
    expect([...rampOffsetsMs(9, stages, 'constant', { durationMs: 50_000 })].length).toBeCloseTo(250, -1);
  });
});

describe('load model registry', () => {
  it('registers one model per load.type, each naming itself', () => {
    expect(Object.keys(LOAD_MODELS).sort()).toEqual(
      ['capped_rate', 'concurrency', 'constant', 'gamma', 'poisson', 'ramp', 'trace'].sort(),
    );
    for (const [name, model] of Object.entries(LOAD_MODELS)) expect(model.type).toBe(name);
    expect(() => loadModelFor('zipf')).toThrow(
      /load.type "zipf" is unknown; use one of: concurrency, constant/,
    );
  });

  it.each<[LoadSpec, { requests?: number; durationMs?: number }, RegExp]>([
    [{ type: 'poisson', ratePerS: 0 }, { requests: 1 }, /load.rate_per_s: expected a rate > 0/],
    [{ type: 'constant', ratePerS: 5 }, {}, /stop: an open-loop schedule needs stop.requests/],
    [
      { type: 'gamma', ratePerS: 5, burstiness: -1 },
      { requests: 1 },
      /load.burstiness: expected a number in \(0, 1000\]/,
    ],
    [
      { type: 'capped_rate', ratePerS: 5, maxConcurrency: 0, arrivals: 'poisson' },
      { requests: 1 },
      /load.max_concurrency/,
    ],
    [
      { type: 'ramp', stages: [{ durationS: 10, ratePerS: 0 }], arrivals: 'poisson' },
      {},
      /every stage has rate 0/,
    ],
    [
      { type: 'ramp', stages: [{ durationS: -1, ratePerS: 3 }], arrivals: 'poisson' },
      {},
      /load.stages\[0\].duration_s/,
    ],
    [
      { type: 'trace', file: '/nonexistent/trace.jsonl', speedup: 1 },
      {},
      /load.file: \/nonexistent\/trace.jsonl: cannot read the file \(ENOENT\)/,
    ],
    [{ type: 'concurrency', concurrency: 1.5 }, { requests: 1 }, /load.concurrency: expected a whole number/],
  ])('%o validates its own config', (load, stop, message) => {
    expect(() => validateLoad(load, stop, 'scn')).toThrow(message);
  });

  it('trace files fail with file:line, field and what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      '{"timestamp_ms": 0, "input_tokens": 10}\n\n{"timestamp_ms": "x"}\n{"timestamp_ms": 5, "output_length": 0}\nnot json\n{"timestamp": 1}\n',
    );
    let message = '';
    try {
      validateLoad({ type: 'trace', file, speedup: 1 }, {}, 'scn');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${file}:3: timestamp_ms: expected a number of milliseconds >= 0`);
    expect(message).toContain(`${file}:4: output_length: expected a whole number of tokens >= 1`);
    expect(message).toContain(`${file}:5: not valid JSON`);
    expect(message).toContain(`${file}:6: timestamp: timestamps must not decrease (1 after 5)`);
    expect(message).not.toContain(':1:');
  });
});

/** Runs a load model with a send callback that records the slot and when it actually ran. */
async function record(load: LoadSpec, stop: { requests?: number; durationMs?: number }, holdMs = 0) {
  const slots: (SendSlot & { at: number })[] = [];
  const t0 = performance.now();
  let inFlight = 0;
  let peak = 0;
  const sent = await loadModelFor(load.type).run({
    load,
    stop,
    seed: 3,
    firstSeq: 0,
    send: async (slot) => {
      slots.push({ ...slot, at: performance.now() });
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
      inFlight -= 1;
    },
  });
  return { slots, sent, t0, peak };
}

describe('load models on the clock', () => {
  it('trace replay sends at the trace offsets / speedup with the trace lengths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'));
    const file = join(dir, 'trace.jsonl');
    const rows = [
      { timestamp: 1000, input_length: 100, output_length: 7 },
      { timestamp: 1100, input_length: 200 },
      { timestamp: 1100, input_length: 300, output_length: 9 },
      { timestamp: 1400, input_length: 400, output_length: 10 },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const { slots, sent } = await record({ type: 'trace', file, speedup: 2 }, {});
    expect(sent).toBe(4);
    const start = slots[0]!.scheduledAt;
    // Offsets are added to an absolute clock reading, so compare to the nanosecond, not bit for bit.
    const offsets = slots.map((s) => s.scheduledAt - start);
    [0, 50, 50, 200].forEach((expected, i) => expect(offsets[i]).toBeCloseTo(expected, 6));
    expect(slots.map((s) => s.lengths)).toEqual([
      { inputTokens: 100, outputTokens: 7 },
      { inputTokens: 200, outputTokens: undefined },
      { inputTokens: 300, outputTokens: 9 },
      { inputTokens: 400, outputTokens: 10 },
    ]);
    expect(Math.max(...slots.map((s) => s.at - s.scheduledAt))).toBeLessThan(40); // send lag, loose under load
    const cut = await record({ type: 'trace', file, speedup: 2 }, { durationMs: 100 });
    expect(cut.sent).toBe(3);
  });

  it('capped rate never exceeds the cap; the backlog becomes queue time', async () => {
    const { slots, peak, sent } = await record(
      { type: 'capped_rate', ratePerS: 1000, maxConcurrency: 3, arrivals: 'constant' },
      { requests: 30 },
      20,
    );
    expect(sent).toBe(30);
    expect(peak).toBe(3);
    const queueMs = slots.map((s) => s.slotAt - s.scheduledAt);
    expect(queueMs[0]).toBeLessThan(5);
    // 30 requests of 20 ms through 3 slots take ≥ 200 ms, while all were scheduled within 30 ms.
    expect(Math.max(...queueMs)).toBeGreaterThan(100);
    expect(slots.map((s) => s.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('gamma and constant models schedule on an absolute timeline (no drift across 50 sends)', async () => {
    for (const load of [
      { type: 'constant', ratePerS: 200 },
      { type: 'gamma', ratePerS: 200, burstiness: 0.5 },
    ] as LoadSpec[]) {
      const { slots, sent } = await record(load, { requests: 50 }, 30);
      expect(sent).toBe(50);
      // Slow sends (30 ms = 6 gaps) never hold back later ones, and timer lateness does not accumulate.
      const lags = slots.map((s) => s.at - s.scheduledAt).sort((x, y) => x - y);
      expect(lags[25]!).toBeLessThan(20);
      expect(lags.at(-1)!).toBeLessThan(120);
    }
  });

  it('ramp stops at its last stage even without a stop block', async () => {
    const { sent, slots } = await record(
      { type: 'ramp', stages: [{ durationS: 0.2, ratePerS: 100, startRatePerS: 100 }], arrivals: 'constant' },
      {},
    );
    expect(sent).toBe(20);
    expect(slots[0]!.scheduledAt - slots[0]!.slotAt).toBeLessThanOrEqual(0);
    expect(slots.at(-1)!.scheduledAt - slots[0]!.scheduledAt).toBeCloseTo(190, 6); // 5, 15, …, 195 ms
  });
});
