import { describe, expect, it } from 'vitest';
import { METRICS } from '../src/metrics';

describe('METRICS', () => {
  it('keys match their declared key and carry a unit and formula', () => {
    for (const [name, def] of Object.entries(METRICS)) {
      expect(def.key).toBe(name);
      expect(def.formula.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
    }
  });
  it('defines TPOT as the per-request formula used by vLLM, not the chunk gap', () => {
    expect(METRICS.tpotMs.formula).toContain('N_out − 1');
    expect(METRICS.itlMs.formula).toContain('chunk');
  });
});
