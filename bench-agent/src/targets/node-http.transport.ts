import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Http1Sink } from './http1-connection';
import type { Abortable } from './openai-exchange';

/**
 * The previous transport, node:http with a keep-alive agent, kept behind `httpClient: 'node'` as a
 * reference: the client-capacity benchmark measures the raw client against it, and a test checks that
 * both produce the same results. It feeds the same sink events as the raw client (`http1-connection.ts`).
 */
export class NodeHttpTransport {
  private readonly agent: http.Agent;
  private readonly module: typeof http | typeof https;

  constructor(url: URL, maxSockets: number | undefined) {
    const secure = url.protocol === 'https:';
    this.module = secure ? https : http;
    const AgentCtor = secure ? https.Agent : http.Agent;
    // noDelay: a request is one small write; Nagle's algorithm would hold it back waiting for ACKs.
    this.agent = new AgentCtor({
      keepAlive: true,
      noDelay: true,
      maxSockets: maxSockets ?? Infinity,
    } as http.AgentOptions);
  }

  request(
    target: URL,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: string | null,
    sink: Http1Sink,
  ): Abortable {
    let gotResponse = false;
    const req = this.module.request(target, { method, agent: this.agent, headers }, (res) => {
      gotResponse = true;
      sink.onHead(res.statusCode ?? 0);
      res.on('data', (d: Buffer) => sink.onBody(d, performance.now()));
      res.on('end', () => sink.onComplete());
      res.on('error', (err) => sink.onError('broken', err.message));
      res.on('aborted', () => sink.onError('broken', 'connection closed mid-response'));
      res.on('close', () => sink.onError('broken', 'connection closed before the response ended'));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const connect = !gotResponse && err.code !== undefined && CONNECT_CODES.has(err.code);
      sink.onError(connect ? 'connect' : 'broken', `${err.code ?? 'error'}: ${err.message}`);
    });
    req.end(body ?? undefined);
    return { abort: () => req.destroy() };
  }

  close(): void {
    this.agent.destroy();
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
