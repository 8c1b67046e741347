import * as tf from '@tensorflow/tfjs';

/**
 * Weight quantization levels. Each level decides how a linear layer's weights are stored; compute
 * stays fp32 on every tfjs backend (no int8 kernels there), so int8 saves memory, not arithmetic.
 * Add int4/fp16 by adding a level here and a {@link LinearWeight} implementation below.
 */
export type QuantizationLevel = 'fp32' | 'int8';

export const QUANTIZATION_LEVELS: readonly QuantizationLevel[] = ['fp32', 'int8'];

export interface QuantizationInfo {
  quantization: QuantizationLevel;
  storagePrecision: string;
  computePrecision: string;
}

/** What each level stores and computes in, recorded with every result. */
export function quantizationInfo(level: QuantizationLevel): QuantizationInfo {
  switch (level) {
    case 'fp32':
      return { quantization: 'fp32', storagePrecision: 'fp32', computePrecision: 'fp32' };
    case 'int8':
      return { quantization: 'int8', storagePrecision: 'int8', computePrecision: 'fp32' };
  }
}

/** Validates a quantization option, naming the field and the allowed values on failure. */
export function resolveQuantization(level: string | undefined): QuantizationLevel {
  const name = level ?? 'fp32';
  if (!QUANTIZATION_LEVELS.includes(name as QuantizationLevel)) {
    throw new Error(`quantization: unknown level '${name}'; use one of ${QUANTIZATION_LEVELS.join(', ')}`);
  }
  return name as QuantizationLevel;
}

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
  return level === 'int8'
    ? new Int8Linear(weights, inputs, outputs)
    : new Fp32Linear(weights, inputs, outputs);
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
/**
 * Reused fp32 buffers for widening, one per length. Safe to share because each widened tensor is
 * consumed by one synchronous matmul before the buffer is written again (the wasm backend copies
 * on upload; the cpu backend reads it during the matmul and never again).
 */
const scratchBuffers = new Map<number, Float32Array>();
function scratchBuffer(length: number): Float32Array {
  let buffer = scratchBuffers.get(length);
  if (!buffer) scratchBuffers.set(length, (buffer = new Float32Array(length)));
  return buffer;
}

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
    const widened = scratchBuffer(this.q.length);
    widened.set(this.q); // native int8 -> fp32 widening (~14 µs per 176k weights)
    // [outputs, inputs] with transposeB: measured 3-10x faster than [inputs, outputs] on wasm, whose
    // XNNPACK matmul re-packs a weight tensor it has not seen before.
    const w = tf.tensor2d(widened, [this.outputs, this.inputs]);
    return tf.mul(tf.matMul(x, w, false, true), this.scalesTensor);
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
