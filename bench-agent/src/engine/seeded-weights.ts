import { blockLinearShapes, type ModelConfig } from './model-config';
import { SeededRandom } from './seeded-random';

/** The seven linear layers of one decoder block, in the order they are drawn. */
export type BlockLinearName = 'wq' | 'wk' | 'wv' | 'wo' | 'wGate' | 'wUp' | 'wDown';

/** One block's weights as drawn: each row-major [inputs][outputs], before any folding or quantization. */
export type DrawnBlock = Record<BlockLinearName, Float32Array>;

export interface SeededWeights {
  /** Token embedding, row-major [vocab][hidden]; the LM head is its transpose (tied). */
  embedding: Float32Array;
  /** The blocks in layer order, drawn lazily so a 1B-class model never holds all of them at once. */
  blocks: Generator<DrawnBlock, void, void>;
}

/**
 * The seeded "dummy" weights of a preset (as vLLM's `--load-format dummy`): one mulberry32 stream,
 * the embedding first (normal, std 1/√hidden), then per layer wq, wk, wv, wo, wGate, wUp, wDown
 * (normal, std 1/√inputs). The TensorFlow.js model and the GGUF writer both draw through this one
 * function, so the same (preset, seed) gives the same weights in both engines. RMSNorm gains are
 * ones (a freshly initialised Llama) and are not drawn.
 *
 * Example: the tiny preset at seed 0 draws 512·64 embedding values, then 2 × 7 matrices.
 */
export function seededWeights(config: ModelConfig, seed: number): SeededWeights {
  const rng = new SeededRandom(seed);
  const h = config.hiddenSize;
  const embedding = rng.normalArray(config.vocabSize * h, 1 / Math.sqrt(h));
  const shapes = blockLinearShapes(config);
  function* blocks(): Generator<DrawnBlock, void, void> {
    for (let layer = 0; layer < config.layerCount; layer++) {
      const drawn: Partial<DrawnBlock> = {};
      for (const [name, [inputs, outputs]] of Object.entries(shapes))
        drawn[name as BlockLinearName] = rng.normalArray(inputs * outputs, 1 / Math.sqrt(inputs));
      yield drawn as DrawnBlock;
    }
  }
  return { embedding, blocks: blocks() };
}
