import * as tf from '@tensorflow/tfjs';
import { HALF_TO_FLOAT, toHalfArray, toHalfBits } from './half-float';
import type { LinearWeight } from './quantization';
import { INT4_GROUP_SIZE } from './quantization-levels';

/**
 * Reused fp32 buffers for widening, one per length. Safe to share because each widened tensor is
 * consumed by one synchronous matmul before the buffer is written again (the wasm backend copies
 * on upload; the cpu backend reads it during the matmul and never again).
 */
const scratchBuffers = new Map<number, Float32Array>();
export function scratchBuffer(length: number): Float32Array {
  let buffer = scratchBuffers.get(length);
  if (!buffer) scratchBuffers.set(length, (buffer = new Float32Array(length)));
  return buffer;
}

/** Largest block of weights widened to fp32 at once: 32 Mi weights = 128 MiB of the wasm heap. */
export const MAX_WIDENED_WEIGHTS = 32 * 1024 * 1024;

/**
 * x [n, inputs] · Wᵀ for a weight stored as rows [outputs][inputs] that must be widened to fp32:
 * `fill(firstRow, rowCount, out)` writes fp32 rows into `out`; each block of at most
 * {@link MAX_WIDENED_WEIGHTS} weights is uploaded, multiplied (transposeB: XNNPACK takes
 * [outputs, inputs] as is) and freed at once, so the fp32 copy and XNNPACK's packed copy of it never
 * outlive one matmul (inside a tidy they would otherwise pile up until its end: the whole model in
 * fp32 twice over, beyond the wasm heap for llama-3.2-1b). Large layers (an LM head of 128k × 2048)
 * go in several blocks whose outputs are concatenated.
 */
export function widenedMatMul(
  x: tf.Tensor2D,
  outputs: number,
  inputs: number,
  fill: (firstRow: number, rowCount: number, out: Float32Array) => void,
  maxWidenedWeights = MAX_WIDENED_WEIGHTS,
): tf.Tensor2D {
  const rowsPerBlock = Math.max(1, Math.floor(maxWidenedWeights / inputs));
  const parts: tf.Tensor2D[] = [];
  for (let first = 0; first < outputs; first += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, outputs - first);
    const widened = scratchBuffer(rows * inputs);
    fill(first, rows, widened);
    const w = tf.tensor2d(widened, [rows, inputs]);
    parts.push(tf.matMul(x, w, false, true));
    w.dispose();
  }
  if (parts.length === 1) return parts[0]!;
  const product = tf.concat(parts, 1);
  tf.dispose(parts);
  return product;
}

/**
 * Weights stored as fp16 (a Uint16Array, 2 bytes per weight), laid out [outputs][inputs]. No
 * backend here computes in fp16, so each matmul widens to fp32 through a lookup table and
 * multiplies with transposeB (XNNPACK takes [outputs, inputs] without a transpose).
 */
export class Fp16Linear implements LinearWeight {
  readonly weightBytes: number;
  private readonly half: Uint16Array;

  constructor(
    weights: Float32Array,
    readonly inputs: number,
    readonly outputs: number,
  ) {
    this.half = toHalfArray(transposeToRows(weights, inputs, outputs));
    this.weightBytes = this.half.length * 2;
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    const { half, inputs } = this;
    return widenedMatMul(x, this.outputs, inputs, (first, rows, out) => {
      const offset = first * inputs;
      for (let i = 0; i < rows * inputs; i++) out[i] = HALF_TO_FLOAT[half[offset + i]!]!;
    });
  }

  gatherColumns(ids: readonly number[]): tf.Tensor2D {
    const out = new Float32Array(ids.length * this.inputs);
    ids.forEach((id, row) => {
      for (let i = 0; i < this.inputs; i++)
        out[row * this.inputs + i] = HALF_TO_FLOAT[this.half[id * this.inputs + i]!]!;
    });
    return tf.tensor2d(out, [ids.length, this.inputs]);
  }

  dispose(): void {}
}

/** Nibble n (0..15) holds q + 8 with q in -7..7; these give q for a byte's low and high nibble. */
const LOW_NIBBLE = new Float32Array(256).map((_, b) => (b & 15) - 8);
const HIGH_NIBBLE = new Float32Array(256).map((_, b) => (b >>> 4) - 8);

/**
 * Weight-only int4 with group-wise scales: along each output channel's inputs, every group of
 * {@link INT4_GROUP_SIZE} weights shares one fp16 scale (absMax / 7, symmetric, q in -7..7). Two
 * weights per byte, so 0.5 + 2/32 = 0.5625 bytes per weight (4.5 bits, like llama.cpp's Q4_0);
 * a row whose length is not a multiple of 32 ends with one shorter group.
 * Per-group scales vary along the reduction axis, so they cannot be applied after the matmul as
 * int8's per-channel scales are: each call dequantizes to fp32 (q · scale) and multiplies in fp32.
 *
 * Example: group [0.7, -0.35, 0, ...] with absMax 0.7 -> scale 0.1, q = [7, -4 (rounded -3.5), 0].
 */
export class Int4Linear implements LinearWeight {
  readonly weightBytes: number;
  /** [outputs][inputs / 2]: weight 2k in the low nibble, 2k+1 in the high nibble. */
  private readonly packed: Uint8Array;
  /** fp32 copies of the fp16-rounded scales, [outputs][groups]; counted as 2 bytes each. */
  private readonly scales: Float32Array;
  private readonly groupsPerRow: number;

  constructor(
    weights: Float32Array,
    readonly inputs: number,
    readonly outputs: number,
  ) {
    if (inputs % 2 !== 0) throw new Error(`int4: inputs (${inputs}) must be even (two weights per byte)`);
    // A row whose length is not a multiple of the group size ends with one shorter group.
    this.groupsPerRow = Math.ceil(inputs / INT4_GROUP_SIZE);
    this.packed = new Uint8Array((inputs * outputs) / 2);
    this.scales = new Float32Array(outputs * this.groupsPerRow);
    const rows = transposeToRows(weights, inputs, outputs);
    const q = new Int8Array(INT4_GROUP_SIZE);
    for (let j = 0; j < outputs; j++) {
      for (let g = 0; g < this.groupsPerRow; g++) {
        const start = j * inputs + g * INT4_GROUP_SIZE;
        const length = Math.min(INT4_GROUP_SIZE, inputs - g * INT4_GROUP_SIZE);
        let absMax = 0;
        for (let k = 0; k < length; k++) absMax = Math.max(absMax, Math.abs(rows[start + k]!));
        const scale = HALF_TO_FLOAT[toHalfBits(absMax / 7 || 1)]!;
        this.scales[j * this.groupsPerRow + g] = scale;
        for (let k = 0; k < length; k++)
          q[k] = Math.max(-7, Math.min(7, Math.round(rows[start + k]! / scale)));
        for (let k = 0; k < length; k += 2)
          this.packed[(start + k) / 2] = (q[k]! + 8) | ((q[k + 1]! + 8) << 4);
      }
    }
    this.weightBytes = this.packed.length + this.scales.length * 2;
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return widenedMatMul(x, this.outputs, this.inputs, (first, rows, out) =>
      this.dequantizeRows(first, rows, out),
    );
  }

  gatherColumns(ids: readonly number[]): tf.Tensor2D {
    const out = new Float32Array(ids.length * this.inputs);
    ids.forEach((id, row) => this.dequantizeRows(id, 1, out.subarray(row * this.inputs)));
    return tf.tensor2d(out, [ids.length, this.inputs]);
  }

  dispose(): void {}

  /** Writes fp32 values of output rows first..first+count-1 into out (row-major, inputs wide). */
  private dequantizeRows(first: number, count: number, out: Float32Array): void {
    const { packed, scales, groupsPerRow, inputs } = this;
    let o = 0;
    let byte = (first * inputs) / 2;
    for (let row = first; row < first + count; row++) {
      for (let g = 0; g < groupsPerRow; g++) {
        const scale = scales[row * groupsPerRow + g]!;
        const pairs = Math.min(INT4_GROUP_SIZE, inputs - g * INT4_GROUP_SIZE) / 2;
        for (let k = 0; k < pairs; k++, byte++) {
          const b = packed[byte]!;
          out[o++] = LOW_NIBBLE[b]! * scale;
          out[o++] = HIGH_NIBBLE[b]! * scale;
        }
      }
    }
  }
}

/** Row-major [inputs][outputs] -> [outputs][inputs]: one contiguous row per output channel. */
function transposeToRows(weights: Float32Array, inputs: number, outputs: number): Float32Array {
  const rows = new Float32Array(weights.length);
  for (let i = 0; i < inputs; i++)
    for (let j = 0; j < outputs; j++) rows[j * inputs + i] = weights[i * outputs + j]!;
  return rows;
}
