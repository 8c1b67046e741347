import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/targets/sse-parser';
import { interpretChunk } from '../src/targets/openai-chunk';

// A real vLLM-style stream: role chunk, two content chunks, usage-only chunk with choices: [], [DONE].
const STREAM =
  ': ping\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" wörld"}}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}\n\n' +
  'data: [DONE]\n\n';

const datas = (events: { data: string }[]): string[] => events.map((e) => e.data);

describe('SseParser', () => {
  it('parses a whole stream in one read: comments skipped, five events in order', () => {
    const events = new SseParser().push(STREAM);
    expect(events).toHaveLength(5);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(events.every((e) => e.event === 'message')).toBe(true);
  });

  it('gives the same events when the bytes arrive one at a time (split UTF-8 included)', () => {
    const whole = datas(new SseParser().push(STREAM));
    const parser = new SseParser();
    const bytes = new TextEncoder().encode(STREAM);
    const events = [];
    for (const b of bytes) events.push(...parser.push(new Uint8Array([b])));
    expect(datas(events)).toEqual(whole);
    expect(datas(events)[2]).toContain('wörld');
  });

  it('handles CRLF, including a CR and its LF split across two reads', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    const whole = datas(new SseParser().push(crlf));
    expect(whole).toHaveLength(5);
    const parser = new SseParser();
    const events = [];
    // Cut every read right after a '\r' so the '\n' starts the next read.
    for (const piece of crlf.split(/(?<=\r)/)) events.push(...parser.push(piece));
    expect(datas(events)).toEqual(whole);
    expect(parser.hasPartialEvent()).toBe(false);
  });

  it('joins multi-line data fields and reads event names; bare CR line endings work too', () => {
    const events = new SseParser().push('event: error\rdata: line1\rdata: line2\r\r');
    expect(events).toEqual([{ event: 'error', data: 'line1\nline2' }]);
  });

  it('keeps an unterminated event buffered and reports it as partial', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"choices":[{"delta":{"content":"x"}}]}\n')).toEqual([]);
    expect(parser.hasPartialEvent()).toBe(true);
    expect(parser.end()).toEqual([]);
  });
});

describe('interpretChunk', () => {
  it('reads content, the usage-only chunk, [DONE], error events and malformed JSON', () => {
    const [role, hello, , usage, done] = datas(new SseParser().push(STREAM)).map((d) => interpretChunk(d));
    expect(role).toEqual({ type: 'chunk', content: '' });
    expect(hello).toEqual({ type: 'chunk', content: 'Hello' });
    expect(usage).toEqual({ type: 'chunk', content: '', promptTokens: 12, completionTokens: 2 });
    expect(done).toEqual({ type: 'done' });
    expect(interpretChunk('{"error":{"message":"out of memory","code":500}}')).toEqual({
      type: 'error',
      message: 'out of memory',
    });
    expect(interpretChunk('{"choices":[').type).toBe('malformed');
    expect(interpretChunk('[1,2]').type).toBe('malformed');
  });
});
