import * as tf from '@tensorflow/tfjs';
import { Fp16Linear, Int4Linear, widenedMatMul } from './low-bit-linear';
import type { QuantizationLevel } from './quantization-levels';

export {
  QUANTIZATION_LEVELS,
  quantizationInfo,
  resolveQuantization,
  type QuantizationInfo,
  type QuantizationLevel,
} from './quantization-levels';

/** A linear layer y = x · W with W of shape [inputs, outputs]. */
export interface LinearWeight {
  readonly inputs: number;
  readonly outputs: number;
  /** Bytes the stored weights occupy (quantized values + scales). */
  readonly weightBytes: number;
  /** x [n, inputs] -> [n, outputs]. Call inside tf.tidy. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** Rows of Wᵀ for the given output ids: [ids.length, inputs]. Used for the tied embedding. */
  gatherColumns(ids: readonly number[]): tf.Tensor2D;
  dispose(): void;
}

/** Builds a linear layer at a quantization level from fp32 weights laid out row-major [inputs][outputs]. */
export function createLinear(
  level: QuantizationLevel,
  weights: Float32Array,
  inputs: number,
  outputs: number,
): LinearWeight {
  if (weights.length !== inputs * outputs)
    throw new Error(`weights: expected ${inputs * outputs} values, got ${weights.length}`);
  switch (level) {
    case 'fp32':
      return new Fp32Linear(weights, inputs, outputs);
    case 'fp16':
      return new Fp16Linear(weights, inputs, outputs);
    case 'int8':
      return new Int8Linear(weights, inputs, outputs);
    case 'int4':
      return new Int4Linear(weights, inputs, outputs);
  }
}

class Fp32Linear implements LinearWeight {
  readonly weightBytes: number;
  private readonly w: tf.Tensor2D;

  constructor(
    weights: Float32Array,
    readonly inputs: number,
    readonly outputs: number,
  ) {
    this.w = tf.tensor2d(weights, [inputs, outputs]);
    this.weightBytes = weights.length * 4;
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.w);
  }

  gatherColumns(ids: readonly number[]): tf.Tensor2D {
    return tf.transpose(tf.gather(this.w, tf.tensor1d(ids as number[], 'int32'), 1));
  }

  dispose(): void {
    this.w.dispose();
  }
}

/**
 * Weight-only int8: symmetric, one fp32 scale per output channel (scale = max|w| / 127). The
 * int8 values live in a JS Int8Array (tfjs has no int8 dtype); each call widens them to an fp32
 * tensor of integer values, multiplies, then applies the scales to the output columns:
 * x · (Q ⊙ s) = (x · Q) ⊙ s. The fp32 copy exists only for the duration of one matmul.
 */
class Int8Linear implements LinearWeight {
  readonly weightBytes: number;
  /** Quantized weights stored transposed, [outputs][inputs]: one contiguous row per output channel. */
  private readonly q: Int8Array;
  private readonly scales: Float32Array;
  private readonly scalesTensor: tf.Tensor1D;

  constructor(
    weights: Float32Array,
    readonly inputs: number,
    readonly outputs: number,
  ) {
    this.q = new Int8Array(inputs * outputs);
    this.scales = new Float32Array(outputs);
    for (let j = 0; j < outputs; j++) {
      let absMax = 0;
      for (let i = 0; i < inputs; i++) absMax = Math.max(absMax, Math.abs(weights[i * outputs + j]!));
      const scale = absMax / 127 || 1;
      this.scales[j] = scale;
      for (let i = 0; i < inputs; i++) {
        this.q[j * inputs + i] = Math.max(-127, Math.min(127, Math.round(weights[i * outputs + j]! / scale)));
      }
    }
    this.scalesTensor = tf.tensor1d(this.scales);
    this.weightBytes = this.q.length + this.scales.length * 4;
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    // Native int8 -> fp32 widening (~14 µs per 176k weights), in blocks; [outputs, inputs] with
    // transposeB measured 3-10x faster than [inputs, outputs] on wasm, whose XNNPACK matmul
    // re-packs a weight tensor it has not seen before.
    const q = this.q;
    const inputs = this.inputs;
    const product = widenedMatMul(x, this.outputs, inputs, (first, rows, out) =>
      out.set(q.subarray(first * inputs, (first + rows) * inputs)),
    );
    return tf.mul(product, this.scalesTensor);
  }

  gatherColumns(ids: readonly number[]): tf.Tensor2D {
    const out = new Float32Array(ids.length * this.inputs);
    ids.forEach((id, row) => {
      const scale = this.scales[id]!;
      for (let i = 0; i < this.inputs; i++)
        out[row * this.inputs + i] = this.q[id * this.inputs + i]! * scale;
    });
    return tf.tensor2d(out, [ids.length, this.inputs]);
  }

  dispose(): void {
    this.scalesTensor.dispose();
  }
}
