import { afterEach, describe, expect, it } from 'vitest';
import { SseParser } from '../src/targets/sse-parser';
import { interpretChunk } from '../src/targets/openai-chunk';
import { OpenAiTarget } from '../src/targets/openai.target';
import {
  loadSseFixtures,
  startReplayServer,
  type SseFixture,
  type WritePattern,
} from './helpers/sse-fixture';

const FIXTURES = loadSseFixtures();
const toCrlf = (b: Buffer): Buffer => Buffer.from(b.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');

/** Parses a whole fixture the way the transport does, collecting text and counts. */
function parseAll(body: Buffer, pieceSize: number) {
  const parser = new SseParser();
  const events = [];
  for (let i = 0; i < body.length; i += pieceSize)
    events.push(...parser.push(body.subarray(i, i + pieceSize)));
  events.push(...parser.end());
  let text = '';
  let chunks = 0;
  let error: string | undefined;
  for (const ev of events) {
    const c = interpretChunk(ev.data, ev.event);
    if (c.type === 'chunk' && c.content) {
      text += c.content;
      chunks += 1;
    }
    if (c.type === 'error' || c.type === 'malformed') error ??= c.message;
  }
  return { text, chunks, error };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('SSE fixtures of real servers (vLLM, SGLang, TGI, llama.cpp, Ollama, TensorRT-LLM)', () => {
  it('covers all six servers', () => {
    const servers = new Set(FIXTURES.map((f) => f.name.split('-')[0]));
    expect([...servers].sort()).toEqual(['llamacpp', 'ollama', 'sglang', 'tgi', 'trtllm', 'vllm']);
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))(
    '%s: same text and counts whole, byte by byte and as CRLF',
    (_name, fx: SseFixture) => {
      for (const body of [fx.body, toCrlf(fx.body)]) {
        for (const piece of [body.length, 1, 7]) {
          const got = parseAll(body, piece);
          expect(got.text).toBe(fx.expect.text);
          expect(got.chunks).toBe(fx.expect.contentChunks);
          if (fx.expect.error) expect(got.error).toContain(fx.expect.error);
          else expect(got.error).toBeUndefined();
        }
      }
    },
  );

  const cases: [string, SseFixture, WritePattern, boolean][] = [];
  for (const fx of FIXTURES) {
    cases.push([`${fx.name} one write`, fx, 'one-write', false]);
    cases.push([`${fx.name} random writes`, fx, 'random-writes', false]);
    cases.push([`${fx.name} tiny writes CRLF`, fx, 'tiny-writes', true]);
  }
  it.each(cases)(
    'over real HTTP: %s',
    async (_label, fx, pattern, crlf) => {
      const body = crlf ? toCrlf(fx.body) : fx.body;
      const server = await startReplayServer(body, pattern);
      close = server.close;
      const target = new OpenAiTarget({
        baseUrl: server.url,
        timeoutMs: 10_000,
        api: fx.name.includes('completions') ? 'completions' : 'chat',
      });
      try {
        const r = await target.generate({ model: 'm', prompt: 'p', maxTokens: 8, seed: 1 });
        expect(r.contentChunkTimes).toHaveLength(fx.expect.contentChunks);
        if (fx.expect.outcome === 'ok') {
          expect(r.errorKind).toBeNull();
          expect(r.promptTokens).toBe(fx.expect.promptTokens);
          expect(r.completionTokens).toBe(fx.expect.completionTokens);
          expect(r.firstTokenAt).toBeGreaterThanOrEqual(r.sentAt);
          expect(r.lastByteAt).toBeGreaterThanOrEqual(r.firstTokenAt!);
        } else {
          expect(r.errorKind).toBe('stream_broken');
          expect(r.errorMessage).toContain(fx.expect.error);
        }
        // An error event ends the request at once, so fewer pieces are written before it.
        if (pattern !== 'one-write')
          expect(server.writes()).toBeGreaterThan(fx.expect.outcome === 'ok' ? 10 : 3);
      } finally {
        target.close();
      }
    },
    20_000,
  );
});
