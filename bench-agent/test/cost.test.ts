import { describe, expect, it } from 'vitest';
import { breakEvenUtilisation, tokenCostBases, usdPerMillionTokens } from '../src/cost/token-cost';
import { capexPerYear, capitalRecoveryFactor, hourlyCost } from '../src/cost/hardware-cost';
import { priceRun } from '../src/cost/run-cost';
import { loadCostProfile } from '../src/cost/cost-profile.loader';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('token cost', () => {
  it.each([
    // $/h, tokens/s, $/Mtok = $/h × 1e6 / (tokens/s × 3600)
    [2.5, 1000, 0.694444],
    [3600, 1e6, 1],
    [98.32, 25_000, 1.092444], // an 8×H100 on-demand price at 25k tok/s
  ])('$%s/h at %s tok/s → $%s/Mtok', (usdPerHour, tps, expected) => {
    expect(usdPerMillionTokens(usdPerHour, tps)).toBeCloseTo(expected, 5);
  });

  it('is undefined without throughput', () => {
    expect(usdPerMillionTokens(2, 0)).toBeNull();
    expect(usdPerMillionTokens(2, null)).toBeNull();
  });

  it('prices input, output and total on usage and allocation bases (worked example)', () => {
    const r = tokenCostBases(4, { inputTokensPerS: 2000, outputTokensPerS: 1000 }, 0.5);
    expect(r.usage.inputUsdPerMtok).toBeCloseTo(0.5556, 4);
    expect(r.usage.outputUsdPerMtok).toBeCloseTo(1.1111, 4);
    expect(r.usage.totalUsdPerMtok).toBeCloseTo(0.3704, 4);
    expect(r.allocation.outputUsdPerMtok).toBeCloseTo(2.2222, 4);
    expect(r.allocation.totalUsdPerMtok).toBeCloseTo(0.7407, 4);
    expect(() => tokenCostBases(4, { inputTokensPerS: 1, outputTokensPerS: 1 }, 1.5)).toThrow(
      /utilisation must be in \(0, 1\]/,
    );
    expect(breakEvenUtilisation(4, 1000, 2)).toBeCloseTo(0.5556, 4);
  });
});

describe('hardware cost', () => {
  it('capital recovery factor matches annuity tables', () => {
    // Standard CRF table values: 8% over 3 years 0.38803, 10% over 5 years 0.26380.
    expect(capitalRecoveryFactor(0.08, 3)).toBeCloseTo(0.38803, 5);
    expect(capitalRecoveryFactor(0.1, 5)).toBeCloseTo(0.2638, 4);
    expect(capitalRecoveryFactor(0, 4)).toBe(0.25);
  });

  it('annualises capex with a discounted residual, reducing to straight line at r = 0', () => {
    expect(capexPerYear(30_000, 6_000, 4)).toBe(6_000);
    expect(capexPerYear(30_000, 6_000, 4, 0.08)).toBeCloseTo(7726.1, 1);
  });

  it('hourly cost adds capital, energy × PUE, maintenance and hosting (worked example)', () => {
    const c = hourlyCost({
      capexUsd: 30_000,
      residualUsd: 6_000,
      years: 4,
      powerKw: 0.7,
      pue: 1.4,
      usdPerKwh: 0.12,
    });
    expect(c.capitalUsdPerHour).toBeCloseTo(0.68493, 5);
    expect(c.energyUsdPerHour).toBeCloseTo(0.1176, 6);
    expect(c.totalUsdPerHour).toBeCloseTo(0.80253, 5);
    expect(() => hourlyCost({ capexUsd: 1, years: 1, powerKw: 1, pue: 0.9, usdPerKwh: 0.1 })).toThrow(
      /pue must be >= 1/,
    );
  });

  it('a run priced from a profile uses the measured power when there is one', () => {
    const profile = {
      capexUsd: 30_000,
      residualUsd: 6_000,
      years: 4,
      powerKw: 0.7,
      pue: 1.4,
      usdPerKwh: 0.12,
    };
    const measured = priceRun(
      { kind: 'profile', profile, powerSource: 'profile' },
      { inputTokensPerS: null, outputTokensPerS: 1000 },
      { measuredPowerW: 350 },
    );
    expect(measured.source).toMatchObject({ powerSource: 'measured', profile: { powerKw: 0.35 } });
    expect(measured.usdPerHour).toBeCloseTo(0.68493 + 0.35 * 1.4 * 0.12, 5);
    expect(measured.usage.outputUsdPerMtok).toBeCloseTo((measured.usdPerHour * 1e6) / 3.6e6, 9);
    const flat = priceRun(
      { kind: 'hourly', usdPerHour: 2 },
      { inputTokensPerS: null, outputTokensPerS: 500 },
    );
    expect(flat.usage.outputUsdPerMtok).toBeCloseTo(1.1111, 4);
    expect(flat.usage.inputUsdPerMtok).toBeNull();
  });
});

describe('cost profile file', () => {
  it('loads snake_case YAML and names the file and field on errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cost-'));
    try {
      const good = path.join(dir, 'h100.yaml');
      writeFileSync(
        good,
        'capex_usd: 30000\nresidual_usd: 6000\nyears: 4\npower_kw: 0.7\npue: 1.4\nusd_per_kwh: 0.12\n',
      );
      expect(hourlyCost(loadCostProfile(good)).totalUsdPerHour).toBeCloseTo(0.80253, 5);
      const bad = path.join(dir, 'bad.yaml');
      writeFileSync(bad, 'capex_usd: -1\nyears: 4\npower_kw: 0.7\npue: 0.5\nusd_per_kwh: 0.12\nwatts: 3\n');
      expect(() => loadCostProfile(bad)).toThrow(new RegExp(`${bad}: invalid cost profile`));
      expect(() => loadCostProfile(bad)).toThrow(
        /- capex_usd: .*>=0[\s\S]*- pue: [\s\S]*Unrecognized key: "watts"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
