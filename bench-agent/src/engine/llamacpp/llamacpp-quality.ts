import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { ensureSeededGguf } from '../gguf/gguf-cache';
import { tensorBytes } from '../gguf/gguf.writer';
import { assertLevelFits, llamaCppLevelInfo, resolveLlamaCppLevel } from '../gguf/llamacpp-levels';
import { seededTensorSpecs } from '../gguf/seeded-gguf';
import { resolvePreset } from '../model-config';
import {
  argmax,
  klDivergence,
  QUALITY_PROMPT_SET,
  QUALITY_PROMPTS,
  type LevelQuality,
  type QualityReport,
} from '../quality-metrics';
import { encode } from '../tokenizer';
import { loadLlamaCpp, type LlamaGpuChoice } from './llamacpp.runtime';

export interface LlamaCppQualityOptions {
  preset?: string;
  levels: string[];
  seed: number;
  /** Greedy F32 tokens appended to each prompt; each is one more compared position. */
  continuationTokens: number;
  gpu: LlamaGpuChoice;
  threads?: number;
  cacheDir?: string;
}

/** Full softmax, nothing cut: what the distribution over the whole vocabulary is at a position. */
const FULL_DISTRIBUTION = { temperature: 1, topK: 0, topP: 1, minP: 0 };

/**
 * The llama.cpp levels against llama.cpp's own F32 run of the same seeded weights, as
 * quality.service.ts does for tfjs: for each fixed prompt, F32 prefills and decodes greedily;
 * every level is fed exactly the same tokens (teacher forcing); at each position the full next-token
 * distribution is taken from llama.cpp (softmax over the whole vocabulary) and
 * KL(p_F32 ‖ p_level) computed in float64. The KV cache stays f16, as when serving.
 */
export async function measureLlamaCppQuality(
  opts: LlamaCppQualityOptions,
  log: (line: string) => void,
): Promise<QualityReport> {
  const config = resolvePreset(opts.preset);
  const levels = opts.levels.map((l) => resolveLlamaCppLevel(l));
  for (const level of ['F32' as const, ...levels]) assertLevelFits(config, level);
  const prompts = QUALITY_PROMPTS.map((p) => encode(p));
  const longest = Math.max(...prompts.map((p) => p.length)) + opts.continuationTokens;
  if (longest > config.contextLength)
    throw new Error(
      `tokens: prompts + ${opts.continuationTokens} tokens exceed the context ${config.contextLength}`,
    );
  const runtime = await loadLlamaCpp(opts.gpu, opts.threads);
  try {
    const run = async (level: string, forced: number[][] | null) => {
      const gguf = await ensureSeededGguf(config, opts.seed, resolveLlamaCppLevel(level), opts.cacheDir, log);
      const model = await runtime.llama.loadModel({
        modelPath: gguf.path,
        gpuLayers: runtime.gpu ? 'max' : 0,
      });
      const context = await model.createContext({
        contextSize: longest + 1,
        sequences: 1,
        threads: runtime.threads,
      });
      try {
        const sequence = context.getSequence();
        const out: { logProbs: Float32Array[]; tokens: number[] }[] = [];
        for (const [i, prompt] of prompts.entries()) {
          await sequence.clearHistory();
          out.push(
            await forcedDistributions(model, sequence, prompt, opts.continuationTokens, forced?.[i] ?? null),
          );
        }
        return out;
      } finally {
        await context.dispose();
        await model.dispose();
      }
    };
    const reference = await run('F32', null);
    const results: LevelQuality[] = [];
    for (const level of levels) {
      const runs = await run(
        level,
        reference.map((r) => r.tokens),
      );
      const kls: number[] = [];
      let agreeing = 0;
      runs.forEach((r, i) =>
        r.logProbs.forEach((q, position) => {
          const p = reference[i]!.logProbs[position]!;
          kls.push(klDivergence(p, q));
          if (argmax(p) === argmax(q)) agreeing += 1;
        }),
      );
      results.push({
        ...llamaCppLevelInfo(level),
        weightBytes: seededTensorSpecs(config, level).reduce((n, spec) => n + tensorBytes(spec), 0),
        meanKlNats: kls.reduce((a, b) => a + b, 0) / kls.length,
        maxKlNats: Math.max(...kls),
        top1Agreement: agreeing / kls.length,
      });
    }
    return {
      engine: 'llamacpp',
      preset: config.preset,
      seed: opts.seed,
      promptSet: QUALITY_PROMPT_SET,
      positions: prompts.length * (1 + opts.continuationTokens),
      reference: 'f32',
      levels: results,
    };
  } finally {
    await runtime.llama.dispose();
  }
}

/** Log-probabilities at the prompt's end and after each of `steps` tokens (forced, or the greedy pick). */
async function forcedDistributions(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  prompt: number[],
  steps: number,
  forced: number[] | null,
): Promise<{ logProbs: Float32Array[]; tokens: number[] }> {
  const vocab = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0;
  const distribution = async (input: number[]) => {
    const last = input.length - 1;
    const items = [
      ...input.slice(0, last),
      [input[last]!, { generateNext: { probabilities: true, options: FULL_DISTRIBUTION } }] as const,
    ];
    const out = await sequence.controlledEvaluate(
      items as Parameters<LlamaContextSequence['controlledEvaluate']>[0],
    );
    const probabilities = out[last]?.next.probabilities;
    if (!probabilities) throw new Error('llama.cpp returned no probabilities');
    const logProbs = new Float32Array(Math.max(vocab, probabilities.size)).fill(Math.log(1e-38));
    for (const [token, p] of probabilities) logProbs[token] = Math.log(Math.max(p, 1e-38));
    return logProbs;
  };
  const logProbs = [await distribution(prompt)];
  const tokens: number[] = [];
  for (let step = 0; step < steps; step++) {
    const token = forced ? forced[step]! : argmax(logProbs.at(-1)!);
    tokens.push(token);
    logProbs.push(await distribution([token]));
  }
  return { logProbs, tokens };
}
