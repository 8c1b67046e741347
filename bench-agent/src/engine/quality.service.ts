import * as tf from '@tensorflow/tfjs';
import { assertModelFits } from './backend.service';
import { paramCount, resolvePreset, type ModelPreset } from './model-config';
import { quantizationInfo, type QuantizationLevel } from './quantization';
import { encode } from './tokenizer';
import {
  argmax,
  klDivergence,
  QUALITY_PROMPT_SET,
  QUALITY_PROMPTS,
  type LevelQuality,
  type QualityReport,
} from './quality-metrics';

export {
  argmax,
  klDivergence,
  QUALITY_PROMPT_SET,
  QUALITY_PROMPTS,
  type LevelQuality,
  type QualityReport,
} from './quality-metrics';
import { TransformerModel } from './transformer.model';

export interface QualityOptions {
  preset?: ModelPreset;
  levels: readonly QuantizationLevel[];
  seed?: number;
  /** Greedy fp32 tokens appended to each prompt; each is one more compared position. Default 8. */
  continuationTokens?: number;
  prompts?: readonly string[];
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
    engine: 'tfjs',
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
