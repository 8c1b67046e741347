import { describe, expect, it } from 'vitest';
import type { LengthDist } from '@yardstick/schema/scenario';
import { drawLength, nominalMeanLength } from '../src/workload/length-distribution';
import { gammaVariate, lognormalParams } from '../src/workload/random-variates';
import { createRng } from '../src/util/rng';

function moments(values: number[]): { mean: number; stddev: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, stddev: Math.sqrt(variance) };
}

const draws = (dist: LengthDist, n: number, seed = 11): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => drawLength(rng, dist));
};

describe('length distributions', () => {
  const dists: LengthDist[] = [
    { dist: 'fixed', value: 9 },
    { dist: 'uniform', min: 3, max: 500 },
    { dist: 'normal', mean: 300, stddev: 50 },
    { dist: 'lognormal', mean: 1000, stddev: 500 },
    {
      dist: 'empirical',
      bins: [
        { min: 1, max: 10, weight: 1 },
        { min: 100, max: 200, weight: 3 },
      ],
    },
  ];

  it.each(dists)('$dist is reproducible from the seed and changes with it', (dist) => {
    const a = draws(dist, 200, 5);
    expect(draws(dist, 200, 5)).toEqual(a);
    if (dist.dist !== 'fixed') expect(draws(dist, 200, 6)).not.toEqual(a);
    expect(a.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
  });

  // 40,000 draws: the standard error of the mean is < 0.5% of it for these shapes; tolerances are ~3-6 SE.
  it.each([
    [{ dist: 'uniform', min: 3, max: 500 } as LengthDist, 251.5, Math.sqrt((498 ** 2 - 1) / 12)],
    [{ dist: 'normal', mean: 300, stddev: 50 } as LengthDist, 300, 50],
    [{ dist: 'lognormal', mean: 1000, stddev: 500 } as LengthDist, 1000, 500],
  ])('%o has the requested mean and stddev', (dist, mean, stddev) => {
    const m = moments(draws(dist, 40_000));
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.015);
    expect(Math.abs(m.stddev - stddev) / stddev).toBeLessThan(0.04);
    expect(nominalMeanLength(dist)).toBeCloseTo(mean, 6);
  });

  it('log-normal is right-skewed: median e^μ below the mean', () => {
    const { mu, sigma } = lognormalParams(1000, 500);
    expect(sigma).toBeCloseTo(Math.sqrt(Math.log(1.25)), 9); // σ² = ln(1 + 0.5²)
    expect(Math.exp(mu)).toBeCloseTo(1000 / Math.sqrt(1.25), 6); // median = m / √(1 + s²/m²) ≈ 894.4
    const sorted = draws({ dist: 'lognormal', mean: 1000, stddev: 500 }, 20_001).sort((a, b) => a - b);
    expect(sorted[10_000]!).toBeGreaterThan(870);
    expect(sorted[10_000]!).toBeLessThan(920);
  });

  it('clamps normal and log-normal draws to [min, max]', () => {
    const n = draws({ dist: 'normal', mean: 100, stddev: 50, min: 80, max: 120 }, 2000);
    expect(Math.min(...n)).toBe(80);
    expect(Math.max(...n)).toBe(120);
    const l = draws({ dist: 'lognormal', mean: 100, stddev: 300, min: 5, max: 400 }, 2000);
    expect(Math.min(...l)).toBe(5);
    expect(Math.max(...l)).toBe(400);
  });

  it('empirical picks bins by weight and stays inside them', () => {
    const values = draws(
      {
        dist: 'empirical',
        bins: [
          { min: 1, max: 10, weight: 1 },
          { min: 50, max: 60, weight: 0 },
          { min: 100, max: 200, weight: 3 },
        ],
      },
      20_000,
    );
    const low = values.filter((v) => v <= 10).length / values.length;
    expect(low).toBeGreaterThan(0.24);
    expect(low).toBeLessThan(0.26);
    expect(values.some((v) => v >= 50 && v <= 60)).toBe(false); // zero weight: never
    expect(values.every((v) => v <= 10 || (v >= 100 && v <= 200))).toBe(true);
  });
});

describe('gamma variates', () => {
  it.each([0.25, 0.5, 1, 2, 4])('shape %d: mean kθ and variance kθ²', (shape) => {
    const rng = createRng(3);
    const scale = 10;
    const m = moments(Array.from({ length: 40_000 }, () => gammaVariate(rng, shape, scale)));
    expect(Math.abs(m.mean - shape * scale) / (shape * scale)).toBeLessThan(0.03);
    const cv = m.stddev / m.mean;
    expect(Math.abs(cv - 1 / Math.sqrt(shape)) * Math.sqrt(shape)).toBeLessThan(0.05);
  });

  it('rejects a non-positive shape', () => {
    expect(() => gammaVariate(createRng(1), 0, 1)).toThrow(/shape > 0/);
  });
});
