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
}

export type ModelPreset = 'tiny' | 'small';

/**
 * Presets. `tiny` is for tests (~0.1M params, milliseconds per token); `small` (~3.9M params) is the
 * default for the first-run smoke benchmark: quick on the wasm backend on 2 CPU cores.
 */
export const MODEL_PRESETS: Record<ModelPreset, ModelConfig> = {
  tiny: {
    preset: 'tiny',
    layerCount: 2,
    hiddenSize: 64,
    headCount: 4,
    kvHeadCount: 2,
    intermediateSize: 172,
    vocabSize: 512,
    contextLength: 256,
    ropeTheta: 10_000,
    rmsNormEps: 1e-5,
  },
  small: {
    preset: 'small',
    layerCount: 4,
    hiddenSize: 256,
    headCount: 8,
    kvHeadCount: 4,
    intermediateSize: 688,
    vocabSize: 4096,
    contextLength: 512,
    ropeTheta: 10_000,
    rmsNormEps: 1e-5,
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
 * RMSNorm weight vectors) + final norm. small: 3,950,848 ≈ 4.0M.
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
