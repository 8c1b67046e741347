/**
 * TypeScript ports of llama.cpp's reference quantizers (ggml/src/ggml-quants.c: quantize_row_q4_0_ref,
 * quantize_row_q8_0_ref; the K-quants are in ggml-kquants.ts), as shipped in node-llama-cpp 3.21.1
 * (llama.cpp bundle commit 80fb11ac73e66d89eae2c6a91d8a77428fa733ed, ggml 0.4.0). They are what
 * `llama-quantize` runs when no importance matrix is given (quantize_q4_0 → quantize_row_q4_0_ref).
 *
 * C evaluates every `float` expression in float32 (x86-64 SSE, no FMA contraction in ggml-base), so
 * each operation here is rounded with Math.fround in the same order: the blocks come out bit for
 * bit equal (bench-agent/test/gguf-quants.test.ts compares them with the shipped libggml-base).
 */
import { GGML_TYPES, rowBytes, type GgmlTypeName } from './ggml-types';
import { f, halfBits, roundf } from './ggml-float';
import { quantizeQ4K, quantizeQ5K, quantizeQ6K } from './ggml-kquants';

/**
 * quantize_row_q4_0_ref: per 32 weights, d = max / −8 where max is the value of largest magnitude
 * (first one on ties), q = min(15, trunc(x/d + 8.5)), stored as 16 bytes of nibbles (weight j in
 * the low nibble of byte j, weight j+16 in the high one) after the fp16 d.
 *
 * Example: a block whose largest value is −1 gets d = 0.125; x = 0.5 → trunc(4 + 8.5) = 12.
 */
export function quantizeQ4_0(x: Float32Array, out: Uint8Array, outOffset: number): void {
  const view = new DataView(out.buffer, out.byteOffset);
  for (let block = 0; block < x.length / 32; block++) {
    const base = block * 32;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < 32; j++) {
      const v = x[base + j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = f(max / -8);
    const id = d ? f(1 / d) : 0;
    const at = outOffset + block * 18;
    view.setUint16(at, halfBits(d), true);
    for (let j = 0; j < 16; j++) {
      const x0 = f(x[base + j]! * id);
      const x1 = f(x[base + 16 + j]! * id);
      const q0 = Math.min(15, Math.trunc(f(x0 + 8.5)));
      const q1 = Math.min(15, Math.trunc(f(x1 + 8.5)));
      out[at + 2 + j] = q0 | (q1 << 4);
    }
  }
}

/**
 * quantize_row_q8_0_ref: per 32 weights, d = amax / 127, q = roundf(x / d) (half away from zero).
 * Example: amax 127 → d = 1; x = 2.5 → 3, x = −2.5 → −3.
 */
export function quantizeQ8_0(x: Float32Array, out: Uint8Array, outOffset: number): void {
  const view = new DataView(out.buffer, out.byteOffset);
  for (let block = 0; block < x.length / 32; block++) {
    const base = block * 32;
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[base + j]!));
    const d = f(amax / 127);
    const id = d ? f(1 / d) : 0;
    const at = outOffset + block * 34;
    view.setUint16(at, halfBits(d), true);
    for (let j = 0; j < 32; j++) view.setInt8(at + 2 + j, roundf(f(x[base + j]! * id)));
  }
}

/**
 * Converts `rows` rows of `rowLength` fp32 weights (row-major) to a ggml type, returning the bytes
 * GGUF stores for the tensor. F16 rounds to nearest even like ggml_fp32_to_fp16_row.
 */
export function quantizeRows(type: GgmlTypeName, x: Float32Array, rowLength: number): Uint8Array {
  const rows = x.length / rowLength;
  if (!Number.isInteger(rows))
    throw new Error(`${type}: ${x.length} weights do not fill rows of ${rowLength}`);
  const perRow = rowBytes(type, rowLength);
  const out = new Uint8Array(rows * perRow);
  switch (type) {
    case 'F32':
      out.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
      return out;
    case 'F16': {
      const view = new DataView(out.buffer);
      for (let i = 0; i < x.length; i++) view.setUint16(i * 2, halfBits(x[i]!), true);
      return out;
    }
    default: {
      // Blocks never straddle rows (rowLength is a multiple of the block), so one pass covers all.
      const quantize = BLOCK_QUANTIZERS[type];
      quantize(x, out, 0);
      return out;
    }
  }
}

const BLOCK_QUANTIZERS: Record<
  Exclude<GgmlTypeName, 'F32' | 'F16'>,
  (x: Float32Array, out: Uint8Array, outOffset: number) => void
> = {
  Q4_0: quantizeQ4_0,
  Q8_0: quantizeQ8_0,
  Q4_K: quantizeQ4K,
  Q5_K: quantizeQ5K,
  Q6_K: quantizeQ6K,
};

/** Stored bytes per weight of a type: Q4_0 = 18 / 32 = 0.5625. */
export function bytesPerWeight(type: GgmlTypeName): number {
  return GGML_TYPES[type].blockBytes / GGML_TYPES[type].blockSize;
}
