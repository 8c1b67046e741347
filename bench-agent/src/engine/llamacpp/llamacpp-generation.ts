import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { GenerationModel, SamplingOptions } from '../generation-model';
import type { CostShape } from '../roofline';

interface Slot {
  sequence: LlamaContextSequence;
  sampling: SamplingOptions;
  /** Tokens sampled so far (each draw gets its own seed, derived from the request's). */
  draws: number;
  cached: number;
}

export interface LlamaCppGenerationOptions {
  maxSequences: number;
  /** Tokens each sequence may hold (prompt + generated). */
  contextPerSequence: number;
  threads: number;
  /** KV cache element type: llama.cpp's default F16, or F32 (to compare with TensorFlow.js bit for bit). */
  kvCacheType: 'F16' | 'F32';
  cost: CostShape;
}

/**
 * llama.cpp as a {@link GenerationModel}: one context with `maxSequences` sequences (the context
 * size is shared, so it is maxSequences × contextPerSequence), created once and reused — disposing
 * a sequence does not give its slot back, so slots are cleared and returned to a pool instead.
 * A decode step calls controlledEvaluate on every active sequence in the same tick; node-llama-cpp
 * gathers those into one llama_decode batch (continuous batching across sequences). llama.cpp
 * samples: greedy at temperature 0, else its `dist` sampler over the full softmax (no top-k/top-p),
 * seeded per draw from the request's seed. Generation never stops on EOS (ignore_eos).
 */
export class LlamaCppGenerationModel implements GenerationModel<Slot> {
  readonly maxSequences: number;
  readonly cost: CostShape;
  private readonly free: LlamaContextSequence[];
  private readonly waiters: ((sequence: LlamaContextSequence) => void)[] = [];

  private constructor(
    private readonly context: LlamaContext,
    opts: LlamaCppGenerationOptions,
  ) {
    this.maxSequences = opts.maxSequences;
    this.cost = opts.cost;
    this.free = Array.from({ length: opts.maxSequences }, () => context.getSequence());
  }

  static async create(model: LlamaModel, opts: LlamaCppGenerationOptions): Promise<LlamaCppGenerationModel> {
    const context = await model.createContext({
      contextSize: opts.maxSequences * opts.contextPerSequence,
      sequences: opts.maxSequences,
      threads: opts.threads,
      batchSize: Math.min(512, opts.maxSequences * opts.contextPerSequence),
      flashAttention: false,
      experimentalKvCacheKeyType: opts.kvCacheType,
      experimentalKvCacheValueType: opts.kvCacheType,
      ignoreMemorySafetyChecks: false,
    });
    return new LlamaCppGenerationModel(context, opts);
  }

  async start(promptTokens: readonly number[], sampling: SamplingOptions) {
    const sequence = await this.acquire();
    const slot: Slot = { sequence, sampling, draws: 0, cached: promptTokens.length };
    const last = promptTokens.length - 1;
    const input = [...promptTokens.slice(0, last), [promptTokens[last]!, this.next(slot)] as const];
    const out = await sequence.controlledEvaluate(
      input as Parameters<LlamaContextSequence['controlledEvaluate']>[0],
    );
    return { sequence: slot, token: tokenOf(out[last]) };
  }

  async step(batch: readonly { sequence: Slot; token: number }[]): Promise<number[]> {
    const outs = await Promise.all(
      batch.map(({ sequence: slot, token }) => {
        slot.cached += 1;
        return slot.sequence.controlledEvaluate([[token as Token, this.next(slot)]]);
      }),
    );
    return outs.map((out) => tokenOf(out[0]));
  }

  cachedTokens(slot: Slot): number {
    return slot.cached;
  }

  async release(slot: Slot): Promise<void> {
    await slot.sequence.clearHistory();
    const waiter = this.waiters.shift();
    if (waiter) waiter(slot.sequence);
    else this.free.push(slot.sequence);
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
  }

  private acquire(): Promise<LlamaContextSequence> {
    const sequence = this.free.pop();
    if (sequence) return Promise.resolve(sequence);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** generateNext options for a slot's next draw. */
  private next(slot: Slot) {
    const { temperature, seed } = slot.sampling;
    const draw = slot.draws++;
    const options =
      temperature > 0
        ? { temperature, topK: 0, topP: 1, minP: 0, seed: (seed + Math.imul(draw, 0x9e3779b1)) >>> 0 }
        : { temperature: 0 };
    return { generateNext: { token: true, options } };
  }
}

function tokenOf(output: { next: { token?: number | null } } | undefined): number {
  const token = output?.next.token;
  if (token === undefined || token === null) throw new Error('llama.cpp returned no token for a sequence');
  return token;
}
