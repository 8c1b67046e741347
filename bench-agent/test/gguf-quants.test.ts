/**
 * The TypeScript quantizers against llama.cpp's own: every block must be byte for byte what
 * libggml-base (shipped in node-llama-cpp 3.21.1's prebuilt package) writes through
 * ggml_quantize_chunk, on the edge cases where a port goes wrong (all-zero, constant, exact .5
 * ties, tiny magnitudes, one dominant value, negative maxima) and on seeded weights.
 */
import { describe, expect, it } from 'vitest';
import { quantizeRows } from '../src/engine/gguf/ggml-quants';
import { GGML_TYPES, type GgmlTypeName } from '../src/engine/gguf/ggml-types';
import { SeededRandom } from '../src/engine/seeded-random';
import { ggmlOracle } from './support/ggml-oracle';

const oracle = ggmlOracle();
const ROW = 256; // a multiple of every block, K-quants included

function rows(count: number, value: (i: number) => number): Float32Array {
  return Float32Array.from({ length: count * ROW }, (_, i) => value(i));
}

const rng = new SeededRandom(17);
const normal = rng.normalArray(8 * ROW, 0.05);
const cases: Record<string, Float32Array> = {
  'all zero': new Float32Array(2 * ROW),
  'constant positive': rows(2, () => 0.3),
  'constant negative': rows(2, () => -0.7),
  // Q8_0: amax 127 -> d = 1, so x = k + 0.5 lands exactly on roundf's tie (away from zero).
  'q8 ties (k + 0.5, amax 127)': rows(2, (i) => (i % 32 === 0 ? 127 : (i % 31) - 15 + 0.5)),
  // Q4_0: max -8 -> d = 1, id = 1: x + 8.5 is an exact integer + 0.5 boundary for every x = k + 0.5.
  'q4 ties (k + 0.5, max -8)': rows(2, (i) => (i % 32 === 0 ? -8 : (i % 15) - 7 + 0.5)),
  'halves and quarters': rows(2, (i) => ((i % 17) - 8) * 0.5 + (i % 3) * 0.25),
  'tiny magnitudes (1e-20)': rng.normalArray(2 * ROW, 1e-20),
  'one spike per block': rows(4, (i) => (i % 97 === 0 ? 5 : Math.sin(i) * 0.01)),
  'wide dynamic range': Float32Array.from(
    rng.normalArray(4 * ROW, 1),
    (v, i) => v * Math.exp((i % ROW) / 20),
  ),
  'seeded weights (normal, std 0.05)': normal,
};

const TYPES: GgmlTypeName[] = ['F16', 'Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K'];

describe.skipIf('unavailable' in oracle)(
  `quantizers equal llama.cpp's reference ones ${'unavailable' in oracle ? `(skipped: ${oracle.unavailable})` : ''}`,
  () => {
    const ggml = oracle as Exclude<typeof oracle, { unavailable: string }>;
    for (const type of TYPES) {
      it(`${type}: every block byte-equal on ${Object.keys(cases).length} cases`, () => {
        for (const [name, values] of Object.entries(cases)) {
          const ours = quantizeRows(type, values, ROW);
          const theirs = ggml.quantize(GGML_TYPES[type].id, values, ROW);
          expect(ours.length, name).toBe(theirs.length);
          const first = ours.findIndex((byte, i) => byte !== theirs[i]);
          expect(first, `${type} ${name}: first differing byte`).toBe(-1);
        }
      });
    }

    it('the oracle is sensitive: one changed weight changes its block', () => {
      const changed = normal.slice();
      changed[40] = 1; // a new largest value: a new scale for its block
      const a = ggml.quantize(GGML_TYPES.Q4_0.id, normal, ROW);
      const b = ggml.quantize(GGML_TYPES.Q4_0.id, changed, ROW);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).not.toBe(0);
    });
  },
);

describe('quantizer layouts (worked by hand)', () => {
  it('Q8_0: amax 127 gives d = 1 (fp16 0x3c00) and half-away-from-zero rounding', () => {
    const block = Float32Array.from({ length: 32 }, (_, i) =>
      i === 0 ? 127 : i === 1 ? 2.5 : i === 2 ? -2.5 : 0,
    );
    const out = quantizeRows('Q8_0', block, 32);
    expect([out[0], out[1]]).toEqual([0x00, 0x3c]);
    expect(new Int8Array(out.buffer, 2, 3)).toEqual(Int8Array.from([127, 3, -3]));
  });

  it('Q4_0: max -8 gives d = 1 and q = min(15, trunc(x + 8.5)); weight j+16 in the high nibble', () => {
    const block = Float32Array.from({ length: 32 }, (_, i) => (i === 0 ? -8 : i === 16 ? 7 : 0));
    const out = quantizeRows('Q4_0', block, 32);
    // d = -8 / -8 = 1 -> fp16 0x3c00; x=-8 -> trunc(0.5) = 0; x=7 -> trunc(15.5) = 15; x=0 -> 8.
    expect([out[0], out[1]]).toEqual([0x00, 0x3c]);
    expect(out[2]).toBe(0 | (15 << 4));
    expect(out[3]).toBe(8 | (8 << 4));
  });

  it('rows that do not fill a block are refused naming the block size', () => {
    expect(() => quantizeRows('Q4_K', new Float32Array(576), 576)).toThrow(
      'Q4_K: rows of 576 weights are not a multiple of its 256-weight block',
    );
  });
});
