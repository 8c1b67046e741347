import { describe, expect, it } from 'vitest';
import {
  LATENCY_METRICS,
  METRICS,
  measureLabel,
  metricLabel,
  metricLabelWithUnit,
  parseMeasure,
} from '../src/metrics';
import { SAMPLE_COLUMN_NAMES } from '../src/samples';

describe('METRICS', () => {
  it('keys match their declared key and carry a label, unit, description and definition', () => {
    for (const [name, def] of Object.entries(METRICS)) {
      expect(def.key).toBe(name);
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.definition.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
    }
  });
  it('defines TPOT as the per-request formula used by vLLM, not the chunk gap', () => {
    expect(METRICS.tpotMs.definition).toContain('N_out − 1');
    expect(METRICS.itlMs.definition).toContain('chunk');
  });
  it('reads every per-request metric from a sample column that exists', () => {
    for (const def of Object.values(METRICS)) {
      if ('sample' in def) expect(SAMPLE_COLUMN_NAMES).toContain(def.sample.column);
    }
    expect(Object.values(LATENCY_METRICS).every((m) => m.kind === 'trend' && m.unit === 'ms')).toBe(true);
  });
  it('labels a metric with its percentile and unit', () => {
    expect(metricLabel('ttftMs', 95)).toBe('TTFT p95');
    expect(metricLabel('tpotMs', 99.9)).toBe('TPOT p99.9');
    expect(metricLabelWithUnit('outputTokensPerS')).toBe('Output tok/s (tokens/s)');
  });
  it('names the measures the API and the agent report (`ttftMs.p99`, `itlMs.p999`) by their definitions', () => {
    expect(measureLabel('ttftMs.p50')).toBe('TTFT p50');
    expect(measureLabel('e2eMs.p99')).toBe(`${METRICS.e2eMs.label} p99`);
    expect(parseMeasure('itlMs.p999')).toEqual({ key: 'itlMs', percentile: 99.9 });
    expect(measureLabel('outputTokensPerS')).toBe(METRICS.outputTokensPerS.label);
    expect(measureLabel('notAMetric.p50')).toBe('notAMetric.p50');
    expect(parseMeasure('ttftMs.median')).toBeNull();
  });
  it('says which way is better for every latency and throughput', () => {
    for (const m of Object.values(LATENCY_METRICS)) expect(m.better).toBe('lower');
    expect(METRICS.outputTokensPerS.better).toBe('higher');
    expect(METRICS.errorRate).toMatchObject({ better: 'lower', unit: 'ratio' });
  });
});
