/**
 * Named tokenizers that prompts are synthesised for. A scenario's `request.tokenizer` picks one and the
 * run config records it, so "512 input tokens" always says under which tokenizer it was 512.
 * - cl100k_base / o200k_base: OpenAI's BPE encodings, shipped offline in the `gpt-tokenizer` package
 *   (cl100k is also a close proxy for Llama 3 / Mistral counts on plain English);
 * - yardstick-bytes: the embedded engine's tokenizer, one token per UTF-8 byte (its BOS is added by the
 *   chat template, not counted here).
 * The BPE tables are large (~170-320 ms to load), so they are imported on first use only.
 */
import type { TokenizerName } from '@yardstick/schema/scenario';

export type ConcreteTokenizerName = Exclude<TokenizerName, 'auto'>;

export interface NamedTokenizer {
  name: ConcreteTokenizerName;
  /** Tokens the text encodes to (content only: no BOS, no chat template). */
  countTokens(text: string): number;
  /** True when one token per byte (prompts are cut to exact byte counts instead of built from words). */
  byteLevel: boolean;
}

const bytesTokenizer: NamedTokenizer = {
  name: 'yardstick-bytes',
  countTokens: (text) => Buffer.byteLength(text, 'utf8'),
  byteLevel: true,
};

const cache = new Map<ConcreteTokenizerName, Promise<NamedTokenizer>>();

async function loadBpe(name: 'cl100k_base' | 'o200k_base'): Promise<NamedTokenizer> {
  const mod =
    name === 'cl100k_base'
      ? await import('gpt-tokenizer/encoding/cl100k_base')
      : await import('gpt-tokenizer/encoding/o200k_base');
  return { name, countTokens: (text) => mod.countTokens(text), byteLevel: false };
}

/** Loads a tokenizer by name (cached). Example: `(await loadTokenizer('cl100k_base')).countTokens(' the')` → 1. */
export function loadTokenizer(name: ConcreteTokenizerName): Promise<NamedTokenizer> {
  let pending = cache.get(name);
  if (!pending) {
    pending = name === 'yardstick-bytes' ? Promise.resolve(bytesTokenizer) : loadBpe(name);
    cache.set(name, pending);
  }
  return pending;
}

/**
 * Resolves `auto`: the target's own tokenizer when it reports one we have (the embedded engine reports
 * `yardstick-bytes`), else cl100k_base.
 */
export function resolveTokenizerName(
  requested: TokenizerName,
  targetTokenizer: string | undefined,
): ConcreteTokenizerName {
  if (requested !== 'auto') return requested;
  if (targetTokenizer === 'yardstick-bytes') return 'yardstick-bytes';
  if (targetTokenizer === 'o200k_base' || targetTokenizer === 'cl100k_base') return targetTokenizer;
  return 'cl100k_base';
}
