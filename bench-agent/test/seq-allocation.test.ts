import { describe, expect, it } from 'vitest';
import { globalSeq, MAX_SEQ, toRunSample } from '../src/workers/seq-allocation';
import { fromColumns, toColumns } from '../src/upload/sample-columns';
import type { SampleInput } from '../src/run/sample.types';

const sample = (seq: number, over: Partial<SampleInput> = {}): SampleInput => ({
  seq,
  warmup: false,
  scheduledAtMs: 100,
  sentAtMs: 100.5,
  sendLagMs: 0.5,
  queueMs: 0,
  ttftMs: 30,
  e2eMs: 90,
  tpotMs: 8.571,
  itlMs: [8, 9],
  inputTokens: 16,
  outputTokens: 8,
  outputTokensServer: 8,
  outputTokensClient: 8,
  tokenSource: 'SERVER',
  errorKind: null,
  errorMessage: null,
  ...over,
});

describe('run-wide seqs of a multi-process run', () => {
  it.each([
    // [local seq, worker, workers, run-wide seq]
    [0, 0, 2, 0],
    [0, 1, 2, 1],
    [1, 0, 2, 2],
    [5, 1, 4, 21],
    [10, 3, 4, 43],
  ])('request %i of worker %i of %i is seq %i', (k, w, n, expected) => {
    expect(globalSeq(k, w, n)).toBe(expected);
  });

  it('never gives two requests of 3 workers the same seq', () => {
    const seen = new Set<number>();
    for (let w = 0; w < 3; w += 1) for (let k = 0; k < 100; k += 1) seen.add(globalSeq(k, w, 3));
    expect(seen.size).toBe(300);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('refuses seqs beyond the server 32-bit column, naming the way out', () => {
    expect(() => globalSeq(Math.floor(MAX_SEQ / 4) + 1, 0, 4)).toThrow(/exceeds 2147483647: split the run/);
  });

  it('moves times to the run clock and keeps durations and the warm-up mark', () => {
    const s = toRunSample(sample(3, { warmup: true }), 1, 2, 12.3456);
    expect(s).toEqual({ ...sample(7, { warmup: true }), scheduledAtMs: 112.346, sentAtMs: 112.846 });
  });
});

describe('columnar sample batches', () => {
  it('round-trips rows through columns', () => {
    const rows = [sample(0), sample(1, { errorKind: 'timeout', ttftMs: null, itlMs: [] })];
    const columns = toColumns(rows);
    expect(columns.seq).toEqual([0, 1]);
    expect(columns.ttftMs).toEqual([30, null]);
    expect(columns.itlMs).toEqual([[8, 9], []]);
    expect(Object.keys(columns)).toHaveLength(17);
    expect(fromColumns(columns)).toEqual(rows);
  });
});
