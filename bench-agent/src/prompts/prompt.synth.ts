import type { LengthDist } from '@yardstick/schema/scenario';
import type { Rng } from '../util/rng';

/**
 * Prompt synthesis. We have no tokenizer for an arbitrary remote model, so prompts are built from common
 * short English words, each of which is ONE token (with its leading space) in the BPE tokenizers of
 * the GPT-4/cl100k, Llama 3 and Mistral families. A prompt of N words is therefore ~N tokens of content;
 * the chat template adds a few tokens on top. The server's usage.prompt_tokens is what gets recorded as
 * inputTokens, so the approximation only affects how close the workload is to the requested size.
 */
export const TOKENIZER_ASSUMPTION =
  'one token per common English word with a leading space (BPE: cl100k / Llama 3 / Mistral); chat template overhead not counted';

/** Assumption used when the target says it tokenizes bytes (the embedded engine's `yardstick-bytes`). */
export const BYTE_TOKENIZER_ASSUMPTION = 'one token per UTF-8 byte (target reports a byte-level tokenizer)';

/** True for tokenizers that emit one token per byte, e.g. the embedded engine's `yardstick-bytes`. */
export function isByteTokenizer(tokenizer: string | undefined): boolean {
  return tokenizer !== undefined && /byte/i.test(tokenizer) && !/bpe/i.test(tokenizer);
}

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there one all we their has been would when more will if no out so what up said ' +
  'about other into than its time only could new them man some these then two first may any like now my ' +
  'such make over our even most me state after also made many did must before back see through way where ' +
  'get much go well your know should down work year because come people just say each those take day good ' +
  'how long own under great last right old very still part while here find world same life three'
).split(' ');

/**
 * Builds a prompt of ~`tokens` tokens: a request-unique prefix (defeats prefix caching) then random words.
 * With `byteTokens` the prompt is cut to exactly `tokens` ASCII characters (= bytes = tokens).
 */
export function synthesizePrompt(rng: Rng, tokens: number, seq: number, byteTokens = false): string {
  const words: string[] = [`Request ${seq}:`]; // ~3 BPE tokens
  if (byteTokens) {
    let length = words[0]!.length;
    while (length < tokens) {
      const word = WORDS[rng.int(0, WORDS.length - 1)] as string;
      words.push(word);
      length += word.length + 1;
    }
    return words.join(' ').slice(0, tokens);
  }
  for (let i = 3; i < tokens; i += 1) words.push(WORDS[rng.int(0, WORDS.length - 1)] as string);
  return words.join(' ');
}

/** Draws one length from a scenario distribution (normal is clamped to [min, max] and to >= 1). */
export function drawLength(rng: Rng, dist: LengthDist): number {
  switch (dist.dist) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return rng.int(dist.min, dist.max);
    case 'normal': {
      const v = Math.round(rng.normal(dist.mean, dist.stddev));
      return Math.max(dist.min ?? 1, Math.min(dist.max ?? Number.MAX_SAFE_INTEGER, v), 1);
    }
  }
}
