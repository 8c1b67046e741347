import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineServer, type RunningEngine } from '../src/engine';
import { MODEL_PRESETS } from '../src/engine/model-config';
import {
  costShape,
  decodeCost,
  decodeStepCost,
  phaseReport,
  prefillCost,
  prefillCostOf,
} from '../src/engine/roofline';

const small = MODEL_PRESETS.small;

describe('roofline accounting', () => {
  it('counts decode and prefill work from the model shape (small preset, worked by hand)', () => {
    // 2 · (3,145,728 block + 1,048,576 head) + 4 · 256 · 4 layers · 32 positions.
    expect(decodeStepCost(small, 1000, [31]).flops).toBe(8_519_680);
    // Weights once for the whole batch; each sequence reads its own cache (+1 new row).
    const kvPerToken = 2 * 4 * 4 * 32 * 4;
    expect(decodeStepCost(small, 1000, [31, 9]).bytes).toBe(1000 + kvPerToken * (32 + 10));
    expect(prefillCost(small, 1000, 32).flops).toBe(205_586_432);
    // llama.cpp keeps K and V in f16: half the cache bytes of the fp32 cache.
    const f16Shape = costShape(small, 1000, 2);
    expect(decodeCost(f16Shape, [31]).bytes).toBe(1000 + (kvPerToken / 2) * 32);
    expect(prefillCostOf(f16Shape, 32).flops).toBe(205_586_432);
  });

  it('reports achieved rates as fractions of the ceilings', () => {
    const ceilings = { backend: 'x', matmulFlopsPerS: 1e10, bandwidthBytesPerS: 1e10, method: '' };
    const report = phaseReport({ calls: 4, tokens: 8, seconds: 0.2, flops: 1e8, bytes: 1e9 }, ceilings);
    expect(report.bytesPerS).toBe(5e9);
    expect(report.bandwidthFraction).toBe(0.5);
    expect(report.flopsFraction).toBeCloseTo(0.05, 12);
    expect(report.boundFraction).toBeCloseTo(0.5, 12); // memory-bound: 0.1 s of 0.2 s
    expect(report.tokensPerS).toBe(40);
    // Without a compute ceiling (llama.cpp) the phase is judged on bandwidth alone.
    const bandwidthOnly = phaseReport(
      { calls: 4, tokens: 8, seconds: 0.2, flops: 1e12, bytes: 1e9 },
      { ...ceilings, matmulFlopsPerS: null },
    );
    expect(bandwidthOnly.flopsFraction).toBeNull();
    expect(bandwidthOnly.boundFraction).toBeCloseTo(0.5, 12);
  });
});

describe('engine roofline over HTTP (tiny, wasm)', () => {
  let engine: RunningEngine;
  beforeAll(async () => {
    engine = await startEngineServer({ preset: 'tiny', quantization: 'int4', seed: 1, backend: 'wasm' });
  });
  afterAll(async () => engine?.close());

  it('measures the ceilings at start and reports prefill and decode separately', async () => {
    const r = engine.info.roofline!;
    expect(r.backend).toBe('wasm');
    // Orders of magnitude only: a 2-core shared machine, single-threaded wasm.
    expect(r.matmulFlopsPerS).toBeGreaterThan(1e8);
    expect(r.matmulFlopsPerS).toBeLessThan(1e13);
    expect(r.bandwidthBytesPerS).toBeGreaterThan(1e8);
    expect(r.bandwidthBytesPerS).toBeLessThan(1e12);
    expect(await engine.performance()).toEqual({ prefill: null, decode: null });

    const body = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 5, temperature: 0 };
    await Promise.all(
      [1, 2, 3].map(() =>
        fetch(`${engine.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(body) }),
      ),
    );
    const { prefill, decode } = await engine.performance();
    // Each request: one prefill (first token), then 4 decode tokens.
    expect(prefill!.calls).toBe(3);
    expect(decode!.tokens).toBe(12);
    expect(decode!.calls).toBeLessThanOrEqual(12);
    for (const phase of [prefill!, decode!]) {
      expect(phase.flopsPerS).toBeGreaterThan(0);
      expect(phase.bandwidthFraction).toBeGreaterThan(0);
      expect(phase.boundFraction).toBeLessThan(1); // a 0.07 MB model is overhead-bound
    }
    const health = (await (await fetch(`${engine.url}/health`)).json()) as {
      performance: { decode: { tokens: number } };
      info: { storagePrecision: string; computePrecision: string };
    };
    expect(health.performance.decode.tokens).toBe(12);
    expect(health.info).toMatchObject({
      storagePrecision: 'int4 (groups of 32, fp16 scales)',
      computePrecision: 'fp32',
    });
  });
});
