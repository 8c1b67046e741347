import type { Tokenization } from './engine-http';

/** Name recorded with every result: a byte-level tokenizer, one token per UTF-8 byte plus BOS. */
export const TOKENIZER_NAME = 'yardstick-bytes';

/** Beginning-of-sequence token id, placed before every prompt. Ids 0-255 are bytes. */
export const BOS_TOKEN_ID = 256;

export interface ChatMessage {
  role: string;
  content: string;
}

/**
 * `yardstick-bytes`, deterministic and dependency-free:
 * - encode: BOS (256), then one id per UTF-8 byte of the text (0-255). Token count = 1 + byte length.
 * - decode: exactly one character per id. Printable ASCII (32-126), tab and newline map to themselves;
 *   every other id (other bytes, ids ≥ 256 of the larger vocabularies) folds onto printable ASCII
 *   as `32 + id % 95`. One char per token keeps streamed deltas concatenating to the full text.
 * The model's weights are random, so generated text is gibberish by design.
 */
export function encode(text: string): number[] {
  return [BOS_TOKEN_ID, ...Buffer.from(text, 'utf8')];
}

/** One character for one token id (see {@link encode}). */
export function decodeToken(id: number): string {
  if ((id >= 32 && id <= 126) || id === 9 || id === 10) return String.fromCharCode(id);
  return String.fromCharCode(32 + (id % 95));
}

/** Concatenation of {@link decodeToken} over the ids. */
export function decode(ids: readonly number[]): string {
  return ids.map(decodeToken).join('');
}

/**
 * Chat template: `<|role|>\ncontent\n` per message, then `<|assistant|>\n` as the generation
 * prompt. Prompt tokens = encode(template).length.
 */
export function applyChatTemplate(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `<|${m.role}|>\n${m.content}\n`).join('') + '<|assistant|>\n';
}

/** `yardstick-bytes` with the chat template above: how both engines tokenize the seeded presets. */
export const BYTE_TOKENIZATION: Tokenization = {
  name: TOKENIZER_NAME,
  encodeChat: (messages) => encode(applyChatTemplate(messages)),
  decoder: () => decodeToken,
};
