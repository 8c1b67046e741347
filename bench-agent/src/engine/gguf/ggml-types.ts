/**
 * The ggml tensor types this project writes, with the numbers GGUF stores for them (ggml.h's
 * `enum ggml_type`) and their block geometry (ggml-common.h): a row of `n` weights takes
 * n / blockSize · blockBytes bytes, so `n` must be a multiple of blockSize.
 *
 * Example: a 576-wide row in Q4_0 takes 576 / 32 · 18 = 324 bytes (4.5 bits per weight).
 */
export interface GgmlTypeInfo {
  name: GgmlTypeName;
  /** `enum ggml_type` value stored in the GGUF tensor info. */
  id: number;
  blockSize: number;
  blockBytes: number;
}

export type GgmlTypeName = 'F32' | 'F16' | 'Q4_0' | 'Q8_0' | 'Q4_K' | 'Q5_K' | 'Q6_K';

/** Weights per K-quant super-block (ggml's QK_K). */
export const QK_K = 256;

export const GGML_TYPES: Record<GgmlTypeName, GgmlTypeInfo> = {
  F32: { name: 'F32', id: 0, blockSize: 1, blockBytes: 4 },
  F16: { name: 'F16', id: 1, blockSize: 1, blockBytes: 2 },
  // block_q4_0: fp16 d + 16 bytes of nibbles
  Q4_0: { name: 'Q4_0', id: 2, blockSize: 32, blockBytes: 18 },
  // block_q8_0: fp16 d + 32 int8
  Q8_0: { name: 'Q8_0', id: 8, blockSize: 32, blockBytes: 34 },
  // block_q4_K: fp16 d, fp16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles
  Q4_K: { name: 'Q4_K', id: 12, blockSize: QK_K, blockBytes: 144 },
  // block_q5_K: as q4_K plus 32 bytes of high bits
  Q5_K: { name: 'Q5_K', id: 13, blockSize: QK_K, blockBytes: 176 },
  // block_q6_K: 128 bytes low nibbles, 64 bytes high 2-bit pairs, 16 int8 scales, fp16 d
  Q6_K: { name: 'Q6_K', id: 14, blockSize: QK_K, blockBytes: 210 },
};

/** Bytes of one row of `rowLength` weights; throws naming the block size when it does not divide. */
export function rowBytes(type: GgmlTypeName, rowLength: number): number {
  const info = GGML_TYPES[type];
  if (rowLength % info.blockSize !== 0)
    throw new Error(
      `${type}: rows of ${rowLength} weights are not a multiple of its ${info.blockSize}-weight block`,
    );
  return (rowLength / info.blockSize) * info.blockBytes;
}
