import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const SSE_FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/sse');

/** What a fixture's `# expect:` header line promises. */
export interface SseFixture {
  name: string;
  /** The exact bytes the server sent (everything after the `#---` header line). */
  body: Buffer;
  expect: {
    contentChunks: number;
    text: string;
    promptTokens?: number;
    completionTokens?: number;
    outcome: 'ok' | 'error';
    /** Substring of the error message. */
    error?: string;
  };
}

/**
 * Reads `fixtures/sse/<server>-*.txt`: `# ` comment lines citing the source, an `# expect: k=v …` line,
 * a `#---` line, then the raw stream replayed byte-exactly.
 */
export function loadSseFixtures(): SseFixture[] {
  return readdirSync(SSE_FIXTURE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => {
      const raw = readFileSync(path.join(SSE_FIXTURE_DIR, name));
      const marker = raw.indexOf('#---\n');
      if (marker < 0) throw new Error(`${name}: no "#---" line ending the header`);
      const header = raw.subarray(0, marker).toString('utf8');
      const expectLine = header.split('\n').find((l) => l.startsWith('# expect:'));
      if (!expectLine) throw new Error(`${name}: no "# expect:" line`);
      const fields = new Map<string, string>();
      for (const m of expectLine.matchAll(/(\w+)~?=("([^"]*)"|\S+)/g)) fields.set(m[1]!, m[3] ?? m[2]!);
      const num = (k: string) => (fields.has(k) ? Number(fields.get(k)) : undefined);
      return {
        name,
        body: raw.subarray(marker + 5),
        expect: {
          contentChunks: num('contentChunks') ?? 0,
          text: fields.get('text') ?? '',
          promptTokens: num('promptTokens'),
          completionTokens: num('completionTokens'),
          outcome: fields.get('outcome') === 'error' ? 'error' : 'ok',
          error: fields.get('error'),
        },
      };
    });
}

/** How the replay server cuts the fixture into socket writes. */
export type WritePattern = 'one-write' | 'tiny-writes' | 'random-writes';

/**
 * A real HTTP server on 127.0.0.1 that answers every POST with `body` (200, text/event-stream), written
 * in one piece, in 1–3 byte pieces, or in seeded random 1–200 byte pieces with a pause between writes so
 * they arrive as separate TCP reads (split events, split UTF-8, split CRLF; several events per read).
 */
export async function startReplayServer(
  body: Buffer,
  pattern: WritePattern,
): Promise<{ url: string; writes: () => number; close: () => Promise<void> }> {
  let writes = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (pattern === 'one-write') {
        writes += 1;
        res.end(body);
        return;
      }
      let seed = 12345;
      const nextSize = (): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return pattern === 'tiny-writes' ? 1 + (seed % 3) : 1 + (seed % 200);
      };
      let offset = 0;
      const step = (): void => {
        if (res.destroyed) return;
        if (offset >= body.length) return void res.end();
        const size = nextSize();
        res.write(body.subarray(offset, offset + size));
        writes += 1;
        offset += size;
        setTimeout(step, pattern === 'tiny-writes' ? 0 : 1);
      };
      step();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writes: () => writes,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
