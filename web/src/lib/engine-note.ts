/**
 * One line for the run page on what quantization does in the embedded engine that ran, so a low-bit
 * level's speed reads right: llama.cpp computes with the stored blocks, TensorFlow.js widens them.
 * Null for any other target (its engine's kernels are its own business).
 */
export function quantizationNote(targetEngine: string, engineBackend: string | null): string | null {
  if (targetEngine !== 'yardstick-embedded') return null;
  if (engineBackend?.startsWith('llama.cpp'))
    return 'llama.cpp computes with the stored low-bit weights: fewer bits per weight, fewer bytes read per token, faster decode.';
  return 'TensorFlow.js stores fp16/int8/int4 weights but computes in fp32: quantization saves memory here, not time.';
}
