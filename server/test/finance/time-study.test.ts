// Welch's t against published figures: Wikipedia "Welch's t-test", Examples (data sets A1/A2: t = −2.46,
// ν ≈ 25.0) and SciPy 1.17.1 `stats.ttest_ind(..., equal_var=False).confidence_interval(0.95)`;
// Student t quantiles against SciPy `stats.t.ppf` and printed t tables (t_0.975,10 = 2.228).
import { describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../src/finance/student-t.js';
import { timeSaved } from '../../src/finance/time-study.js';

describe('Student t quantile', () => {
  it.each([
    { p: 0.975, df: 10, scipy: 2.228138851986274 },
    { p: 0.975, df: 2.5, scipy: 3.5746548420036817 },
    { p: 0.95, df: 30, scipy: 1.697260886593957 },
    { p: 0.975, df: 1, scipy: 12.706204736174694 },
  ])('t($p, $df) = $scipy', ({ p, df, scipy }) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(scipy, 8);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-scipy, 8);
  });
});

describe('time saved from a before/after study', () => {
  it('Wikipedia Welch example 1 (A1 as before, A2 as after)', () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = timeSaved(a1, a2);
    expect(r.meanSaved / r.standardError).toBeCloseTo(-2.455356398286006, 9); // Wikipedia: −2.46
    expect(r.degreesOfFreedom).toBeCloseTo(24.988529290231416, 9); // Wikipedia: 24.99
    expect(r.ci95Low).toBeCloseTo(-3.984096267140929, 8);
    expect(r.ci95High).toBeCloseTo(-0.3492370661924069, 8);
    expect([r.nBefore, r.nAfter]).toEqual([15, 15]);
  });

  it('unequal sizes (12 before, 10 after, minutes) against SciPy', () => {
    const before = [42, 38, 51, 45, 39, 47, 55, 40, 44, 49, 36, 48];
    const after = [30, 33, 29, 35, 31, 27, 36, 32, 28, 34];
    const r = timeSaved(before, after);
    expect(r.meanSaved).toBeCloseTo(13, 12);
    expect(r.degreesOfFreedom).toBeCloseTo(17.217391304347828, 9);
    expect(r.ci95Low).toBeCloseTo(8.96389300067348, 8);
    expect(r.ci95High).toBeCloseTo(17.03610699932652, 8);
  });

  it('rejects too few or invalid observations, naming the side and index', () => {
    expect(() => timeSaved([1], [1, 2])).toThrow(/before: need at least 2/);
    expect(() => timeSaved([1, 2], [1, -2])).toThrow(/after\[1\]/);
  });
});
