/**
 * The GGUF files as llama.cpp's side reads them: node-llama-cpp's own GGUF parser (readGgufFileInfo)
 * reads back the metadata and the tensor table, and the tensor bytes at its offsets are the seeded
 * weights, transposed and (for q/k) permuted for llama.cpp's RoPE. The cache regenerates a file
 * whose bytes no longer match its checksum.
 */
import { mkdtempSync, openSync, readFileSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { quantizeRows } from '../src/engine/gguf/ggml-quants';
import { ensureSeededGguf, sha256File } from '../src/engine/gguf/gguf-cache';
import { levelsFor } from '../src/engine/gguf/llamacpp-levels';
import { permuteForRope, seededVocabulary, writeSeededGguf } from '../src/engine/gguf/seeded-gguf';
import { headDim, MODEL_PRESETS, paramCount } from '../src/engine/model-config';
import { seededWeights } from '../src/engine/seeded-weights';

const tiny = MODEL_PRESETS.tiny;
const dir = mkdtempSync(join(tmpdir(), 'gguf-writer-'));

function readAt(path: string, offset: number, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  const out = new Uint8Array(length);
  readSync(fd, out, 0, length, offset);
  closeSync(fd);
  return out;
}

describe('seeded GGUF', () => {
  it('node-llama-cpp reads the llama metadata and every tensor; the bytes are the seeded weights', async () => {
    const path = join(dir, 'tiny-Q8_0.gguf');
    const size = writeSeededGguf(path, tiny, 3, 'Q8_0');
    const info = await readGgufFileInfo(path);
    expect(info.version).toBe(3);
    const general = info.metadata.general as Record<string, unknown>;
    expect(general).toMatchObject({ architecture: 'llama', file_type: 7, alignment: 32 });
    expect(info.architectureMetadata).toMatchObject({
      context_length: 256,
      embedding_length: 64,
      block_count: 2,
      feed_forward_length: 192,
      attention: { head_count: 4, head_count_kv: 2 },
      rope: { dimension_count: 16 },
    });
    const tensors = info.tensorInfo!;
    expect(tensors).toHaveLength(1 + 9 * tiny.layerCount + 1);
    const elements = tensors.reduce((n, t) => n + t.dimensions.reduce<number>((a, d) => a * Number(d), 1), 0);
    expect(elements).toBe(paramCount(tiny));
    expect(info.metadata.tokenizer.ggml.tokens).toHaveLength(512);

    // attn_k of layer 0: wk drawn [inputs 64][outputs 32], stored as rows of outputs, rows permuted per kv head.
    const weights = seededWeights(tiny, 3);
    const block0 = weights.blocks.next().value!;
    const kv = tiny.kvHeadCount * headDim(tiny);
    const transposed = new Float32Array(64 * kv);
    for (let r = 0; r < 64; r++) for (let c = 0; c < kv; c++) transposed[c * 64 + r] = block0.wk[r * kv + c]!;
    const expected = quantizeRows(
      'Q8_0',
      permuteForRope(transposed, tiny.kvHeadCount, headDim(tiny), 64),
      64,
    );
    const attnK = tensors.find((t) => t.name === 'blk.0.attn_k.weight')!;
    expect(attnK.dimensions.map(Number)).toEqual([64, kv]);
    expect(attnK.ggmlType).toBe(8);
    expect(readAt(path, Number(attnK.fileOffset), expected.length)).toEqual(expected);
    // token_embd is the embedding as drawn ([vocab][hidden] rows), the last tensor ends the file.
    const embd = tensors.find((t) => t.name === 'token_embd.weight')!;
    expect(readAt(path, Number(embd.fileOffset), 34)).toEqual(
      quantizeRows('Q8_0', weights.embedding.subarray(0, 32), 32),
    );
    const last = tensors.at(-1)!;
    expect(last.name).toBe('output_norm.weight');
    expect(Number(last.fileOffset) + 64 * 4).toBe(size);
  });

  it('permutes q/k rows as convert_hf_to_gguf does: per head, [a, b, c, d] -> [a, c, b, d]', () => {
    const rows = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // 2 heads of headDim 4, one column
    expect(Array.from(permuteForRope(rows, 2, 4, 1))).toEqual([1, 3, 2, 4, 5, 7, 6, 8]);
  });

  it('writes the yardstick-bytes vocabulary: byte tokens, BOS/EOS/unk, the sentencepiece space', () => {
    const { tokens, types } = seededVocabulary(300);
    expect([tokens[0], tokens[10], tokens[255], tokens[256], tokens[257], tokens[258], tokens[259]]).toEqual([
      '<0x00>',
      '<0x0A>',
      '<0xFF>',
      '<s>',
      '</s>',
      '<unk>',
      '\u2581',
    ]);
    expect([types[65], types[256], types[258], types[259], types[299]]).toEqual([6, 3, 2, 1, 5]);
  });

  it('lists the levels a preset fits: K-quants need rows that are multiples of 256', () => {
    expect(levelsFor(MODEL_PRESETS.tiny)).toEqual(['F32', 'F16', 'Q8_0', 'Q4_0']);
    expect(levelsFor(MODEL_PRESETS.small)).toEqual(['F32', 'F16', 'Q8_0', 'Q6_K', 'Q5_K', 'Q4_K', 'Q4_0']);
    expect(levelsFor(MODEL_PRESETS['smollm-135m'])).toEqual(['F32', 'F16', 'Q8_0', 'Q4_0']);
    expect(() => writeSeededGguf(join(dir, 'x.gguf'), tiny, 0, 'Q4_K')).toThrow(
      "quantization: preset 'tiny' has rows of 64 and 192 weights, not multiples of Q4_K's 256-weight blocks; use one of F32, F16, Q8_0, Q4_0",
    );
  });

  it('caches by checksum: reused when intact, written again when altered', async () => {
    const cache = join(dir, 'cache');
    const first = await ensureSeededGguf(tiny, 0, 'Q4_0', cache);
    expect(first.generated).toBe(true);
    expect(first.sha256).toBe(await sha256File(first.path));
    expect(JSON.parse(readFileSync(`${first.path}.json`, 'utf8'))).toMatchObject({
      sha256: first.sha256,
      level: 'Q4_0',
    });
    const again = await ensureSeededGguf(tiny, 0, 'Q4_0', cache);
    expect(again).toEqual({ ...first, generated: false });
    const bytes = readFileSync(first.path);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // same size, one byte changed
    writeFileSync(first.path, bytes);
    const repaired = await ensureSeededGguf(tiny, 0, 'Q4_0', cache);
    expect(repaired.generated).toBe(true);
    expect(repaired.sha256).toBe(first.sha256);
  });
});
