import { describe, expect, it } from 'vitest';
import {
  SAMPLE_COLUMNS,
  SAMPLE_COLUMN_BY_NAME as C,
  fromSampleColumns,
  sampleRuleProblem,
  sampleValueCheck,
  sampleValueFailure,
  toSampleColumns,
  type SampleInput,
} from '../src/samples';

const sample = (seq: number): SampleInput => ({
  seq,
  warmup: false,
  scheduledAtMs: 10 * seq,
  sentAtMs: 10 * seq + 0.5,
  sendLagMs: 0.5,
  queueMs: 0,
  ttftMs: 40,
  e2eMs: 200,
  tpotMs: 10,
  itlMs: [9, 11],
  inputTokens: 12,
  outputTokens: 17,
  outputTokensServer: 17,
  outputTokensClient: 16,
  tokenSource: 'SERVER',
  errorKind: null,
  errorMessage: null,
});

describe('SAMPLE_COLUMNS', () => {
  it('names each column once, camelCase, with its snake_case table column', () => {
    const names = SAMPLE_COLUMNS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of SAMPLE_COLUMNS) {
      expect(c.column).toBe(c.name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`));
      // A required column has no stand-in value; an optional one that is not nullable needs one.
      if (c.required) expect(c.absent).toBeNull();
      if (!c.required && !c.nullable) expect(c.absent).not.toBeNull();
    }
  });

  it('round-trips rows through columns', () => {
    const rows = [sample(0), sample(1), { ...sample(2), errorKind: 'timeout' as const, ttftMs: null }];
    expect(fromSampleColumns(toSampleColumns(rows))).toEqual(rows);
  });

  it.each([
    ['seq', 3, true],
    ['seq', 1.5, false],
    ['seq', 2_147_483_648, false],
    ['ttftMs', 0, true],
    ['ttftMs', -0.1, false],
    ['ttftMs', Infinity, false],
    ['sendLagMs', -3, true],
    ['sendLagMs', NaN, false],
    ['warmup', 'true', false],
    ['tokenSource', 'CLIENT', true],
    ['tokenSource', 'BOTH', false],
    ['errorKind', 'timeout', true],
    ['errorKind', "x'; DROP TABLE samples;--", false],
    ['errorMessage', 'x'.repeat(4000), true],
    ['errorMessage', 'x'.repeat(4001), false],
    ['itlMs', [1, 2.5], true],
    ['itlMs', [1, -2], false],
    ['itlMs', 7, false],
  ] as const)('%s: %j passes = %s', (name, value, ok) => {
    expect(sampleValueCheck(C[name])(value)).toBe(ok);
  });

  it('words a failure the same way for every path, down to the list element', () => {
    expect(sampleRuleProblem(C.ttftMs)).toBe('must be a number >= 0 (milliseconds)');
    expect(sampleRuleProblem(C.seq)).toBe('must be an integer 0-2147483647');
    expect(sampleValueFailure(C.itlMs, [1, 'x', 3])).toEqual({
      at: 1,
      problem: 'must be a number >= 0 (milliseconds)',
    });
    expect(sampleValueFailure(C.itlMs, 7).problem).toMatch(/array of gaps/);
  });
});
