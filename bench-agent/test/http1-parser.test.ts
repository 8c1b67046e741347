import { describe, expect, it } from 'vitest';
import { Http1ResponseParser, type ResponseSink } from '../src/targets/http1-response-parser';
import { SseParser } from '../src/targets/sse-parser';
import { chunked, sseBody } from './helpers/raw-http.server';

/** Collects what the parser reports. */
class Recorder implements ResponseSink {
  status = 0;
  body: Buffer[] = [];
  completions: boolean[] = [];
  onHead(status: number): void {
    this.status = status;
  }
  onBody(bytes: Buffer): void {
    this.body.push(Buffer.from(bytes)); // copy: views are only valid during the call
  }
  onComplete(reusable: boolean): void {
    this.completions.push(reusable);
  }
  text(): string {
    return Buffer.concat(this.body).toString('utf8');
  }
}

/** Feeds `pieces` in order; returns the recorder and the bytes the parser left unused. */
function feed(pieces: Buffer[]): { rec: Recorder; unused: number } {
  const rec = new Recorder();
  const parser = new Http1ResponseParser(rec);
  let unused = 0;
  for (const p of pieces) unused += p.length - parser.execute(p, 0);
  return { rec, unused };
}

const BODY = 'data: {"x":"wörld"}\n\n' + sseBody(3);
const CHUNKED_RESPONSE = Buffer.concat([
  Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n'),
  chunked(BODY, 7, ';ext="a b";x=1'),
  Buffer.from('X-Trailer: done\r\nOther: 1\r\n\r\n'),
]);

describe('HTTP/1.1 response parser', () => {
  it('decodes chunked bodies (extensions, trailers) the same when split at every byte position', () => {
    const whole = feed([CHUNKED_RESPONSE]);
    expect(whole.rec.status).toBe(200);
    expect(whole.rec.text()).toBe(BODY);
    expect(whole.rec.completions).toEqual([true]);
    for (let i = 1; i < CHUNKED_RESPONSE.length; i += 1) {
      const split = feed([CHUNKED_RESPONSE.subarray(0, i), CHUNKED_RESPONSE.subarray(i)]);
      expect(split.rec.text(), `split at ${i}`).toBe(BODY);
      expect(split.rec.completions, `split at ${i}`).toEqual([true]);
    }
  });

  it('decodes the same in one-byte reads', () => {
    const bytes = [...CHUNKED_RESPONSE].map((b) => Buffer.from([b]));
    const { rec } = feed(bytes);
    expect(rec.text()).toBe(BODY);
    expect(rec.completions).toEqual([true]);
  });

  it('reads a Content-Length body, split at every position, and reports bytes after it as unused', () => {
    const body = '{"choices":[]}';
    const response = Buffer.from(
      `HTTP/1.1 503 Service Unavailable\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    for (let i = 1; i < response.length; i += 1) {
      const { rec, unused } = feed([response.subarray(0, i), response.subarray(i)]);
      expect(rec.status).toBe(503);
      expect(rec.text()).toBe(body);
      expect(rec.completions).toEqual([true]);
      expect(unused).toBe(0);
    }
    const extra = feed([Buffer.concat([response, Buffer.from('HTTP/1.1 200 OK\r\n')])]);
    expect(extra.unused).toBe('HTTP/1.1 200 OK\r\n'.length);
  });

  it('decides reuse from the version and the connection header', () => {
    const reuse = (head: string): boolean[] =>
      feed([Buffer.from(`${head}\r\ncontent-length: 0\r\n\r\n`)]).rec.completions;
    expect(reuse('HTTP/1.1 200 OK')).toEqual([true]);
    expect(reuse('HTTP/1.1 200 OK\r\nConnection: close')).toEqual([false]);
    expect(reuse('HTTP/1.1 200 OK\r\nconnection: Upgrade, Close')).toEqual([false]);
    expect(reuse('HTTP/1.0 200 OK')).toEqual([false]);
    expect(reuse('HTTP/1.0 200 OK\r\nConnection: keep-alive')).toEqual([true]);
  });

  it('skips interim 1xx responses; 204 has no body', () => {
    const { rec } = feed([
      Buffer.from(
        'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
      ),
    ]);
    expect(rec.status).toBe(200);
    expect(rec.text()).toBe('ok');
    const noContent = feed([Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')]);
    expect(noContent.rec.completions).toEqual([true]);
  });

  it('reads until close when there is no length, and only a close completes it', () => {
    const rec = new Recorder();
    const parser = new Http1ResponseParser(rec);
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\ndata: a\n\n'), 0);
    parser.execute(Buffer.from('data: b\n\n'), 0);
    expect(rec.completions).toEqual([]);
    expect(parser.finishOnClose()).toBe(true);
    expect(rec.completions).toEqual([false]);
    expect(rec.text()).toBe('data: a\n\ndata: b\n\n');
    // A chunked body cut short is not complete on close.
    const cut = new Http1ResponseParser(new Recorder());
    cut.execute(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab'), 0);
    expect(cut.finishOnClose()).toBe(false);
  });

  it('rejects malformed responses with a message naming the problem', () => {
    const bad = (text: string): string => {
      try {
        feed([Buffer.from(text)]);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(bad('SSH-2.0-OpenSSH\r\n')).toMatch(/not an HTTP\/1.x status line/);
    expect(bad('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n')).toMatch(/invalid chunk size/);
    expect(bad('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n')).toMatch(
      /not followed by CRLF/,
    );
    expect(bad('HTTP/1.1 200 OK\r\ncontent-length: 1x\r\n\r\n')).toMatch(/invalid content-length/);
    expect(bad('HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n')).toMatch(/conflicting/);
  });
});

describe('SSE parser on raw bytes', () => {
  it('gives the same events for every split position of a UTF-8 stream with a BOM and CRLF', () => {
    const text = '\uFEFFevent: x\r\ndata: wörld €\r\ndata: 2\r\nid: 7\r\n\r\n: c\r\ndata: [DONE]\r\n\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const whole = new SseParser().push(bytes);
    expect(whole).toEqual([
      { event: 'x', data: 'wörld €\n2', id: '7' },
      { event: 'message', data: '[DONE]' },
    ]);
    for (let i = 1; i < bytes.length; i += 1) {
      const parser = new SseParser();
      const events = [...parser.push(bytes.subarray(0, i)), ...parser.push(bytes.subarray(i))];
      expect(events, `split at ${i}`).toEqual(whole);
      expect(parser.hasPartialEvent()).toBe(false);
    }
  });

  it('does not keep views of the caller’s buffer for an unfinished line', () => {
    const parser = new SseParser();
    const read = Buffer.from('data: abc');
    expect(parser.push(read)).toEqual([]);
    read.fill(0x7a); // a reused socket buffer would be overwritten like this
    expect(parser.push(Buffer.from('def\n\n'))).toEqual([{ event: 'message', data: 'abcdef' }]);
  });
});
