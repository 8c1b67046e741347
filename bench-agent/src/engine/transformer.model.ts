import * as tf from '@tensorflow/tfjs';
import { blockLinearShapes, headDim, paramCount, type ModelConfig } from './model-config';
import { createLinear, type LinearWeight, type QuantizationLevel } from './quantization';
import { SeededRandom } from './seeded-random';

interface Block {
  attnNorm: tf.Tensor1D;
  mlpNorm: tf.Tensor1D;
  linear: Record<'wq' | 'wk' | 'wv' | 'wo' | 'wGate' | 'wUp' | 'wDown', LinearWeight>;
}

/** Per-sequence KV cache: per layer, keys and values of shape [kvHeads, length, headDim]. */
export interface SequenceCache {
  keys: tf.Tensor3D[];
  values: tf.Tensor3D[];
  length: number;
}

/** One sequence's slot in a batched decode step: the token to feed and its cache. */
export interface DecodeSlot {
  token: number;
  cache: SequenceCache;
}

/**
 * Llama-style decoder-only transformer with seeded random weights ("dummy weights", as vLLM's
 * `--load-format dummy`): grouped-query attention, rotary position embeddings (rotate-half form),
 * RMSNorm, SwiGLU MLP, tied embedding / LM head. Weights are drawn from {@link SeededRandom}, so the
 * same (config, seed) gives the same model on every backend; quantization is applied after drawing.
 */
export class TransformerModel {
  readonly paramCount: number;
  readonly weightBytes: number;
  private readonly blocks: Block[];
  private readonly finalNorm: tf.Tensor1D;
  /** Tied embedding stored as the LM head: [hidden, vocab]; embedding rows are its columns. */
  private readonly lmHead: LinearWeight;
  private readonly ropeCos: tf.Tensor2D;
  private readonly ropeSin: tf.Tensor2D;

  constructor(
    readonly config: ModelConfig,
    readonly quantization: QuantizationLevel,
    readonly seed: number,
  ) {
    const rng = new SeededRandom(seed);
    const h = config.hiddenSize;
    const embedding = rng.normalArray(config.vocabSize * h, 1 / Math.sqrt(h));
    this.lmHead = createLinear(quantization, transpose(embedding, config.vocabSize, h), h, config.vocabSize);
    this.blocks = [];
    for (let layer = 0; layer < config.layerCount; layer++) {
      const linear = {} as Block['linear'];
      for (const [name, [inputs, outputs]] of Object.entries(blockLinearShapes(config))) {
        const weights = rng.normalArray(inputs * outputs, 1 / Math.sqrt(inputs));
        linear[name as keyof Block['linear']] = createLinear(quantization, weights, inputs, outputs);
      }
      this.blocks.push({ attnNorm: tf.ones([h]), mlpNorm: tf.ones([h]), linear });
    }
    this.finalNorm = tf.ones([h]);
    const half = headDim(config) / 2;
    const angles = new Float32Array(config.contextLength * half);
    for (let pos = 0; pos < config.contextLength; pos++) {
      for (let i = 0; i < half; i++)
        angles[pos * half + i] = pos / Math.pow(config.ropeTheta, (2 * i) / (2 * half));
    }
    const angleTensor = tf.tensor2d(angles, [config.contextLength, half]);
    this.ropeCos = tf.cos(angleTensor);
    this.ropeSin = tf.sin(angleTensor);
    angleTensor.dispose();
    this.paramCount = paramCount(config);
    const normBytes = (2 * config.layerCount + 1) * h * 4;
    this.weightBytes =
      this.lmHead.weightBytes +
      this.blocks.reduce(
        (sum, b) => sum + Object.values(b.linear).reduce((s, l) => s + l.weightBytes, 0),
        0,
      ) +
      normBytes;
  }

  /**
   * Runs the whole prompt through the model, filling a new KV cache.
   * Returns the last position's logits [vocab] and the cache (caller disposes it with {@link disposeCache}).
   */
  async prefill(tokens: readonly number[]): Promise<{ logits: Float32Array; cache: SequenceCache }> {
    const t = tokens.length;
    if (t === 0 || t > this.config.contextLength)
      throw new Error(`prompt: length ${t} outside 1..${this.config.contextLength}`);
    const out = tf.tidy(() => {
      let x = this.lmHead.gatherColumns(tokens);
      const positions = tf.range(0, t, 1, 'int32');
      const [cos, sin] = this.ropeAt(positions);
      const causal = tf.linalg.bandPart(tf.ones([t, t]), -1, 0);
      const mask = tf.mul(tf.sub(1, causal), -1e9) as tf.Tensor2D;
      const keys: tf.Tensor3D[] = [];
      const values: tf.Tensor3D[] = [];
      for (const block of this.blocks) {
        const { q, k, v } = this.projectQkv(block, x, cos, sin);
        keys.push(k);
        values.push(v);
        const attn = this.attend(q, k, v, mask); // [heads, t, hd]
        x = tf.add(x, block.linear.wo.apply(tf.reshape(tf.transpose(attn, [1, 0, 2]), [t, -1])));
        x = this.mlp(block, x);
      }
      const last = tf.slice(x, [t - 1, 0], [1, -1]);
      return { logits: this.lmHead.apply(this.rmsNorm(last, this.finalNorm)), keys, values };
    });
    const logits = (await out.logits.data()) as Float32Array;
    out.logits.dispose();
    return { logits, cache: { keys: out.keys, values: out.values, length: t } };
  }

  /**
   * One decode step for several sequences at once (continuous batching): linear layers run on the
   * whole batch [B, hidden]; attention runs per sequence against its own cache. Appends to each
   * cache and returns logits per slot.
   */
  async decode(slots: readonly DecodeSlot[]): Promise<Float32Array[]> {
    const b = slots.length;
    for (const slot of slots) {
      if (slot.cache.length >= this.config.contextLength)
        throw new Error(`context: sequence reached ${this.config.contextLength} tokens`);
    }
    const out = tf.tidy(() => {
      let x = this.lmHead.gatherColumns(slots.map((s) => s.token));
      const [cos, sin] = this.ropeAt(
        tf.tensor1d(
          slots.map((s) => s.cache.length),
          'int32',
        ),
      );
      const keys: tf.Tensor3D[][] = slots.map(() => []);
      const values: tf.Tensor3D[][] = slots.map(() => []);
      this.blocks.forEach((block, layer) => {
        const { q, k, v } = this.projectQkv(block, x, cos, sin); // q [heads, B, hd], k/v [kvHeads, B, hd]
        const rows = slots.map((slot, i) => {
          const keysI = tf.concat([slot.cache.keys[layer]!, tf.slice(k, [0, i, 0], [-1, 1, -1])], 1);
          const valuesI = tf.concat([slot.cache.values[layer]!, tf.slice(v, [0, i, 0], [-1, 1, -1])], 1);
          keys[i]!.push(keysI);
          values[i]!.push(valuesI);
          return tf.reshape(
            this.attend(tf.slice(q, [0, i, 0], [-1, 1, -1]), keysI, valuesI, null),
            [1, -1],
          ) as tf.Tensor2D;
        });
        x = tf.add(x, block.linear.wo.apply(b === 1 ? rows[0]! : tf.concat(rows, 0)));
        x = this.mlp(block, x);
      });
      return { logits: this.lmHead.apply(this.rmsNorm(x, this.finalNorm)), keys, values };
    });
    slots.forEach((slot, i) => {
      tf.dispose([...slot.cache.keys, ...slot.cache.values]);
      slot.cache.keys = out.keys[i]!;
      slot.cache.values = out.values[i]!;
      slot.cache.length += 1;
    });
    const flat = (await out.logits.data()) as Float32Array;
    out.logits.dispose();
    const vocab = this.config.vocabSize;
    return slots.map((_, i) => flat.slice(i * vocab, (i + 1) * vocab));
  }

  /** Frees a sequence's KV cache. */
  disposeCache(cache: SequenceCache): void {
    tf.dispose([...cache.keys, ...cache.values]);
    cache.keys = [];
    cache.values = [];
  }

  dispose(): void {
    this.lmHead.dispose();
    for (const block of this.blocks) {
      tf.dispose([block.attnNorm, block.mlpNorm]);
      Object.values(block.linear).forEach((l) => l.dispose());
    }
    tf.dispose([this.finalNorm, this.ropeCos, this.ropeSin]);
  }

  private ropeAt(positions: tf.Tensor1D): [tf.Tensor3D, tf.Tensor3D] {
    const n = positions.shape[0];
    const half = headDim(this.config) / 2;
    return [
      tf.reshape(tf.gather(this.ropeCos, positions), [n, 1, half]),
      tf.reshape(tf.gather(this.ropeSin, positions), [n, 1, half]),
    ];
  }

  /** x [n, hidden] -> q [heads, n, hd], k and v [kvHeads, n, hd], with RoPE applied to q and k. */
  private projectQkv(block: Block, x: tf.Tensor2D, cos: tf.Tensor3D, sin: tf.Tensor3D) {
    const n = x.shape[0];
    const hd = headDim(this.config);
    const h = this.rmsNorm(x, block.attnNorm);
    const heads = (w: LinearWeight, count: number) => tf.reshape(w.apply(h), [n, count, hd]) as tf.Tensor3D;
    const q = this.rope(heads(block.linear.wq, this.config.headCount), cos, sin);
    const k = this.rope(heads(block.linear.wk, this.config.kvHeadCount), cos, sin);
    const v = heads(block.linear.wv, this.config.kvHeadCount);
    return {
      q: tf.transpose(q, [1, 0, 2]) as tf.Tensor3D,
      k: tf.transpose(k, [1, 0, 2]) as tf.Tensor3D,
      v: tf.transpose(v, [1, 0, 2]) as tf.Tensor3D,
    };
  }

  /** Rotate-half RoPE on x [n, heads, hd] with cos/sin [n, 1, hd/2]. */
  private rope(x: tf.Tensor3D, cos: tf.Tensor3D, sin: tf.Tensor3D): tf.Tensor3D {
    const [x1, x2] = tf.split(x, 2, 2);
    return tf.concat(
      [tf.sub(tf.mul(x1!, cos), tf.mul(x2!, sin)), tf.add(tf.mul(x2!, cos), tf.mul(x1!, sin))],
      2,
    ) as tf.Tensor3D;
  }

  /**
   * Grouped-query attention. q [heads, tq, hd]; k, v [kvHeads, tk, hd]; additive mask [tq, tk] or null.
   * Query heads h·G .. h·G+G-1 share kv head h (G = heads / kvHeads). Returns [heads, tq, hd].
   */
  private attend(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor2D | null): tf.Tensor3D {
    const { headCount, kvHeadCount } = this.config;
    const group = headCount / kvHeadCount;
    const [, tq, hd] = q.shape;
    const grouped = tf.reshape(q, [kvHeadCount, group * tq, hd]);
    let scores = tf.mul(tf.matMul(grouped, k, false, true), 1 / Math.sqrt(hd));
    if (mask) scores = tf.add(scores, tf.tile(mask, [group, 1]));
    return tf.reshape(tf.matMul(tf.softmax(scores), v), [headCount, tq, hd]);
  }

  private mlp(block: Block, x: tf.Tensor2D): tf.Tensor2D {
    const h = this.rmsNorm(x, block.mlpNorm);
    const gate = block.linear.wGate.apply(h);
    const gated = tf.mul(tf.sigmoid(gate), gate); // SiLU
    return tf.add(x, block.linear.wDown.apply(tf.mul(gated, block.linear.wUp.apply(h))));
  }

  private rmsNorm(x: tf.Tensor2D, weight: tf.Tensor1D): tf.Tensor2D {
    const meanSquare = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.config.rmsNormEps))), weight);
  }
}

/** Row-major [rows][cols] -> [cols][rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}
