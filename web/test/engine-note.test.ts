import { describe, expect, it } from 'vitest';
import { quantizationNote } from '../src/lib/engine-note';

describe('quantizationNote', () => {
  it('says llama.cpp computes with low-bit weights and TensorFlow.js widens them; nothing for other targets', () => {
    expect(quantizationNote('yardstick-embedded', 'llama.cpp/cpu-haswell')).toMatch(
      /^llama\.cpp computes with the stored low-bit weights/,
    );
    expect(quantizationNote('yardstick-embedded', 'llama.cpp/cuda')).toMatch(/^llama\.cpp /);
    expect(quantizationNote('yardstick-embedded', 'wasm')).toMatch(
      /^TensorFlow\.js stores .* computes in fp32/,
    );
    expect(quantizationNote('vllm', null)).toBeNull();
  });
});
