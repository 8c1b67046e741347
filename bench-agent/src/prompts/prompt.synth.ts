import { createRng, type Rng } from '../util/rng';
import type { NamedTokenizer } from '../workload/tokenizer.registry';

export { drawLength } from '../workload/length-distribution';

/**
 * Prompt synthesis to an EXACT token count under a named tokenizer (workload/tokenizer.registry.ts).
 * Prompts are a short unique header (`Request 12:`, which defeats accidental prefix caching) followed by
 * common English words, each written with its leading space, taken from a fixed random corpus. BPE tokenizers of the cl100k/o200k family
 * split text into pre-tokens at every " word" boundary, so a word that is ONE token alone is one token in
 * any such prompt: the count is header tokens + word count, exact by construction (the tests re-encode
 * to check). Byte-level tokenizers get the text cut to exactly N bytes. The chat template adds a few
 * tokens on top; the server's usage.prompt_tokens is what gets recorded as the request's inputTokens.
 */
const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there one all we their has been would when more will if no out so what up said ' +
  'about other into than its time only could new them man some these then two first may any like now my ' +
  'such make over our even most me state after also made many did must before back see through way where ' +
  'get much go well your know should down work year because come people just say each those take day good ' +
  'how long own under great last right old very still part while here find world same life three'
).split(' ');

/** Words in each tokenizer's random corpus; prompts are slices of it (longer ones join several slices). */
const CORPUS_WORDS = 65_536;

/** A fixed random text of single-token words and where each word starts (starts[i] .. starts[i + 1]). */
interface Corpus {
  text: string;
  starts: Int32Array;
}

const corpora = new WeakMap<NamedTokenizer, Corpus>();

/**
 * The tokenizer's corpus: CORPUS_WORDS random words that each encode to ONE token with their leading
 * space, built once (~260 kB) from a fixed seed. Slicing it makes synthesis cost a string slice rather
 * than a word-by-word build (measured: a 4,096-token prompt went from ~400 µs to a few µs).
 */
function corpusFor(tokenizer: NamedTokenizer): Corpus {
  let corpus = corpora.get(tokenizer);
  if (!corpus) {
    const words = tokenizer.byteLevel
      ? WORDS.map((w) => ` ${w}`)
      : WORDS.map((w) => ` ${w}`).filter((w) => tokenizer.countTokens(w) === 1);
    if (words.length < 16) throw new Error(`tokenizer ${tokenizer.name}: too few single-token words`);
    const rng = createRng(0xc0ffee);
    const parts: string[] = [];
    const starts = new Int32Array(CORPUS_WORDS + 1);
    let length = 0;
    for (let i = 0; i < CORPUS_WORDS; i += 1) {
      const word = words[rng.int(0, words.length - 1)]!;
      starts[i] = length;
      parts.push(word);
      length += word.length;
    }
    starts[CORPUS_WORDS] = length;
    corpus = { text: parts.join(''), starts };
    corpora.set(tokenizer, corpus);
  }
  return corpus;
}

/** `count` corpus words from random positions (several slices when count exceeds the corpus). */
function corpusWords(corpus: Corpus, rng: Rng, count: number): string {
  let out = '';
  for (let left = count; left > 0;) {
    const take = Math.min(left, CORPUS_WORDS);
    const from = rng.int(0, CORPUS_WORDS - take);
    out += corpus.text.slice(corpus.starts[from], corpus.starts[from + take]);
    left -= take;
  }
  return out;
}

/** `count` ASCII characters (= bytes) of corpus text from random positions. */
function corpusBytes(corpus: Corpus, rng: Rng, count: number): string {
  let out = '';
  for (let left = count; left > 0;) {
    const take = Math.min(left, corpus.text.length);
    const from = rng.int(0, corpus.text.length - take);
    out += corpus.text.slice(from, from + take);
    left -= take;
  }
  return out;
}

/**
 * Text of exactly `tokens` content tokens under `tokenizer`: `header` (when it fits) then random words.
 * Example: synthesizeText(cl100k, rng, 100, 'Request 3:') → "Request 3: the world ..." encoding to 100 tokens.
 */
export function synthesizeText(tokenizer: NamedTokenizer, rng: Rng, tokens: number, header = ''): string {
  const corpus = corpusFor(tokenizer);
  if (tokenizer.byteLevel) {
    const head = header.slice(0, tokens); // headers are ASCII: chars = bytes
    return head + corpusBytes(corpus, rng, tokens - head.length);
  }
  const headerTokens = header ? tokenizer.countTokens(header) : 0;
  const useHeader = header !== '' && headerTokens <= tokens;
  return useHeader
    ? header + corpusWords(corpus, rng, tokens - headerTokens)
    : corpusWords(corpus, rng, tokens);
}
