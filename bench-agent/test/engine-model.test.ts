import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/engine/backend.service';
import { MODEL_PRESETS, paramCount } from '../src/engine/model-config';
import { TransformerModel } from '../src/engine/transformer.model';
import { decode, encode } from '../src/engine/tokenizer';

const tiny = MODEL_PRESETS.tiny;
const prompt = encode('The quick brown fox jumps over the lazy dog.');

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

async function lastLogits(model: TransformerModel, tokens: number[]): Promise<Float32Array> {
  const { logits, cache } = await model.prefill(tokens);
  model.disposeCache(cache);
  return logits;
}

describe('TransformerModel (tiny, cpu backend)', () => {
  beforeAll(async () => {
    expect((await selectBackend('cpu')).backend).toBe('cpu');
  });

  it('counts parameters from the architecture (small preset worked by hand: 4,196,608)', () => {
    // 4096·256 embedding + 4 · (256·256·2 + 256·128·2 + 256·768·3 + 2·256) + 256
    expect(paramCount(MODEL_PRESETS.small)).toBe(4_196_608);
    expect(paramCount(tiny)).toBe(512 * 64 + 2 * (64 * 64 * 2 + 64 * 32 * 2 + 64 * 192 * 3 + 128) + 64);
  });

  it('decoding with the KV cache matches a full prefill, and earlier tokens matter', async () => {
    const model = new TransformerModel(tiny, 'fp32', 7);
    const full = await lastLogits(model, prompt);
    const head = await model.prefill(prompt.slice(0, -1));
    const [stepped] = await model.decode([{ token: prompt.at(-1)!, cache: head.cache }]);
    model.disposeCache(head.cache);
    expect(maxAbsDiff(full, stepped!)).toBeLessThan(1e-4);
    const changedStart = await lastLogits(model, [prompt[0]!, 120, ...prompt.slice(2)]);
    expect(maxAbsDiff(full, changedStart)).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('same seed gives identical logits; a different seed gives different ones', async () => {
    const a = new TransformerModel(tiny, 'fp32', 11);
    const b = new TransformerModel(tiny, 'fp32', 11);
    const c = new TransformerModel(tiny, 'fp32', 12);
    const [la, lb, lc] = [
      await lastLogits(a, prompt),
      await lastLogits(b, prompt),
      await lastLogits(c, prompt),
    ];
    expect(Array.from(lb)).toEqual(Array.from(la));
    expect(maxAbsDiff(la, lc)).toBeGreaterThan(0.1);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('int8 logits stay close to fp32 and its weights take about a quarter of the bytes', async () => {
    const fp32 = new TransformerModel(tiny, 'fp32', 3);
    const int8 = new TransformerModel(tiny, 'int8', 3);
    let agreeing = 0;
    const prefixes = [8, 16, 24, 32, prompt.length];
    for (const length of prefixes) {
      const [lf, lq] = [
        await lastLogits(fp32, prompt.slice(0, length)),
        await lastLogits(int8, prompt.slice(0, length)),
      ];
      const range = Math.max(...lf) - Math.min(...lf);
      expect(maxAbsDiff(lf, lq) / range).toBeLessThan(0.03);
      if (argmax(lf) === argmax(lq)) agreeing += 1;
    }
    expect(agreeing).toBeGreaterThanOrEqual(prefixes.length - 1);
    // int8 values + one fp32 scale per output channel + fp32 norm weights.
    expect(int8.weightBytes / fp32.weightBytes).toBeGreaterThan(0.25);
    expect(int8.weightBytes / fp32.weightBytes).toBeLessThan(0.29);
    expect(fp32.weightBytes).toBe(fp32.paramCount * 4);
    fp32.dispose();
    int8.dispose();
  });
});

describe('yardstick-bytes tokenizer', () => {
  it('is BOS plus one id per UTF-8 byte, and decodes one character per token', () => {
    expect(encode('hé')).toEqual([256, 104, 195, 169]);
    expect(decode(encode('Hello, world!\n').slice(1))).toBe('Hello, world!\n');
    expect(decode([300, 0, 4095])).toHaveLength(3);
  });
});
