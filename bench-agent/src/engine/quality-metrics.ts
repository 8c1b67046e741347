/**
 * What both engines' quality checks share: the fixed prompt set, the report shape, and KL
 * divergence between next-token distributions. No TensorFlow.js here (the llama.cpp child uses it).
 */

/**
 * Fixed prompt set for the quality check: varied lengths and content, byte-tokenized. Changing it
 * changes every figure, so it is versioned by {@link QUALITY_PROMPT_SET}.
 */
export const QUALITY_PROMPTS: readonly string[] = [
  'Summarise the quarterly report in one line.',
  'Translate to French: the invoice is overdue by thirty days.',
  'def fibonacci(n):\n    if n < 2:\n        return n\n',
  'List three risks of migrating a database during business hours.',
  'The capital of Australia is',
  'Write a haiku about cooling fans.',
  '{"customer": "ACME", "items": [1, 2, 3], "total":',
  'Q: What is 17 times 23?\nA:',
];
export const QUALITY_PROMPT_SET = 'yardstick-quality-v1 (8 prompts)';

export interface LevelQuality {
  /** The level's name in its engine: fp16/int8/int4 (tfjs) or F16/Q8_0/Q4_0/… (llama.cpp). */
  quantization: string;
  storagePrecision: string;
  computePrecision: string;
  weightBytes: number;
  /** Mean over positions of KL(p_reference ‖ p_level), in nats. */
  meanKlNats: number;
  maxKlNats: number;
  /** Share of positions where the level's argmax token equals the reference's. */
  top1Agreement: number;
}

export interface QualityReport {
  /** 'tfjs' or 'llamacpp': each engine is compared with its own full-precision run. */
  engine: 'tfjs' | 'llamacpp';
  preset: string;
  seed: number;
  promptSet: string;
  /** Compared positions: prompts × (1 + continuationTokens). */
  positions: number;
  /** The full-precision level of the same engine: 'fp32' (tfjs) or 'F32' (llama.cpp). */
  reference: string;
  levels: LevelQuality[];
}

/**
 * KL(P ‖ Q) in nats between softmax(p) and softmax(q), computed stably in float64:
 * Σ P_i (log P_i − log Q_i) with log P = p − logsumexp(p).
 *
 * Example: p = [0, 0], q = [0, ln 3] -> P = [½, ½], Q = [¼, ¾] -> ½ ln 2 + ½ ln(2/3) = 0.1438.
 */
export function klDivergence(p: Float32Array, q: Float32Array): number {
  if (p.length !== q.length) throw new Error(`logits: lengths differ (${p.length} vs ${q.length})`);
  const logZp = logSumExp(p);
  const logZq = logSumExp(q);
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const logP = p[i]! - logZp;
    kl += Math.exp(logP) * (logP - (q[i]! - logZq));
  }
  return Math.max(0, kl);
}

function logSumExp(values: Float32Array): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
