import type { CostShape } from './roofline';
import { sampleToken } from './sampling';
import { SeededRandom } from './seeded-random';
import type { SequenceCache, TransformerModel } from './transformer.model';
import { costShape } from './roofline';

/** How a request picks tokens: 0 = greedy; otherwise softmax(logits / temperature), drawn from `seed`. */
export interface SamplingOptions {
  temperature: number;
  seed: number;
}

/**
 * One engine's model as the continuous-batching scheduler drives it (TensorFlow.js in process, or
 * llama.cpp in its child process). A sequence is whatever the engine keeps per request (its KV cache
 * or context slot); at most `maxSequences` are alive at once.
 */
export interface GenerationModel<S = unknown> {
  readonly maxSequences: number;
  /** Work per step from the model's shape, for the roofline accounting. */
  readonly cost: CostShape;
  /** Prefills a prompt into a new sequence and picks its first token. */
  start(promptTokens: readonly number[], sampling: SamplingOptions): Promise<{ sequence: S; token: number }>;
  /** One decode step for several sequences together; returns each one's next token, in order. */
  step(batch: readonly { sequence: S; token: number }[]): Promise<number[]>;
  /** Tokens in a sequence's cache (prompt + tokens fed back so far). */
  cachedTokens(sequence: S): number;
  /** Frees a sequence's cache or slot. */
  release(sequence: S): Promise<void> | void;
}

interface TfjsSequence {
  cache: SequenceCache;
  rng: SeededRandom;
  temperature: number;
}

/**
 * The TensorFlow.js model as a {@link GenerationModel}: logits come back to JavaScript and are
 * sampled by {@link sampleToken} with each request's own seeded generator.
 */
export class TfjsGenerationModel implements GenerationModel<TfjsSequence> {
  readonly cost: CostShape;

  constructor(
    private readonly model: TransformerModel,
    readonly maxSequences: number,
  ) {
    this.cost = costShape(model.config, model.weightBytes);
  }

  async start(promptTokens: readonly number[], sampling: SamplingOptions) {
    const { logits, cache } = await this.model.prefill(promptTokens);
    const sequence = { cache, rng: new SeededRandom(sampling.seed), temperature: sampling.temperature };
    return { sequence, token: sampleToken(logits, sequence.temperature, sequence.rng) };
  }

  async step(batch: readonly { sequence: TfjsSequence; token: number }[]): Promise<number[]> {
    const logits = await this.model.decode(
      batch.map(({ sequence, token }) => ({ token, cache: sequence.cache })),
    );
    return batch.map(({ sequence }, i) => sampleToken(logits[i]!, sequence.temperature, sequence.rng));
  }

  cachedTokens(sequence: TfjsSequence): number {
    return sequence.cache.length;
  }

  release(sequence: TfjsSequence): void {
    this.model.disposeCache(sequence.cache);
  }
}
