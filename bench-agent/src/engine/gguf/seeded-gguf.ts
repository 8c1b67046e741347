import { headDim, paramCount, type ModelConfig } from '../model-config';
import { seededWeights, type DrawnBlock } from '../seeded-weights';
import { BOS_TOKEN_ID } from '../tokenizer';
import { quantizeRows } from './ggml-quants';
import { writeGguf, type GgufTensorSpec, type GgufValue } from './gguf.writer';
import { assertLevelFits, llamaFileType, type LlamaCppLevel } from './llamacpp-levels';

/** End-of-sequence id written into the vocabulary (the engine never stops on it: ignore_eos). */
export const GGUF_EOS_TOKEN_ID = BOS_TOKEN_ID + 1;

/**
 * Writes a preset's seeded weights as a llama-architecture GGUF file at one quantization level,
 * so llama.cpp runs exactly the model the TensorFlow.js engine runs:
 * - the same draw ({@link seededWeights}); RMSNorm gains are ones, stored F32 as convert_hf_to_gguf does;
 * - linear layers transposed to ggml's layout (rows = output features, each row one output's inputs);
 * - q and k rows permuted per head as convert_hf_to_gguf.py's LlamaModel.permute does, because
 *   llama.cpp's llama RoPE rotates adjacent pairs (2i, 2i+1) where the TensorFlow.js model (and
 *   Hugging Face) rotates halves (i, i + headDim/2);
 * - no folded 1/√headDim (llama.cpp scales the scores itself); the LM head tied to token_embd;
 * - every 2-D weight, the embedding included, at the one level (as `llama-quantize --pure`).
 * Returns the file size in bytes.
 */
export function writeSeededGguf(
  path: string,
  config: ModelConfig,
  seed: number,
  level: LlamaCppLevel,
): number {
  assertLevelFits(config, level);
  const h = config.hiddenSize;
  const kv = config.kvHeadCount * headDim(config);
  const ff = config.intermediateSize;
  const weights = seededWeights(config, seed);
  const tensors = seededTensorSpecs(config, level);
  const ones = new Float32Array(h).fill(1);
  let block: DrawnBlock | null = null;
  const hd = headDim(config);
  return writeGguf(path, seededMetadata(config, seed, level), tensors, (spec) => {
    const name = spec.name.replace(/^blk\.\d+\./, '');
    if (spec.name === 'token_embd.weight') return quantizeRows(level, weights.embedding, h);
    if (name === 'attn_norm.weight') {
      const next = weights.blocks.next();
      if (next.done) throw new Error('seeded weights: fewer blocks than layers');
      block = next.value;
    }
    if (name.endsWith('norm.weight')) return quantizeRows('F32', ones, h);
    const b = block!;
    // Each drawn matrix is row-major [inputs][outputs]; ggml rows are outputs.
    const rows = (w: Float32Array, inputs: number, outputs: number, ropeHeads = 0) => {
      const t = transpose(w, inputs, outputs);
      return quantizeRows(level, ropeHeads ? permuteForRope(t, ropeHeads, hd, inputs) : t, inputs);
    };
    switch (name) {
      case 'attn_q.weight':
        return rows(b.wq, h, h, config.headCount);
      case 'attn_k.weight':
        return rows(b.wk, h, kv, config.kvHeadCount);
      case 'attn_v.weight':
        return rows(b.wv, h, kv);
      case 'attn_output.weight':
        return rows(b.wo, h, h);
      case 'ffn_gate.weight':
        return rows(b.wGate, h, ff);
      case 'ffn_up.weight':
        return rows(b.wUp, h, ff);
      case 'ffn_down.weight':
        return rows(b.wDown, ff, h);
    }
    throw new Error(`seeded GGUF: no data for tensor ${spec.name}`);
  });
}

/** The tensors of a seeded preset's GGUF, in file order (token_embd, 9 per block, output_norm). */
export function seededTensorSpecs(config: ModelConfig, level: LlamaCppLevel): GgufTensorSpec[] {
  const h = config.hiddenSize;
  const kv = config.kvHeadCount * headDim(config);
  const ff = config.intermediateSize;
  const tensors: GgufTensorSpec[] = [{ name: 'token_embd.weight', dims: [h, config.vocabSize], type: level }];
  for (let i = 0; i < config.layerCount; i++) {
    tensors.push(
      { name: `blk.${i}.attn_norm.weight`, dims: [h], type: 'F32' },
      { name: `blk.${i}.attn_q.weight`, dims: [h, h], type: level },
      { name: `blk.${i}.attn_k.weight`, dims: [h, kv], type: level },
      { name: `blk.${i}.attn_v.weight`, dims: [h, kv], type: level },
      { name: `blk.${i}.attn_output.weight`, dims: [h, h], type: level },
      { name: `blk.${i}.ffn_norm.weight`, dims: [h], type: 'F32' },
      { name: `blk.${i}.ffn_gate.weight`, dims: [h, ff], type: level },
      { name: `blk.${i}.ffn_up.weight`, dims: [h, ff], type: level },
      { name: `blk.${i}.ffn_down.weight`, dims: [ff, h], type: level },
    );
  }
  tensors.push({ name: 'output_norm.weight', dims: [h], type: 'F32' });
  return tensors;
}

function seededMetadata(config: ModelConfig, seed: number, level: LlamaCppLevel): Record<string, GgufValue> {
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const f32 = (value: number): GgufValue => ({ type: 'f32', value });
  const vocab = seededVocabulary(config.vocabSize);
  return {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: `yardstick-${config.preset}` },
    'general.file_type': u32(llamaFileType(level)),
    'general.quantization_version': u32(2),
    'general.alignment': u32(32),
    'yardstick.preset': { type: 'string', value: config.preset },
    'yardstick.seed': { type: 'i32', value: seed },
    'yardstick.param_count': { type: 'string', value: String(paramCount(config)) },
    'llama.context_length': u32(config.contextLength),
    'llama.embedding_length': u32(config.hiddenSize),
    'llama.block_count': u32(config.layerCount),
    'llama.feed_forward_length': u32(config.intermediateSize),
    'llama.attention.head_count': u32(config.headCount),
    'llama.attention.head_count_kv': u32(config.kvHeadCount),
    'llama.rope.freq_base': f32(config.ropeTheta),
    'llama.rope.dimension_count': u32(headDim(config)),
    'llama.attention.layer_norm_rms_epsilon': f32(config.rmsNormEps),
    'llama.vocab_size': u32(config.vocabSize),
    'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    'tokenizer.ggml.tokens': { type: 'string[]', value: vocab.tokens },
    'tokenizer.ggml.scores': { type: 'f32[]', value: new Float32Array(config.vocabSize) },
    'tokenizer.ggml.token_type': { type: 'i32[]', value: vocab.types },
    'tokenizer.ggml.bos_token_id': u32(BOS_TOKEN_ID),
    'tokenizer.ggml.eos_token_id': u32(GGUF_EOS_TOKEN_ID),
    'tokenizer.ggml.unknown_token_id': u32(GGUF_EOS_TOKEN_ID + 1),
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: false },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
  };
}

/**
 * The `yardstick-bytes` vocabulary as a sentencepiece-style (`llama`) GGUF vocabulary: ids 0-255 are
 * byte tokens `<0xNN>` (token type 6 = BYTE), 256 `<s>` (BOS), 257 `</s>` (EOS), 258 `<unk>`
 * (types 3 = CONTROL, 2 = UNKNOWN), 259 `▁` (sentencepiece's space, 1 = NORMAL, so text round-trips
 * through llama.cpp's tokenizer), the rest `<extra_N>` (5 = UNUSED). The engine tokenizes and
 * decodes itself; llama.cpp only needs a valid vocabulary of the model's size.
 */
export function seededVocabulary(vocabSize: number): { tokens: string[]; types: Int32Array } {
  const tokens: string[] = [];
  const types = new Int32Array(vocabSize);
  for (let id = 0; id < vocabSize; id++) {
    if (id < 256) {
      tokens.push(`<0x${id.toString(16).toUpperCase().padStart(2, '0')}>`);
      types[id] = 6;
    } else if (id === BOS_TOKEN_ID || id === GGUF_EOS_TOKEN_ID) {
      tokens.push(id === BOS_TOKEN_ID ? '<s>' : '</s>');
      types[id] = 3;
    } else if (id === GGUF_EOS_TOKEN_ID + 1) {
      tokens.push('<unk>');
      types[id] = 2;
    } else if (id === GGUF_EOS_TOKEN_ID + 2) {
      tokens.push('\u2581');
      types[id] = 1;
    } else {
      tokens.push(`<extra_${id}>`);
      types[id] = 5;
    }
  }
  return { tokens, types };
}

/** Row-major [rows][cols] -> [cols][rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/**
 * convert_hf_to_gguf.py's permute for q/k: within each head, output row 2i takes row i and row
 * 2i+1 takes row i + headDim/2, so llama.cpp's adjacent-pair RoPE rotates the pairs the
 * rotate-half form rotates. Example (headDim 4): rows [a, b, c, d] -> [a, c, b, d].
 */
export function permuteForRope(
  rows: Float32Array,
  heads: number,
  hd: number,
  rowLength: number,
): Float32Array {
  const out = new Float32Array(rows.length);
  const half = hd / 2;
  for (let head = 0; head < heads; head++) {
    for (let i = 0; i < half; i++) {
      for (const part of [0, 1]) {
        const from = (head * hd + part * half + i) * rowLength;
        const to = (head * hd + 2 * i + part) * rowLength;
        out.set(rows.subarray(from, from + rowLength), to);
      }
    }
  }
  return out;
}
