import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake target behaves for every chat request. */
export interface FakeOpenAiOptions {
  /** Delay before the first content chunk. */
  ttftMs?: number;
  /** Delay between content chunks. */
  itlMs?: number;
  mode?: 'ok' | 'http500' | 'malformed' | 'cut' | 'error-event' | 'hang';
  /** Line terminator used in the SSE stream. */
  eol?: '\n' | '\r\n';
  /** Extra fields for the /v1/models entry. */
  modelEntry?: Record<string, unknown>;
}

export interface FakeOpenAiServer {
  url: string;
  requests: { body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * A real local OpenAI-compatible streaming server on 127.0.0.1 (port 0) with injected timing: the first
 * token after `ttftMs`, then one token per chunk every `itlMs`, then a usage-only chunk (`choices: []`)
 * and `data: [DONE]`. Sends one SSE comment line up front, like servers that keep connections alive.
 */
export async function startFakeOpenAi(opts: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const eol = opts.eol ?? '\n';
  const requests: { body: Record<string, unknown> }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', ...opts.modelEntry }] }),
      );
      return;
    }
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ body });
      if (opts.mode === 'http500') {
        res.statusCode = 500;
        res.end('{"error":"boom"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`: keep-alive${eol}${eol}`);
      if (opts.mode === 'hang') return;
      const tokens = Number(body.max_tokens);
      const send = (obj: unknown): boolean => res.write(`data: ${JSON.stringify(obj)}${eol}${eol}`);
      const chunk = (content: string) => ({
        id: 'c',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { content } }],
      });
      let sent = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (opts.mode === 'malformed' && sent === 2) {
          res.write(`data: {"choices": [${eol}${eol}`);
        } else if (opts.mode === 'cut' && sent === 2) {
          res.socket?.destroy();
          return;
        } else if (opts.mode === 'error-event' && sent === 2) {
          send({ error: { message: 'out of memory', type: 'server_error' } });
          res.end();
          return;
        }
        if (sent < tokens) {
          send(chunk(` t${sent}`));
          sent += 1;
          if (sent < tokens) later(opts.itlMs ?? 0, next);
          else next(); // usage and [DONE] follow the last token at once, as real servers do
          return;
        }
        send({
          id: 'c',
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: 40, completion_tokens: tokens },
        });
        res.end(`data: [DONE]${eol}${eol}`);
      };
      later(opts.ttftMs ?? 0, next);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
