import type { ModelConfig } from '../model-config';
import { bytesPerWeight } from './ggml-quants';
import { GGML_TYPES, type GgmlTypeName } from './ggml-types';

/**
 * Quantization levels of the llama.cpp engine, named as GGUF files name them. Unlike the
 * TensorFlow.js engine, llama.cpp computes with the stored blocks: its CPU kernels take the
 * quantized weights as they are and quantize the activations to 8 bits (Q8_0, or Q8_K for the
 * K-quants) for integer dot products, so fewer bits per weight means fewer bytes read per token.
 */
export type LlamaCppLevel = 'F32' | 'F16' | 'Q8_0' | 'Q4_0' | 'Q4_K' | 'Q5_K' | 'Q6_K';

export const LLAMACPP_LEVELS: readonly LlamaCppLevel[] = [
  'F32',
  'F16',
  'Q8_0',
  'Q6_K',
  'Q5_K',
  'Q4_K',
  'Q4_0',
];

/** llama.h's `enum llama_ftype`, stored as general.file_type (all 2-D weights in one type: the _S flavour). */
const FILE_TYPES: Record<LlamaCppLevel, { fileType: number; name: string }> = {
  F32: { fileType: 0, name: 'ALL_F32' },
  F16: { fileType: 1, name: 'MOSTLY_F16' },
  Q4_0: { fileType: 2, name: 'MOSTLY_Q4_0' },
  Q8_0: { fileType: 7, name: 'MOSTLY_Q8_0' },
  Q4_K: { fileType: 14, name: 'MOSTLY_Q4_K_S' },
  Q5_K: { fileType: 16, name: 'MOSTLY_Q5_K_S' },
  Q6_K: { fileType: 18, name: 'MOSTLY_Q6_K' },
};

export function llamaFileType(level: LlamaCppLevel): number {
  return FILE_TYPES[level].fileType;
}

export interface LlamaCppLevelInfo {
  /** Recorded in lower case, as run records name levels (`q4_0`, `f16`). */
  quantization: string;
  storagePrecision: string;
  computePrecision: string;
}

/** What a level stores and how llama.cpp's CPU kernels compute with it, recorded with every result. */
export function llamaCppLevelInfo(level: LlamaCppLevel): LlamaCppLevelInfo {
  return { ...levelDetails(level), quantization: level.toLowerCase() };
}

function levelDetails(level: LlamaCppLevel): LlamaCppLevelInfo {
  const bits = (bytesPerWeight(level) * 8).toFixed(level === 'Q6_K' ? 4 : 1);
  const block = GGML_TYPES[level].blockSize;
  switch (level) {
    case 'F32':
      return { quantization: level, storagePrecision: 'fp32', computePrecision: 'fp32' };
    case 'F16':
      return {
        quantization: level,
        storagePrecision: 'fp16',
        computePrecision: 'fp16 × fp16 dot products, fp32 sums',
      };
    case 'Q8_0':
    case 'Q4_0':
      return {
        quantization: level,
        storagePrecision: `${level} (blocks of ${block}, fp16 scale: ${bits} bits/weight)`,
        computePrecision: 'integer dot products with activations quantized to Q8_0',
      };
    default:
      return {
        quantization: level,
        storagePrecision: `${level} (super-blocks of ${block}, 6/8-bit sub-block scales: ${bits} bits/weight)`,
        computePrecision: 'integer dot products with activations quantized to Q8_K',
      };
  }
}

/** A llama.cpp level by name in either case (`Q4_0`, `q4_0`), or null when it is none. */
export function asLlamaCppLevel(name: string): LlamaCppLevel | null {
  const upper = name.toUpperCase();
  return (LLAMACPP_LEVELS as readonly string[]).includes(upper) ? (upper as LlamaCppLevel) : null;
}

/** Validates a llama.cpp level name (either case), naming the field and the allowed values on failure. */
export function resolveLlamaCppLevel(level: string | undefined): LlamaCppLevel {
  const resolved = asLlamaCppLevel(level ?? 'Q8_0');
  if (!resolved)
    throw new Error(
      `quantization: unknown llama.cpp level '${level}'; use one of ${LLAMACPP_LEVELS.join(', ')}`,
    );
  return resolved;
}

/**
 * The levels a preset can be written at: every weight row (hidden wide, and FFN wide for ffn_down)
 * must be a multiple of the type's block (32 for Q8_0/Q4_0, 256 for the K-quants).
 *
 * Example: smollm-135m (576, 1536) fits F32, F16, Q8_0, Q4_0 but no K-quant (576 = 2.25 × 256).
 */
export function levelsFor(config: ModelConfig): LlamaCppLevel[] {
  return LLAMACPP_LEVELS.filter((level) => levelFitsRows(config, level));
}

export function levelFitsRows(config: ModelConfig, level: LlamaCppLevel): boolean {
  const block = GGML_TYPES[level as GgmlTypeName].blockSize;
  return config.hiddenSize % block === 0 && config.intermediateSize % block === 0;
}

/** Throws, naming the levels that do fit, when a preset's rows do not divide into the level's blocks. */
export function assertLevelFits(config: ModelConfig, level: LlamaCppLevel): void {
  if (levelFitsRows(config, level)) return;
  throw new Error(
    `quantization: preset '${config.preset}' has rows of ${config.hiddenSize} and ${config.intermediateSize} weights, ` +
      `not multiples of ${level}'s ${GGML_TYPES[level].blockSize}-weight blocks; use one of ${levelsFor(config).join(', ')}`,
  );
}
