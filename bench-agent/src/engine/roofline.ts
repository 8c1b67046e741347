import { blockLinearShapes, headDim, type ModelConfig } from './model-config';

/**
 * Roofline accounting: how many floating-point operations and how many bytes of memory traffic a
 * prefill or a decode step needs, counted from the model's shape (not from what a kernel happened
 * to do), so achieved FLOP/s and bytes/s can be set against the machine's measured ceilings.
 *
 * Conventions (the ones MFU/MBU figures use):
 * - a multiply-add is 2 FLOPs; attention counts the causal half (token t attends to t+1 positions);
 * - bytes are the STORED weight bytes (int4 weights count 0.5625 bytes each) plus the KV cache read
 *   and written in fp32. A backend that widens quantized weights to fp32 moves more than that; the
 *   fraction then says how far it is from an ideal low-bit kernel, which is the point.
 */
export interface PhaseCost {
  flops: number;
  bytes: number;
}

/** Multiply-adds per token in the decoder's linear layers (q, k, v, o, gate, up, down; all layers). */
export function blockLinearParams(config: ModelConfig): number {
  const perLayer = Object.values(blockLinearShapes(config)).reduce((sum, [i, o]) => sum + i * o, 0);
  return perLayer * config.layerCount;
}

/**
 * Bytes of one token's keys and values across all layers: 2 · layers · kvHeads · headDim · bytes per
 * element (4 for the TensorFlow.js engine's fp32 cache, 2 for llama.cpp's default f16 cache).
 */
export function kvBytesPerToken(config: ModelConfig, kvBytesPerElement = 4): number {
  return 2 * config.layerCount * config.kvHeadCount * headDim(config) * kvBytesPerElement;
}

/**
 * What the work of a step depends on, for any model: from a preset's shape ({@link costShape}) or
 * from a GGUF file's tensors (a user's own model).
 */
export interface CostShape {
  /** Multiply-adds per token in the decoder blocks' linear layers, all layers together. */
  blockLinearParams: number;
  /** Multiply-adds of the LM head for one position (vocab × hidden). */
  lmHeadParams: number;
  /** FLOPs per token per attended position: 4 · heads · headDim · layers (QKᵀ and PV). */
  attentionFlopsPerPosition: number;
  kvBytesPerToken: number;
  /** Weight bytes one step streams (stored bytes: a Q4_0 weight counts 0.5625). */
  weightBytes: number;
}

/** The cost shape of a preset whose weights take `weightBytes` and whose cache stores `kvBytesPerElement`. */
export function costShape(config: ModelConfig, weightBytes: number, kvBytesPerElement = 4): CostShape {
  return {
    blockLinearParams: blockLinearParams(config),
    lmHeadParams: config.hiddenSize * config.vocabSize,
    attentionFlopsPerPosition: 4 * config.headCount * headDim(config) * config.layerCount,
    kvBytesPerToken: kvBytesPerToken(config, kvBytesPerElement),
    weightBytes,
  };
}

/**
 * One decode step for sequences whose caches hold `contextLengths[i]` tokens before the step.
 * FLOPs: 2 · (block linear params + LM head) per sequence + attention 4 · heads · headDim · (L+1).
 * Bytes: every weight once (shared by the batch) + each sequence's cache read + one new K/V row.
 *
 * Example (small preset, batch 1, 31 cached tokens): linear 3,145,728 + head 1,048,576 params ->
 * 8,388,608 FLOPs, plus 4 · 8 · 32 · 32 · 4 layers = 131,072 -> 8,519,680 FLOPs.
 */
export function decodeCost(shape: CostShape, contextLengths: readonly number[]): PhaseCost {
  let flops = 0;
  let kvBytes = 0;
  for (const cached of contextLengths) {
    flops +=
      2 * (shape.blockLinearParams + shape.lmHeadParams) + shape.attentionFlopsPerPosition * (cached + 1);
    kvBytes += shape.kvBytesPerToken * (cached + 1);
  }
  return { flops, bytes: shape.weightBytes + kvBytes };
}

/**
 * Prefill of a `promptTokens`-long prompt: every token through every block, the LM head for the
 * last position only (that is all the engines compute), causal attention T(T+1)/2 pairs.
 *
 * Example (small, 32 tokens): 2 · 3,145,728 · 32 + 2 · 1,048,576 + 4 · 256 · 528 · 4 = 205,586,432.
 */
export function prefillCostOf(shape: CostShape, promptTokens: number): PhaseCost {
  const pairs = (promptTokens * (promptTokens + 1)) / 2;
  const flops =
    2 * shape.blockLinearParams * promptTokens +
    2 * shape.lmHeadParams +
    shape.attentionFlopsPerPosition * pairs;
  return { flops, bytes: shape.weightBytes + shape.kvBytesPerToken * promptTokens };
}

/** {@link decodeCost} of a preset with an fp32 KV cache (the TensorFlow.js engine). */
export function decodeStepCost(
  config: ModelConfig,
  weightBytes: number,
  contextLengths: readonly number[],
): PhaseCost {
  return decodeCost(costShape(config, weightBytes), contextLengths);
}

/** {@link prefillCostOf} of a preset with an fp32 KV cache (the TensorFlow.js engine). */
export function prefillCost(config: ModelConfig, weightBytes: number, promptTokens: number): PhaseCost {
  return prefillCostOf(costShape(config, weightBytes), promptTokens);
}

/** The machine's ceilings on one backend, from {@link measureRoofline}. */
export interface RooflineCeilings {
  backend: string;
  /**
   * Best fp32 matmul rate measured (FLOP/s); null where the engine offers no matmul to probe
   * (llama.cpp through node-llama-cpp): its phases are then judged against bandwidth only.
   */
  matmulFlopsPerS: number | null;
  /** Best weight-streaming rate of an fp32 matrix-vector product (bytes/s). */
  bandwidthBytesPerS: number;
  /** How each ceiling was measured, in words. */
  method: string;
}

/** Accumulated work and time of one phase (prefill or decode). */
export interface PhaseTotals {
  calls: number;
  tokens: number;
  seconds: number;
  flops: number;
  bytes: number;
}

export interface PhaseReport extends PhaseTotals {
  tokensPerS: number;
  flopsPerS: number;
  bytesPerS: number;
  /** Achieved / ceiling (null without a compute ceiling). */
  flopsFraction: number | null;
  bandwidthFraction: number;
  /** The roofline's bound for this phase's mix: time if it ran at the slower ceiling only. */
  boundFraction: number;
}

export function emptyTotals(): PhaseTotals {
  return { calls: 0, tokens: 0, seconds: 0, flops: 0, bytes: 0 };
}

/**
 * Achieved rates and their fraction of the ceilings. `boundFraction` = roofline time / actual time,
 * where roofline time = max(flops / FLOP ceiling, bytes / bandwidth ceiling): 1 means the phase ran
 * as fast as this machine's measured limits allow.
 *
 * Example: 1 GB read in 0.2 s at a 10 GB/s ceiling -> bytesPerS 5e9, bandwidthFraction 0.5.
 */
export function phaseReport(totals: PhaseTotals, ceilings: RooflineCeilings): PhaseReport {
  const seconds = totals.seconds || Number.NaN;
  const flopsPerS = totals.flops / seconds;
  const bytesPerS = totals.bytes / seconds;
  const computeSeconds = ceilings.matmulFlopsPerS ? totals.flops / ceilings.matmulFlopsPerS : 0;
  const rooflineSeconds = Math.max(computeSeconds, totals.bytes / ceilings.bandwidthBytesPerS);
  return {
    ...totals,
    tokensPerS: totals.tokens / seconds,
    flopsPerS,
    bytesPerS,
    flopsFraction: ceilings.matmulFlopsPerS ? flopsPerS / ceilings.matmulFlopsPerS : null,
    bandwidthFraction: bytesPerS / ceilings.bandwidthBytesPerS,
    boundFraction: rooflineSeconds / seconds,
  };
}
