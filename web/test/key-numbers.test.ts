import { describe, expect, it } from 'vitest';
import { METRICS } from '@yardstick/schema/metrics';
import { keyNumbers } from '../src/lib/key-numbers';

const dist = (p50: number, p95: number, p99: number) => ({
  count: 3,
  mean: null,
  min: null,
  p50,
  p90: null,
  p95,
  p99,
  max: null,
});

describe('run page key numbers', () => {
  it('label each figure by its metric definition and show the API value of that percentile', () => {
    const stats = {
      requests: 40,
      errors: 1,
      outputTokensPerS: 250,
      requestsPerS: 5,
      ttftMs: dist(12.5, 40, 80),
      tpotMs: dist(8.25, 9, 11),
      e2eMs: dist(300, 350, 400),
    } as unknown as Parameters<typeof keyNumbers>[0];
    const byId = Object.fromEntries(keyNumbers(stats).map((k) => [k.testid, k]));
    expect(byId['stat-ttft-p95']).toEqual({
      label: `${METRICS.ttftMs.label} p95`,
      value: '40.0 ms',
      testid: 'stat-ttft-p95',
    });
    expect(byId['stat-tpot-p50']!.value).toBe('8.25 ms');
    expect(byId['stat-e2e-p50']!.label).toBe(`${METRICS.e2eMs.label} p50`);
    expect(byId['stat-output-tps']!.label).toBe(METRICS.outputTokensPerS.label);
    expect(byId['stat-errors']!.value).toBe('1');
  });
});
