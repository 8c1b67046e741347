// $/Mtok against published worked examples:
// - GMI Cloud, "Cost Per Million Tokens Explained" (https://www.gmicloud.ai/en/blog/llm-inference-cost-per-million-tokens):
//   $2.00/h at 85 tok/s → ~$6.54; $2.60/h at 140 → ~$5.16; $2.00/h at 120 → ~$4.63; $2.00/h at 400 → ~$1.39.
// - R. Kashyap, "GPU cost per token" (https://rahulkashyap.dev/learn/llm-serving-economics/03-gpu-cost-per-token):
//   A100 at $1.29/h, 2,400 tok/s → ≈ $0.15/Mtok at full use, ≈ $0.21 at 70 % utilisation.
import { describe, expect, it } from 'vitest';
import { costPerMillionTokensAtRate } from '../../src/finance/hourly-cost.js';
import {
  blendedApiPrice,
  breakEvenUtilisation,
  monthlyDeviceCost,
  planCapacity,
} from '../../src/finance/inference-cost.js';

const costPerMillionTokens = (usdPerHour: number, tps: number) =>
  costPerMillionTokensAtRate(usdPerHour, tps)!;

describe('$/Mtok', () => {
  it.each([
    { usdPerHour: 2.0, tps: 85, published: 6.54 },
    { usdPerHour: 2.6, tps: 140, published: 5.16 },
    { usdPerHour: 2.0, tps: 120, published: 4.63 },
    { usdPerHour: 2.0, tps: 400, published: 1.39 },
    { usdPerHour: 1.29, tps: 2400, published: 0.15 },
  ])('$usdPerHour $/h at $tps tok/s ≈ $published', ({ usdPerHour, tps, published }) => {
    expect(costPerMillionTokens(usdPerHour, tps)).toBeCloseTo(published, 2);
  });

  it('utilisation haircut: $1.29/h, 2,400 tok/s busy 70 % → ≈ $0.21', () => {
    expect(costPerMillionTokens(1.29, 2400 * 0.7)).toBeCloseTo(0.21, 2);
  });

  it('break-even utilisation equals device $/Mtok ÷ API $/Mtok', () => {
    expect(breakEvenUtilisation(2, 1000, 1)).toBeCloseTo(2e6 / 3.6e6, 12);
    // At U*, the device's usage-basis cost per token equals the API price.
    const u = breakEvenUtilisation(2.6, 140, 10);
    expect(costPerMillionTokens(2.6, 140 * u)).toBeCloseTo(10, 9);
    expect(() => breakEvenUtilisation(2, 1000, 0)).toThrow(/apiCostPerMtok/);
  });

  it('blends API prices 3:1 like Artificial Analysis', () => {
    expect(blendedApiPrice(3, 15)).toBe(6);
  });
});

describe('capacity planning', () => {
  it('devices = ceil(peak × (1 + headroom) / per-device tok/s)', () => {
    const p = planCapacity({
      tasksPerMonth: 1e6,
      tokensPerTask: 500,
      peakToAverage: 3,
      tokensPerSecondPerDevice: 1000,
    });
    expect(p.averageTokensPerSecond).toBeCloseTo(5e8 / (730 * 3600), 9);
    expect(p.peakTokensPerSecond).toBeCloseTo((3 * 5e8) / (730 * 3600), 9);
    expect(p.devices).toBe(1);
    const big = planCapacity({
      tasksPerMonth: 2e7,
      tokensPerTask: 500,
      peakToAverage: 3,
      tokensPerSecondPerDevice: 1000,
      headroomFraction: 0.25,
    });
    expect(big.devices).toBe(Math.ceil((3 * 1e10 * 1.25) / (730 * 3600) / 1000));
    expect(
      planCapacity({ tasksPerMonth: 0, tokensPerTask: 500, peakToAverage: 2, tokensPerSecondPerDevice: 10 })
        .devices,
    ).toBe(0);
  });

  it('allocation basis counts idle hours, usage basis only busy ones', () => {
    const c = monthlyDeviceCost(2, 2, 1e8, 1000);
    expect(c.allocationBasis).toBeCloseTo(2 * 2 * 730, 9);
    expect(c.usageBasis).toBeCloseTo((1e8 / 1000 / 3600) * 2, 9);
    expect(c.usageBasis).toBeLessThan(c.allocationBasis);
  });
});
