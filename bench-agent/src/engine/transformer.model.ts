import * as tf from '@tensorflow/tfjs';
import { blockLinearShapes, headDim, paramCount, type ModelConfig } from './model-config';
import { createLinear, type LinearWeight, type QuantizationLevel } from './quantization';
import { seededWeights, type BlockLinearName } from './seeded-weights';

/**
 * One decoder block. q/k/v and gate/up are stored fused along their outputs (as vLLM's
 * QKVParallelLinear and MergedColumnParallelLinear do): one matmul instead of three or two, the
 * same arithmetic and bytes. Per-output-channel (int8) and per-input-group (int4) scales are
 * unchanged by fusing along outputs. The RMSNorm gains are folded into the rows of the linear layer
 * that follows (x·diag(g)·W = x·(diag(g)·W), exact), so a norm costs no gain multiply per step.
 */
interface Block {
  linear: Record<'wqkv' | 'wo' | 'wGateUp' | 'wDown', LinearWeight>;
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
 * RMSNorm, SwiGLU MLP, tied embedding / LM head. Weights are drawn by {@link seededWeights}, so the
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
  /** Indices [hd/2 .. hd−1, 0 .. hd/2−1]: one gather swaps the two halves of every head. */
  private readonly swapHalves: tf.Tensor1D;

  constructor(
    readonly config: ModelConfig,
    readonly quantization: QuantizationLevel,
    readonly seed: number,
  ) {
    const h = config.hiddenSize;
    const drawnWeights = seededWeights(config, seed);
    this.lmHead = createLinear(
      quantization,
      transpose(drawnWeights.embedding, config.vocabSize, h),
      h,
      config.vocabSize,
    );
    this.blocks = [];
    for (const drawn of drawnWeights.blocks) {
      // Attention's 1/√headDim folded into wq (RoPE is linear, so scaling q before it is the same):
      // exact for headDim 64 (1/8), and per-channel/group quantization scales just scale along.
      scaleAll(drawn.wq, 1 / Math.sqrt(headDim(config)));
      // RMSNorm gains (ones, as a freshly initialised Llama has) folded into the next layer's rows.
      const attnNormGain = new Float32Array(h).fill(1);
      const mlpNormGain = new Float32Array(h).fill(1);
      const shapes = blockLinearShapes(config);
      const fused = (names: BlockLinearName[], gain: Float32Array | null) => {
        const inputs = shapes[names[0]!]![0];
        const widths = names.map((n) => shapes[n]![1]);
        const weights = concatColumns(
          names.map((n) => drawn[n]),
          inputs,
          widths,
        );
        if (gain) scaleRows(weights, gain);
        const outputs = widths.reduce((a, b) => a + b, 0);
        return createLinear(quantization, weights, inputs, outputs);
      };
      this.blocks.push({
        linear: {
          wqkv: fused(['wq', 'wk', 'wv'], attnNormGain),
          wo: fused(['wo'], null),
          wGateUp: fused(['wGate', 'wUp'], mlpNormGain),
          wDown: fused(['wDown'], null),
        },
      });
    }
    this.finalNorm = tf.ones([h]);
    // RoPE tables, full head width: cos = [cos θ, cos θ], sin = [−sin θ, sin θ], so that
    // rope(x) = x·cos + swapHalves(x)·sin equals the rotate-half form x·cos + rotateHalf(x)·sin.
    const hd = headDim(config);
    const half = hd / 2;
    const cosTable = new Float32Array(config.contextLength * hd);
    const sinTable = new Float32Array(config.contextLength * hd);
    for (let pos = 0; pos < config.contextLength; pos++) {
      for (let i = 0; i < half; i++) {
        const angle = pos / Math.pow(config.ropeTheta, (2 * i) / hd);
        cosTable[pos * hd + i] = cosTable[pos * hd + half + i] = Math.cos(angle);
        sinTable[pos * hd + i] = -Math.sin(angle);
        sinTable[pos * hd + half + i] = Math.sin(angle);
      }
    }
    this.ropeCos = tf.tensor2d(cosTable, [config.contextLength, hd]);
    this.ropeSin = tf.tensor2d(sinTable, [config.contextLength, hd]);
    this.swapHalves = tf.tensor1d(
      Array.from({ length: hd }, (_, i) => (i + half) % hd),
      'int32',
    );
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
        const headMajor = this.projectQkv(block, x, cos, sin);
        const [q, k, v] = [headMajor.q, headMajor.k, headMajor.v].map((h) => tf.transpose(h, [1, 0, 2])) as [
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        keys.push(k);
        values.push(v);
        const attn = this.attend(q, k, v, mask); // [heads, t, hd]
        x = tf.add(x, block.linear.wo.apply(tf.reshape(tf.transpose(attn, [1, 0, 2]), [t, -1])));
        x = this.mlp(block, x);
      }
      const last = tf.slice(x, [t - 1, 0], [1, -1]);
      return { logits: this.lmHead.apply(tf.mul(this.rmsNorm(last), this.finalNorm)), keys, values };
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
        const { q, k, v } = this.projectQkv(block, x, cos, sin); // q [B, heads, hd], k/v [B, kvHeads, hd]
        // Sequence i's row, as [heads, 1, hd]: a reshape, no transpose (one token per sequence).
        const row = (t: tf.Tensor3D, i: number, count: number) =>
          tf.reshape(b === 1 ? t : tf.slice(t, [i, 0, 0], [1, -1, -1]), [count, 1, -1]) as tf.Tensor3D;
        const { headCount, kvHeadCount } = this.config;
        const rows = slots.map((slot, i) => {
          const keysI = tf.concat([slot.cache.keys[layer]!, row(k, i, kvHeadCount)], 1);
          const valuesI = tf.concat([slot.cache.values[layer]!, row(v, i, kvHeadCount)], 1);
          keys[i]!.push(keysI);
          values[i]!.push(valuesI);
          return tf.reshape(this.attend(row(q, i, headCount), keysI, valuesI, null), [1, -1]) as tf.Tensor2D;
        });
        x = tf.add(x, block.linear.wo.apply(b === 1 ? rows[0]! : tf.concat(rows, 0)));
        x = this.mlp(block, x);
      });
      return { logits: this.lmHead.apply(tf.mul(this.rmsNorm(x), this.finalNorm)), keys, values };
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
    for (const block of this.blocks) Object.values(block.linear).forEach((l) => l.dispose());
    tf.dispose([this.finalNorm, this.ropeCos, this.ropeSin, this.swapHalves]);
  }

  /** cos and sin rows for the given positions, shaped [n, 1, hd] to broadcast over heads. */
  private ropeAt(positions: tf.Tensor1D): [tf.Tensor3D, tf.Tensor3D] {
    const n = positions.shape[0];
    const hd = headDim(this.config);
    return [
      tf.reshape(tf.gather(this.ropeCos, positions), [n, 1, hd]),
      tf.reshape(tf.gather(this.ropeSin, positions), [n, 1, hd]),
    ];
  }

  /**
   * x [n, hidden] -> q [n, heads, hd], k and v [n, kvHeads, hd] (token-major), RoPE applied to q and
   * k: one fused matmul, then RoPE once over the q and k heads together.
   */
  private projectQkv(block: Block, x: tf.Tensor2D, cos: tf.Tensor3D, sin: tf.Tensor3D) {
    const n = x.shape[0];
    const { headCount, kvHeadCount } = this.config;
    const qkv = tf.reshape(block.linear.wqkv.apply(this.rmsNorm(x)), [
      n,
      headCount + 2 * kvHeadCount,
      headDim(this.config),
    ]);
    const [qk, v] = tf.split(qkv, [headCount + kvHeadCount, kvHeadCount], 1) as [tf.Tensor3D, tf.Tensor3D];
    const [q, k] = tf.split(this.rope(qk, cos, sin), [headCount, kvHeadCount], 1) as [
      tf.Tensor3D,
      tf.Tensor3D,
    ];
    return { q, k, v };
  }

  /** Rotate-half RoPE on x [n, heads, hd] with full-width cos/sin [n, 1, hd]: 4 kernels. */
  private rope(x: tf.Tensor3D, cos: tf.Tensor3D, sin: tf.Tensor3D): tf.Tensor3D {
    return tf.add(tf.mul(x, cos), tf.mul(tf.gather(x, this.swapHalves, 2), sin));
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
    let scores = tf.matMul(grouped, k, false, true); // q already carries 1/√hd (folded into wq)
    if (mask) scores = tf.add(scores, tf.tile(mask, [group, 1]));
    return tf.reshape(tf.matMul(tf.softmax(scores), v), [headCount, tq, hd]);
  }

  private mlp(block: Block, x: tf.Tensor2D): tf.Tensor2D {
    const [gate, up] = tf.split(block.linear.wGateUp.apply(this.rmsNorm(x)), 2, 1) as [
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    const gated = tf.mul(tf.sigmoid(gate), gate); // SiLU
    return tf.add(x, block.linear.wDown.apply(tf.mul(gated, up)));
  }

  /** RMSNorm without its gain (folded into the next linear layer, or applied by the caller). */
  private rmsNorm(x: tf.Tensor2D): tf.Tensor2D {
    const meanSquare = tf.mean(tf.square(x), -1, true);
    return tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.config.rmsNormEps)));
  }
}

/** Joins row-major [rows][widths[i]] matrices side by side into [rows][sum(widths)]. */
function concatColumns(parts: Float32Array[], rows: number, widths: number[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const total = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(rows * total);
  for (let r = 0; r < rows; r++) {
    let offset = r * total;
    parts.forEach((part, i) => {
      out.set(part.subarray(r * widths[i]!, (r + 1) * widths[i]!), offset);
      offset += widths[i]!;
    });
  }
  return out;
}

function scaleAll(values: Float32Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i]! *= factor;
}

/** Multiplies row i of a row-major [gain.length][cols] matrix by gain[i], in place. */
function scaleRows(weights: Float32Array, gain: Float32Array): void {
  const cols = weights.length / gain.length;
  for (let r = 0; r < gain.length; r++) for (let c = 0; c < cols; c++) weights[r * cols + c]! *= gain[r]!;
}

/** Row-major [rows][cols] -> [cols][rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}
