import { describe, expect, it } from 'vitest';
import {
  LOAD_MODELS,
  LoadSchema,
  camelKeys,
  loadModelsHelp,
  operatingPoint,
  parseLoadSpec,
  snakeKeys,
  toLoadSpec,
} from '../src/load-models';

/** One valid scenario-file block per model, as a user writes it. */
const FILE_FORMS = {
  concurrency: { type: 'concurrency', concurrency: 8 },
  constant: { type: 'constant', rate_per_s: 2.5 },
  poisson: { type: 'poisson', rate_per_s: 4, max_concurrency: 64 },
  gamma: { type: 'gamma', rate_per_s: 3, burstiness: 0.25 },
  capped_rate: { type: 'capped_rate', rate_per_s: 10, max_concurrency: 4 },
  ramp: { type: 'ramp', stages: [{ duration_s: 60, rate_per_s: 20, start_rate_per_s: 1 }] },
  trace: { type: 'trace', file: '/tmp/trace.jsonl' },
} as const;

describe('load models: one schema per model, registered once', () => {
  it('registers every model once, each with a file form the registry accepts', () => {
    const types = LOAD_MODELS.map((m) => m.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual(Object.keys(FILE_FORMS).sort());
    for (const m of LOAD_MODELS) expect(loadModelsHelp()).toContain(`  ${m.type.padEnd(12)} ${m.summary}`);
  });

  it.each(Object.entries(FILE_FORMS))(
    '%s: file form → camelCase spec → checked again unchanged',
    (_type, form) => {
      const spec = toLoadSpec(LoadSchema.parse(form));
      expect(JSON.stringify(Object.keys(spec))).not.toMatch(/_/); // no snake_case key left
      expect(parseLoadSpec(spec)).toEqual({ ok: true, spec });
      expect(snakeKeys(spec)).toEqual(LoadSchema.parse(form)); // the renaming is lossless both ways
    },
  );

  it('fills the defaults of the file form (capped_rate arrivals, ramp arrivals, trace speedup)', () => {
    expect(toLoadSpec(LoadSchema.parse(FILE_FORMS.capped_rate))).toEqual({
      type: 'capped_rate',
      ratePerS: 10,
      maxConcurrency: 4,
      arrivals: 'poisson',
    });
    expect(toLoadSpec(LoadSchema.parse(FILE_FORMS.trace))).toMatchObject({ speedup: 1 });
  });

  it('gives the operating point each model offers: rate for open loops, concurrency for closed', () => {
    const point = (type: keyof typeof FILE_FORMS) =>
      operatingPoint(toLoadSpec(LoadSchema.parse(FILE_FORMS[type])));
    expect(point('poisson')).toEqual({ concurrency: null, ratePerS: 4 });
    expect(point('constant')).toEqual({ concurrency: null, ratePerS: 2.5 });
    expect(point('gamma')).toEqual({ concurrency: null, ratePerS: 3 });
    expect(point('capped_rate')).toEqual({ concurrency: null, ratePerS: 10 });
    expect(point('concurrency')).toEqual({ concurrency: 8, ratePerS: null });
    expect(point('ramp')).toEqual({ concurrency: null, ratePerS: null });
    expect(point('trace')).toEqual({ concurrency: null, ratePerS: null });
  });

  it('names a bad field as the scenario file writes it, or as the config stores it', () => {
    const bad = { type: 'poisson', ratePerS: 0, maxConcurrency: 1.5 };
    expect(parseLoadSpec(bad)).toEqual({
      ok: false,
      issues: [
        'load.rate_per_s: expected a rate > 0 requests/s',
        'load.max_concurrency: expected a whole number > 0',
      ],
    });
    expect(parseLoadSpec(bad, 'config.load', 'camel')).toMatchObject({
      issues: [
        'config.load.ratePerS: expected a rate > 0 requests/s',
        'config.load.maxConcurrency: expected a whole number > 0',
      ],
    });
    expect(parseLoadSpec({ type: 'zipf' })).toMatchObject({
      issues: [expect.stringMatching(/^load.type: "zipf" is unknown; use one of: concurrency, /)],
    });
    expect(parseLoadSpec({ type: 'ramp', stages: [{ durationS: 5, ratePerS: 0 }] })).toMatchObject({
      issues: ['load.stages: every stage has rate 0, so nothing would be sent; raise a rate_per_s'],
    });
  });

  it('camelKeys renames deeply and leaves values alone', () => {
    expect(camelKeys({ a_b: [{ c_d_e: 'x_y' }] })).toEqual({ aB: [{ cDE: 'x_y' }] });
  });
});
