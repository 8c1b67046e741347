import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** One request as the raw server read it off the wire. */
export interface RawRequest {
  head: string;
  body: string;
  /** 0-based connection number (in accept order) and request number on that connection. */
  connection: number;
  index: number;
  socket: net.Socket;
}

export interface RawServer {
  url: string;
  port: number;
  /** Every request read so far, in arrival order. */
  requests: RawRequest[];
  /** Connections accepted so far, and the most open at the same time. */
  connections(): number;
  maxConcurrentConnections(): number;
  /** Connections open now. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * A real TCP server on 127.0.0.1 that reads HTTP/1.1 requests (head + Content-Length body, several per
 * connection) and lets the test write any bytes back: odd framings, split writes, early closes, which a
 * node:http server would never produce.
 */
export async function startRawServer(respond: (req: RawRequest) => void): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let maxOpen = 0;
  const server = net.createServer((socket) => {
    const connection = accepted;
    accepted += 1;
    sockets.add(socket);
    maxOpen = Math.max(maxOpen, sockets.size);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    let index = 0;
    socket.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = pending.toString('latin1', 0, headEnd);
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const bodyLength = m ? Number(m[1]) : 0;
        if (pending.length < headEnd + 4 + bodyLength) return;
        const body = pending.toString('utf8', headEnd + 4, headEnd + 4 + bodyLength);
        pending = pending.subarray(headEnd + 4 + bodyLength);
        const req: RawRequest = { head, body, connection, index, socket };
        index += 1;
        requests.push(req);
        respond(req);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => accepted,
    maxConcurrentConnections: () => maxOpen,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** An SSE body of `n` chat content chunks (` t0`, ` t1`, …), a usage chunk and `[DONE]`. */
export function sseBody(n: number, eol = '\n'): string {
  let out = '';
  for (let i = 0; i < n; i += 1) {
    out += `data: {"choices":[{"index":0,"delta":{"content":" t${i}"}}]}${eol}${eol}`;
  }
  out += `data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":${n}}}${eol}${eol}`;
  return `${out}data: [DONE]${eol}${eol}`;
}

/** `body` in chunked transfer encoding, cut into pieces of `size` bytes, ending with the last-chunk line. */
export function chunked(body: string | Buffer, size: number, extension = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const piece = bytes.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}${extension}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n'));
  return Buffer.concat(parts);
}
