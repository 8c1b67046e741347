/** Architecture of the embedded decoder-only transformer (Llama-style: GQA, RoPE, RMSNorm, SwiGLU). */
export interface ModelConfig {
  preset: ModelPreset;
  layerCount: number;
  hiddenSize: number;
  headCount: number;
  kvHeadCount: number;
  intermediateSize: number;
  vocabSize: number;
  contextLength: number;
  ropeTheta: number;
  rmsNormEps: number;
  /** The real open model whose shape this preset copies, or null for the synthetic test presets. */
  shapeOf: string | null;
  /** What differs from that real model (context cap, biases, RoPE scaling), said once, here. */
  shapeNotes: string | null;
}

export type ModelPreset = 'tiny' | 'small' | 'smollm-135m' | 'qwen2.5-0.5b' | 'llama-3.2-1b';

/**
 * The served context is capped here (RoPE table and per-sequence KV cache are sized by it); the
 * real-model presets keep every other dimension of the model they copy.
 */
export const MAX_SERVED_CONTEXT = 4096;

/**
 * Presets. `tiny` is for tests (~0.1M params, milliseconds per token); `small` (~4.2M params) is the
 * default for the first-run smoke benchmark: quick on the wasm backend on 2 CPU cores. Their FFN
 * widths (192, 768) are multiples of 32 so every weight row fits llama.cpp's 32-wide Q8_0/Q4_0
 * blocks, and `small`'s rows (256, 768) are multiples of 256 for the K-quants. The other
 * three copy the published config.json of real decoder-only models (all three tie the embedding
 * and the LM head, as we do): the 0.1B class (SmolLM-135M), the 0.5B class (Qwen2.5-0.5B) and the
 * 1B class (Llama-3.2-1B).
 */
export const MODEL_PRESETS: Record<ModelPreset, ModelConfig> = {
  tiny: {
    preset: 'tiny',
    layerCount: 2,
    hiddenSize: 64,
    headCount: 4,
    kvHeadCount: 2,
    intermediateSize: 192,
    vocabSize: 512,
    contextLength: 256,
    ropeTheta: 10_000,
    rmsNormEps: 1e-5,
    shapeOf: null,
    shapeNotes: null,
  },
  small: {
    preset: 'small',
    layerCount: 4,
    hiddenSize: 256,
    headCount: 8,
    kvHeadCount: 4,
    intermediateSize: 768,
    vocabSize: 4096,
    contextLength: 512,
    ropeTheta: 10_000,
    rmsNormEps: 1e-5,
    shapeOf: null,
    shapeNotes: null,
  },
  /** 134,515,008 params; 538 MB of fp32 weights. */
  'smollm-135m': {
    preset: 'smollm-135m',
    layerCount: 30,
    hiddenSize: 576,
    headCount: 9,
    kvHeadCount: 3,
    intermediateSize: 1536,
    vocabSize: 49_152,
    contextLength: 2048,
    ropeTheta: 10_000,
    rmsNormEps: 1e-5,
    shapeOf: 'HuggingFaceTB/SmolLM-135M',
    shapeNotes: 'same shape and context (2048)',
  },
  /** 494,005,120 params (the real model: 494,032,768 with its q/k/v biases); 1.98 GB of fp32 weights. */
  'qwen2.5-0.5b': {
    preset: 'qwen2.5-0.5b',
    layerCount: 24,
    hiddenSize: 896,
    headCount: 14,
    kvHeadCount: 2,
    intermediateSize: 4864,
    vocabSize: 151_936,
    contextLength: MAX_SERVED_CONTEXT,
    ropeTheta: 1_000_000,
    rmsNormEps: 1e-6,
    shapeOf: 'Qwen/Qwen2.5-0.5B',
    shapeNotes: `context capped at ${MAX_SERVED_CONTEXT} (real: 32768); no q/k/v biases (real: 0.2% of bytes)`,
  },
  /** 1,235,814,400 params; 4.94 GB of fp32 weights. */
  'llama-3.2-1b': {
    preset: 'llama-3.2-1b',
    layerCount: 16,
    hiddenSize: 2048,
    headCount: 32,
    kvHeadCount: 8,
    intermediateSize: 8192,
    vocabSize: 128_256,
    contextLength: MAX_SERVED_CONTEXT,
    ropeTheta: 500_000,
    rmsNormEps: 1e-5,
    shapeOf: 'meta-llama/Llama-3.2-1B',
    shapeNotes: `context capped at ${MAX_SERVED_CONTEXT} (real: 131072); plain RoPE (real: llama3 frequency scaling)`,
  },
};

/** Per-head width: hiddenSize / headCount (small: 256 / 8 = 32). */
export function headDim(config: ModelConfig): number {
  return config.hiddenSize / config.headCount;
}

/** Shapes [inputs, outputs] of every linear layer in one decoder block, by name. */
export function blockLinearShapes(config: ModelConfig): Record<string, [number, number]> {
  const h = config.hiddenSize;
  const kv = config.kvHeadCount * headDim(config);
  const ff = config.intermediateSize;
  return { wq: [h, h], wk: [h, kv], wv: [h, kv], wo: [h, h], wGate: [h, ff], wUp: [h, ff], wDown: [ff, h] };
}

/**
 * Total parameter count: tied embedding/LM head (vocab × hidden) + per layer (linear layers + two
 * RMSNorm weight vectors) + final norm. small: 4,196,608 ≈ 4.2M.
 */
export function paramCount(config: ModelConfig): number {
  const perLayer =
    Object.values(blockLinearShapes(config)).reduce((sum, [i, o]) => sum + i * o, 0) + 2 * config.hiddenSize;
  return config.vocabSize * config.hiddenSize + config.layerCount * perLayer + config.hiddenSize;
}

/** Resolves a preset name, failing with a message that names the field and the allowed values. */
export function resolvePreset(preset: string | undefined): ModelConfig {
  const name = preset ?? 'small';
  const config = MODEL_PRESETS[name as ModelPreset];
  if (!config)
    throw new Error(
      `preset: unknown model preset '${name}'; use one of ${Object.keys(MODEL_PRESETS).join(', ')}`,
    );
  if (config.hiddenSize % config.headCount !== 0 || config.headCount % config.kvHeadCount !== 0) {
    throw new Error(`preset '${name}': hiddenSize must divide by headCount and headCount by kvHeadCount`);
  }
  return config;
}
