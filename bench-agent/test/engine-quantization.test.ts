import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertModelFits, selectBackend } from '../src/engine/backend.service';
import { HALF_TO_FLOAT, toHalfBits } from '../src/engine/half-float';
import { MODEL_PRESETS, paramCount } from '../src/engine/model-config';
import { widenedMatMul } from '../src/engine/low-bit-linear';
import { createLinear } from '../src/engine/quantization';
import { INT4_GROUP_SIZE, quantizationInfo } from '../src/engine/quantization-levels';
import { SeededRandom } from '../src/engine/seeded-random';
import { TransformerModel } from '../src/engine/transformer.model';

beforeAll(async () => {
  expect((await selectBackend('cpu')).backend).toBe('cpu');
});

describe('fp16 conversion', () => {
  it('encodes known values exactly and rounds to nearest even', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(65504)).toBe(0x7bff); // largest finite half
    expect(toHalfBits(70000)).toBe(0x7c00); // overflow -> +Inf
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(2 ** -26)).toBe(0x0000); // underflow
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even mantissa
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (up)
    expect(HALF_TO_FLOAT[0x3555]).toBeCloseTo(1 / 3, 3);
  });

  it('round-trips any fp32 in range within half an fp16 ulp (relative 2^-11)', () => {
    const rng = new SeededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const value = (rng.next() - 0.5) * 2 ** (rng.next() * 20 - 8);
      const back = HALF_TO_FLOAT[toHalfBits(value)]!;
      expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25);
    }
  });
});

/** Dense fp32 reference: columns gathered from the layer itself give its dequantized W. */
function dequantized(layer: ReturnType<typeof createLinear>): Float32Array {
  const ids = Array.from({ length: layer.outputs }, (_, j) => j);
  return tf.tidy(() => tf.transpose(layer.gatherColumns(ids)).dataSync() as Float32Array);
}

describe('quantized linear layers', () => {
  // 40 inputs: one full group of 32 plus a short group of 8 per output channel.
  const [inputs, outputs] = [40, 24];
  const weights = new SeededRandom(2).normalArray(inputs * outputs, 0.2);

  it('int4 stores 4.5 bits per weight and each weight lands within half a group step', () => {
    const layer = createLinear('int4', weights, inputs, outputs);
    const groups = Math.ceil(inputs / INT4_GROUP_SIZE);
    expect(layer.weightBytes).toBe((inputs * outputs) / 2 + outputs * groups * 2);
    const w = dequantized(layer);
    for (let j = 0; j < outputs; j++) {
      for (let g = 0; g < groups; g++) {
        const rows = Array.from({ length: Math.min(32, inputs - g * 32) }, (_, k) => g * 32 + k);
        const absMax = Math.max(...rows.map((i) => Math.abs(weights[i * outputs + j]!)));
        for (const i of rows) {
          // scale = absMax / 7 (rounded to fp16, at most 2^-11 relative), error ≤ scale / 2.
          const error = Math.abs(w[i * outputs + j]! - weights[i * outputs + j]!);
          expect(error).toBeLessThanOrEqual((absMax / 7) * (0.5 + 2 ** -10));
        }
      }
    }
    layer.dispose();
  });

  it('fp16, int8 and int4 multiply exactly as x · (their dequantized W), in fp32', () => {
    const x = tf.tensor2d(new SeededRandom(3).normalArray(3 * inputs, 1), [3, inputs]);
    for (const level of ['fp16', 'int8', 'int4'] as const) {
      const layer = createLinear(level, weights, inputs, outputs);
      const reference = tf.matMul(x, tf.tensor2d(dequantized(layer), [inputs, outputs]));
      const got = layer.apply(x);
      const diff = tf.max(tf.abs(tf.sub(got, reference))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
      // ... and differ from fp32 by an amount that grows as bits shrink.
      const fp32 = tf.matMul(x, tf.tensor2d(weights, [inputs, outputs]));
      const error = tf.mean(tf.abs(tf.sub(got, fp32))).dataSync()[0]!;
      expect(error).toBeGreaterThan(0);
      expect(error).toBeLessThan({ fp16: 1e-3, int8: 1e-2, int4: 0.2 }[level]);
      layer.dispose();
    }
    x.dispose();
  });

  it('widens big layers in blocks (frees each right after its matmul) with the same result', () => {
    const rows = new SeededRandom(5).normalArray(outputs * inputs, 1); // [outputs][inputs]
    const x = tf.tensor2d(new SeededRandom(6).normalArray(2 * inputs, 1), [2, inputs]);
    const fill = (first: number, count: number, out: Float32Array) =>
      out.set(rows.subarray(first * inputs, (first + count) * inputs));
    const before = tf.memory().numTensors;
    const blocked = widenedMatMul(x, outputs, inputs, fill, 5 * inputs); // 5 rows per block: 5 blocks
    expect(tf.memory().numTensors - before).toBe(1); // only the result survives: blocks are freed
    const dense = tf.matMul(x, tf.tensor2d(rows, [outputs, inputs]), false, true);
    expect(blocked.shape).toEqual([2, outputs]);
    expect(tf.max(tf.abs(tf.sub(blocked, dense))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, blocked, dense]);
  });

  it('records storage and compute precision separately: compute is fp32 at every level', () => {
    expect(quantizationInfo('int4')).toEqual({
      quantization: 'int4',
      storagePrecision: 'int4 (groups of 32, fp16 scales)',
      computePrecision: 'fp32',
    });
    expect(quantizationInfo('fp16').computePrecision).toBe('fp32');
  });

  it('model weight bytes shrink by level: fp16 ≈ 1/2, int4 ≈ 0.14 of fp32 (tiny preset)', () => {
    const bytes = Object.fromEntries(
      (['fp32', 'fp16', 'int4'] as const).map((level) => {
        const model = new TransformerModel(MODEL_PRESETS.tiny, level, 4);
        model.dispose();
        return [level, model.weightBytes];
      }),
    );
    expect(bytes.fp16! / bytes.fp32!).toBeCloseTo(0.5, 2);
    // 0.5625 / 4 = 0.1406 for weights; fp32 norm gains add a little.
    expect(bytes.int4! / bytes.fp32!).toBeGreaterThan(0.14);
    expect(bytes.int4! / bytes.fp32!).toBeLessThan(0.145);
  });
});

describe('real-model presets', () => {
  it('count the published parameters of the models whose shapes they copy', () => {
    expect(paramCount(MODEL_PRESETS['smollm-135m'])).toBe(134_515_008);
    expect(paramCount(MODEL_PRESETS['llama-3.2-1b'])).toBe(1_235_814_400);
    // Qwen2.5-0.5B publishes 494,032,768 including q/k/v biases (24 · (896 + 128 + 128)).
    expect(paramCount(MODEL_PRESETS['qwen2.5-0.5b']) + 24 * (896 + 2 * 128)).toBe(494_032_768);
  });

  it('refuse a model the wasm heap cannot hold, naming the field and the fix', () => {
    const fp32Bytes = (preset: keyof typeof MODEL_PRESETS) => paramCount(MODEL_PRESETS[preset]) * 4;
    expect(() => assertModelFits('wasm', 'qwen2.5-0.5b', 'fp32', fp32Bytes('qwen2.5-0.5b'))).toThrow(
      /^quantization: preset 'qwen2.5-0.5b' at fp32 needs ~3\.95 GB on the wasm backend.*use --quantization fp16, int8 or int4/,
    );
    expect(() => assertModelFits('wasm', 'smollm-135m', 'fp32', fp32Bytes('smollm-135m'))).not.toThrow();
    expect(() => assertModelFits('wasm', 'llama-3.2-1b', 'int4', fp32Bytes('llama-3.2-1b'))).not.toThrow();
    expect(() => assertModelFits('cpu', 'llama-3.2-1b', 'fp32', fp32Bytes('llama-3.2-1b'))).not.toThrow();
  });
});
