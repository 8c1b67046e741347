import * as tf from '@tensorflow/tfjs';
import { assertModelFits } from './backend.service';
import { paramCount, resolvePreset, type ModelPreset } from './model-config';
import { quantizationInfo, type QuantizationLevel } from './quantization';
import { encode } from './tokenizer';
import { TransformerModel } from './transformer.model';

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

export interface QualityOptions {
  preset?: ModelPreset;
  levels: readonly QuantizationLevel[];
  seed?: number;
  /** Greedy fp32 tokens appended to each prompt; each is one more compared position. Default 8. */
  continuationTokens?: number;
  prompts?: readonly string[];
}

export interface LevelQuality {
  quantization: QuantizationLevel;
  storagePrecision: string;
  computePrecision: string;
  weightBytes: number;
  /** Mean over positions of KL(p_fp32 ‖ p_level), in nats. */
  meanKlNats: number;
  maxKlNats: number;
  /** Share of positions where the level's argmax token equals fp32's. */
  top1Agreement: number;
}

export interface QualityReport {
  preset: string;
  seed: number;
  promptSet: string;
  /** Compared positions: prompts × (1 + continuationTokens). */
  positions: number;
  reference: 'fp32';
  levels: LevelQuality[];
}

/**
 * Output divergence of each quantization level from fp32, same seed, same weights before
 * quantization. For every prompt the fp32 model prefills and then decodes greedily; each level is
 * fed exactly the same tokens (teacher forcing) so positions line up, and at every position
 * KL(p_fp32 ‖ p_level) = Σ p log(p / q) of the softmaxed logits is taken in float64.
 *
 * Weights are random (seeded), so the figures measure how much quantization noise this
 * architecture propagates to the output distribution, not a real model's task accuracy.
 */
export async function measureQuality(opts: QualityOptions): Promise<QualityReport> {
  const config = resolvePreset(opts.preset);
  const seed = opts.seed ?? 0;
  const steps = opts.continuationTokens ?? 8;
  const prompts = (opts.prompts ?? QUALITY_PROMPTS).map((p) => encode(p));
  const longest = Math.max(...prompts.map((p) => p.length)) + steps;
  if (longest > config.contextLength)
    throw new Error(
      `continuationTokens: prompts + ${steps} tokens exceed the context ${config.contextLength}`,
    );

  try {
    assertModelFits(tf.getBackend(), config.preset, 'fp32', paramCount(config) * 4);
  } catch (error) {
    throw new Error(
      `preset: the quality check needs the fp32 reference model, which does not fit here ` +
        `(${(error as Error).message.split(';')[0]!.replace(/^quantization: /, '')}); ` +
        'use a smaller preset or the tfjs-node backend',
    );
  }
  const reference = new TransformerModel(config, 'fp32', seed);
  const referenceRuns: { logits: Float32Array[]; tokens: number[] }[] = [];
  try {
    for (const prompt of prompts) referenceRuns.push(await forcedLogits(reference, prompt, steps, null));
  } finally {
    reference.dispose();
  }
  const levels: LevelQuality[] = [];
  for (const level of opts.levels) {
    const model = new TransformerModel(config, level, seed);
    const kls: number[] = [];
    let agreeing = 0;
    try {
      for (const [i, prompt] of prompts.entries()) {
        const run = await forcedLogits(model, prompt, steps, referenceRuns[i]!.tokens);
        run.logits.forEach((q, position) => {
          const p = referenceRuns[i]!.logits[position]!;
          kls.push(klDivergence(p, q));
          if (argmax(p) === argmax(q)) agreeing += 1;
        });
      }
      levels.push({
        ...quantizationInfo(level),
        weightBytes: model.weightBytes,
        meanKlNats: kls.reduce((a, b) => a + b, 0) / kls.length,
        maxKlNats: Math.max(...kls),
        top1Agreement: agreeing / kls.length,
      });
    } finally {
      model.dispose();
    }
  }
  return {
    preset: config.preset,
    seed,
    promptSet: opts.prompts ? `custom (${prompts.length} prompts)` : QUALITY_PROMPT_SET,
    positions: prompts.length * (1 + steps),
    reference: 'fp32',
    levels,
  };
}

/** Prefill, then `steps` decode steps fed `forced` tokens (or the model's own greedy picks). */
async function forcedLogits(
  model: TransformerModel,
  prompt: number[],
  steps: number,
  forced: readonly number[] | null,
): Promise<{ logits: Float32Array[]; tokens: number[] }> {
  const { logits: first, cache } = await model.prefill(prompt);
  const logits = [first];
  const tokens: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const token = forced ? forced[step]! : argmax(logits.at(-1)!);
      tokens.push(token);
      const [next] = await model.decode([{ token, cache }]);
      logits.push(next!);
    }
  } finally {
    model.disposeCache(cache);
  }
  return { logits, tokens };
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

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
