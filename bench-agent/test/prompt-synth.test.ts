import { describe, expect, it } from 'vitest';
import { encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { synthesizeText } from '../src/prompts/prompt.synth';
import { loadTokenizer, resolveTokenizerName } from '../src/workload/tokenizer.registry';
import { encode as encodeYardstickBytes, BOS_TOKEN_ID } from '../src/engine/tokenizer';
import { createRng } from '../src/util/rng';

const lengths = [1, 2, 3, 4, 5, 7, 16, 31, 100, 257, 1000, 4096];

describe('prompt synthesis under a named tokenizer', () => {
  it.each([
    ['cl100k_base', encodeCl100k],
    ['o200k_base', encodeO200k],
  ] as const)('%s: the text encodes to exactly the requested tokens', async (name, encode) => {
    const tokenizer = await loadTokenizer(name);
    const rng = createRng(17);
    for (const tokens of lengths) {
      for (const header of ['', 'Request 12:', ' Session 3 turn 2:']) {
        const text = synthesizeText(tokenizer, rng, tokens, header);
        expect(encode(text), `${tokens} tokens, header "${header}"`).toHaveLength(tokens);
        if (header && tokens >= 8) expect(text.startsWith(header)).toBe(true);
      }
    }
  });

  it('yardstick-bytes: exactly N bytes, i.e. N + 1 tokens with the engine BOS', async () => {
    const tokenizer = await loadTokenizer('yardstick-bytes');
    for (const tokens of lengths) {
      const text = synthesizeText(tokenizer, createRng(1), tokens, 'Request 12:');
      const ids = encodeYardstickBytes(text);
      expect(ids[0]).toBe(BOS_TOKEN_ID);
      expect(ids).toHaveLength(tokens + 1);
    }
  });

  it('is reproducible from the seed and differs across seeds and headers', async () => {
    const tokenizer = await loadTokenizer('cl100k_base');
    const a = synthesizeText(tokenizer, createRng(5), 300, 'Request 3:');
    expect(synthesizeText(tokenizer, createRng(5), 300, 'Request 3:')).toBe(a);
    expect(synthesizeText(tokenizer, createRng(6), 300, 'Request 3:')).not.toBe(a);
    expect(synthesizeText(tokenizer, createRng(5), 300, 'Request 4:')).not.toBe(a);
  });

  it('resolves auto to the target tokenizer when known, else cl100k_base', () => {
    expect(resolveTokenizerName('auto', 'yardstick-bytes')).toBe('yardstick-bytes');
    expect(resolveTokenizerName('auto', 'LlamaTokenizerFast')).toBe('cl100k_base');
    expect(resolveTokenizerName('auto', undefined)).toBe('cl100k_base');
    expect(resolveTokenizerName('o200k_base', 'yardstick-bytes')).toBe('o200k_base');
  });
});
