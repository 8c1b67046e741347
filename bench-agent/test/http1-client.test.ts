import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTarget, type OpenAiTargetOptions } from '../src/targets/openai.target';
import { chunked, sseBody, startRawServer, type RawRequest, type RawServer } from './helpers/raw-http.server';
import { startFakeOpenAi, type FakeOpenAiOptions } from './helpers/fake-openai.server';

const REQ = { model: 'm', prompt: 'hello', maxTokens: 3, seed: 1 };
const SSE_HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function raw(respond: (req: RawRequest) => void): Promise<RawServer> {
  const server = await startRawServer(respond);
  cleanups.push(() => server.close());
  return server;
}

function target(url: string, extra: Partial<OpenAiTargetOptions> = {}): OpenAiTarget {
  const t = new OpenAiTarget({ baseUrl: url, timeoutMs: 5000, ...extra });
  cleanups.push(() => t.close());
  return t;
}

/** A complete chunked SSE response with `n` content chunks, chunk extensions and a trailer. */
function sseResponse(n: number): Buffer {
  return Buffer.concat([
    Buffer.from(SSE_HEAD),
    chunked(sseBody(n), 37, ';x=1'),
    Buffer.from('x-t: 1\r\n\r\n'),
  ]);
}

const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('raw HTTP/1.1 client behind OpenAiTarget', () => {
  it('gets the same result when the response is split into two reads at every position', async () => {
    const response = sseResponse(2);
    let split = 1;
    const server = await raw((req) => {
      const at = split;
      req.socket.write(response.subarray(0, at));
      setTimeout(() => req.socket.write(response.subarray(at)), 1);
    });
    const t = target(server.url);
    for (; split < response.length; split += 1) {
      const r = await t.generate(REQ);
      expect(r.errorKind, `split at ${split}: ${r.errorMessage}`).toBeNull();
      expect(r.contentChunkTimes).toHaveLength(2);
      expect(r.completionTokens).toBe(2);
    }
    // All of it over one kept-alive connection.
    expect(server.connections()).toBe(1);
  }, 30_000);

  it('reuses one connection for sequential requests and sends one well-formed request', async () => {
    const server = await raw((req) => req.socket.write(sseResponse(3)));
    const t = target(server.url, {
      apiKey: 'sk-1',
      headers: { 'x-tenant': 'b', 'content-type': 'text/plain' },
    });
    for (let i = 0; i < 5; i += 1) {
      const r = await t.generate(REQ);
      expect(r.errorKind).toBeNull();
      expect(r.contentChunkTimes).toHaveLength(3);
    }
    expect(server.connections()).toBe(1);
    const { head, body } = server.requests[0]!;
    expect(head.split('\r\n')[0]).toBe('POST /v1/chat/completions HTTP/1.1');
    expect(head).toContain(`\r\nhost: 127.0.0.1:${server.port}`);
    expect(head).toContain('\r\naccept-encoding: identity');
    expect(head).toContain('\r\nauthorization: Bearer sk-1');
    expect(head).toContain('\r\nx-tenant: b');
    expect(head.match(/content-type/gi)).toHaveLength(1); // ours wins, no duplicate
    expect(JSON.parse(body)).toMatchObject({ model: 'm', stream: true, max_tokens: 3 });
  });

  it('never opens more than maxSockets connections; queued requests all complete', async () => {
    const server = await raw((req) => setTimeout(() => req.socket.write(sseResponse(1)), 20));
    const t = target(server.url, { maxSockets: 2 });
    const results = await Promise.all(Array.from({ length: 7 }, () => t.generate(REQ)));
    expect(results.map((r) => r.errorKind)).toEqual(Array(7).fill(null));
    expect(server.connections()).toBe(2);
    expect(server.maxConcurrentConnections()).toBe(2);
    // Without a limit, concurrent requests get a connection each.
    const free = target(server.url);
    await Promise.all(Array.from({ length: 5 }, () => free.generate(REQ)));
    expect(server.connections()).toBe(2 + 5);
  });

  it('reads Content-Length bodies, streamed and not, and close-delimited bodies (not reused)', async () => {
    const sse = sseBody(2);
    const json = JSON.stringify({
      choices: [{ message: { content: 'hi' } }],
      usage: { completion_tokens: 9 },
    });
    const server = await raw((req) => {
      const stream = (JSON.parse(req.body) as { stream: boolean }).stream;
      if (req.connection === 0 && stream) {
        req.socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(sse)}\r\n\r\n${sse}`);
      } else if (!stream) {
        req.socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${json.length}\r\n\r\n${json}`);
      } else {
        // No length, no chunking: the body ends when the server closes the connection.
        req.socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n${sse.slice(0, 30)}`);
        setTimeout(() => req.socket.end(sse.slice(30)), 5);
      }
    });
    const t = target(server.url);
    const first = await t.generate(REQ);
    expect(first.errorKind).toBeNull();
    expect(first.contentChunkTimes).toHaveLength(2);
    const plain = target(server.url, { stream: false });
    const nonStreamed = await plain.generate(REQ);
    expect(nonStreamed).toMatchObject({ errorKind: null, completionTokens: 9, streamed: false });
    // Two at once: one reuses connection 0 (Content-Length), the other opens a new connection, which
    // answers close-delimited.
    const [a, b] = await Promise.all([t.generate(REQ), t.generate(REQ)]);
    expect([a.errorKind, b.errorKind]).toEqual([null, null]);
    expect([a.contentChunkTimes.length, b.contentChunkTimes.length]).toEqual([2, 2]);
    const before = server.connections();
    const c = await t.generate(REQ);
    expect(c.errorKind).toBeNull();
    // The close-delimited connection cannot be reused; connection 0 can.
    expect(server.connections()).toBe(before);
  });

  it('a server closing mid-stream -> stream_broken with the chunks seen so far', async () => {
    const server = await raw((req) => {
      const response = sseResponse(4);
      req.socket.write(response.subarray(0, 200));
      setTimeout(() => req.socket.destroy(), 10);
    });
    const r = await target(server.url).generate(REQ);
    expect(r.errorKind).toBe('stream_broken');
    expect(r.errorMessage).toMatch(/closed mid-response/);
    expect(r.contentChunkTimes.length).toBeGreaterThan(0);
    expect(r.contentChunkTimes.length).toBeLessThan(4);
  });

  it('5xx with a JSON body -> http_status with status and body; the connection is kept', async () => {
    const server = await raw((req) => {
      if (req.index === 0) {
        const body = '{"error":{"message":"engine overloaded"}}';
        req.socket.write(`HTTP/1.1 503 Service Unavailable\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      } else req.socket.write(sseResponse(1));
    });
    const t = target(server.url);
    const failed = await t.generate(REQ);
    expect(failed.errorKind).toBe('http_status');
    expect(failed.errorMessage).toContain('HTTP 503');
    expect(failed.errorMessage).toContain('engine overloaded');
    expect((await t.generate(REQ)).errorKind).toBeNull();
    expect(server.connections()).toBe(1);
  });

  it('retries once on a fresh connection when a reused one is closed before answering', async () => {
    const server = await raw((req) => {
      // The keep-alive race: the server drops a kept-alive connection as the next request arrives.
      if (req.connection === 0 && req.index === 1) req.socket.destroy();
      else req.socket.write(sseResponse(1));
    });
    const t = target(server.url);
    expect((await t.generate(REQ)).errorKind).toBeNull();
    const second = await t.generate(REQ);
    expect(second.errorKind).toBeNull();
    expect(server.connections()).toBe(2);
    // A fresh connection that closes without answering is not retried.
    const rude = await raw((req) => req.socket.destroy());
    const r = await target(rude.url).generate(REQ);
    expect(r.errorKind).toBe('stream_broken');
    expect(rude.requests).toHaveLength(1);
  });

  it('timeout drops the connection; refused -> connect; garbage -> stream_broken; never throws', async () => {
    const silent = await raw(() => {});
    const timedOut = await target(silent.url, { timeoutMs: 80 }).generate(REQ);
    expect(timedOut.errorKind).toBe('timeout');
    await later(30);
    expect(silent.connections()).toBe(1);
    expect(silent.openConnections()).toBe(0); // the timed-out connection was dropped, not parked
    const closedPort = silent.port;
    await silent.close();
    const refused = await target(`http://127.0.0.1:${closedPort}`).generate(REQ);
    expect(refused.errorKind).toBe('connect');
    const garbage = await raw((req) => req.socket.write('SSH-2.0-OpenSSH_9.6\r\n'));
    const g = await target(garbage.url).generate(REQ);
    expect(g.errorKind).toBe('stream_broken');
    expect(g.errorMessage).toMatch(/invalid HTTP response: not an HTTP\/1\.x status line/);
  });

  it('cancelling through the signal drops the request: cancelled', async () => {
    const silent = await raw(() => {});
    const ac = new AbortController();
    const pending = target(silent.url).generate(REQ, ac.signal);
    setTimeout(() => ac.abort(), 20);
    const r = await pending;
    expect(r.errorKind).toBe('cancelled');
  });

  it('stamps each content chunk with the arrival time of its bytes', async () => {
    // Server and client share this process's clock: each content chunk's stamp must follow the moment
    // the server wrote it, closely, and not the end of the response.
    const writtenAt: number[] = [];
    const server = await raw((req) => {
      req.socket.write(SSE_HEAD);
      const events = sseBody(3).split(/(?<=\n\n)/);
      const next = (i: number): void => {
        if (i === events.length) return void req.socket.write('0\r\n\r\n');
        const line = events[i]!;
        writtenAt.push(performance.now());
        req.socket.write(`${Buffer.byteLength(line).toString(16)}\r\n${line}\r\n`);
        setTimeout(() => next(i + 1), 80);
      };
      next(0);
    });
    const r = await target(server.url).generate(REQ);
    expect(r.errorKind).toBeNull();
    expect(r.contentChunkTimes).toHaveLength(3);
    // Writes are 80 ms apart; a stamp taken at the end of the response would be 80-240 ms late.
    r.contentChunkTimes.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(writtenAt[i]!);
      expect(t - writtenAt[i]!).toBeLessThan(50);
    });
    expect(r.lastByteAt).toBeGreaterThanOrEqual(writtenAt.at(-1)!);
  });

  it('rejects header values that would break the request framing, naming the header', () => {
    expect(
      () =>
        new OpenAiTarget({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1, headers: { 'x-a': 'b\r\nx: y' } }),
    ).toThrow(/headers\.x-a: the value must not contain line breaks/);
  });
});

describe('raw client and node:http give the same results (same server, same requests)', () => {
  const modes: FakeOpenAiOptions[] = [
    { mode: 'ok' },
    { mode: 'ok', eol: '\r\n' },
    { mode: 'http500' },
    { mode: 'malformed', itlMs: 1 },
    { mode: 'cut', itlMs: 1 },
    { mode: 'error-event', itlMs: 1 },
  ];
  it.each(modes)('%o', async (opts) => {
    const server = await startFakeOpenAi(opts);
    cleanups.push(() => server.close());
    const summary = async (httpClient: 'raw' | 'node') => {
      const r = await target(server.url, { httpClient }).generate({ ...REQ, maxTokens: 4 });
      return {
        errorKind: r.errorKind,
        chunks: r.contentChunkTimes.length,
        promptTokens: r.promptTokens,
        completionTokens: r.completionTokens,
        message: r.errorKind === 'stream_broken' ? 'broken' : r.errorMessage,
      };
    };
    expect(await summary('raw')).toEqual(await summary('node'));
  });
});

describe('https', () => {
  it('streams over TLS with a private certificate authority', async (ctx) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'h1-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      ctx.skip(); // no openssl on this machine
    }
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(sseBody(2));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const url = `https://localhost:${(server.address() as AddressInfo).port}`;
    const trusted = await target(url, { tls: { ca: cert } }).generate(REQ);
    expect(trusted.errorKind).toBeNull();
    expect(trusted.contentChunkTimes).toHaveLength(2);
    // Without the CA the handshake fails: no connection could be made.
    const untrusted = await target(url).generate(REQ);
    expect(untrusted.errorKind).toBe('connect');
  });
});
