import { performance } from 'node:perf_hooks';
import type tls from 'node:tls';
import { driverFor } from './target.registry';
import type { GenerationRequest, TargetDriver } from './target.types';
import { Http1Pool, type PreconnectResult } from './http1-pool';
import type { Http1Sink } from './http1-connection';
import { NodeHttpTransport } from './node-http.transport';
import { OpenAiExchange, type ChatResult } from './openai-exchange';

export type { ChatResult } from './openai-exchange';

/**
 * HTTP transport for OpenAI-compatible endpoints (vLLM, SGLang, TGI, llama.cpp, Ollama, TensorRT-LLM, the
 * embedded engine...). The request shape comes from a driver (`--api chat|completions`); this class sends
 * it, streamed (SSE) or not, and classifies every failure instead of throwing (`openai-exchange.ts`).
 *
 * By default requests go over our own HTTP/1.1 client (`http1-pool.ts`): node:http's per-request
 * machinery capped a core at about half the streamed request rate the agent must sustain (issue 3).
 * `httpClient: 'node'` selects the previous node:http keep-alive path, kept as a reference.
 */
export type ChatRequest = GenerationRequest;

export interface OpenAiTargetOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  maxSockets?: number;
  /** Driver name (target.registry.ts); default "chat". */
  api?: string;
  /** Default true. */
  stream?: boolean;
  /** Merged over the driver's body. */
  extraBody?: Record<string, unknown>;
  /** Extra request headers (lower-case names). */
  headers?: Record<string, string>;
  /** `raw` (default): the built-in HTTP/1.1 client; `node`: node:http with a keep-alive agent. */
  httpClient?: 'raw' | 'node';
  /** Extra TLS options for https targets on the raw client (e.g. `ca` for a private CA). */
  tls?: tls.ConnectionOptions;
}

/** Headers the transport owns; the same names in `headers` are dropped rather than sent twice. */
const OWN_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'accept',
  'accept-encoding',
  'connection',
  'transfer-encoding',
  'authorization',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class OpenAiTarget {
  private readonly url: URL;
  private readonly driver: TargetDriver;
  private readonly stream: boolean;
  private readonly generatePath: string;
  private readonly pool: Http1Pool | null = null;
  private readonly node: NodeHttpTransport | null = null;
  /** Request line and fixed headers of every generate request, up to (excluding) content-length. */
  private readonly postHead: string;
  /** The same headers as an object, for the node:http path. */
  private readonly postHeaders: Record<string, string>;

  constructor(private readonly options: OpenAiTargetOptions) {
    this.driver = driverFor(options.api ?? 'chat');
    this.stream = options.stream ?? true;
    this.url = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`target URL ${options.baseUrl}: expected http:// or https://`);
    }
    const target = new URL(this.driver.path, this.url);
    this.generatePath = target.pathname + target.search;
    this.postHeaders = this.fixedHeaders(this.stream ? 'text/event-stream' : 'application/json');
    this.postHeaders['content-type'] = 'application/json';
    this.postHead = `POST ${this.generatePath} HTTP/1.1\r\n${headerLines(this.postHeaders)}`;
    if (options.httpClient === 'node') {
      this.node = new NodeHttpTransport(this.url, options.maxSockets);
    } else {
      this.pool = new Http1Pool({
        host: this.url.hostname.replace(/^\[|\]$/g, ''), // IPv6 literals come bracketed
        port: Number(this.url.port) || (this.url.protocol === 'https:' ? 443 : 80),
        https: this.url.protocol === 'https:',
        maxSockets: options.maxSockets,
        tls: options.tls,
      });
    }
  }

  /** GET /v1/models; returns the `data` array (entries may carry `yardstick` engine info). */
  async listModels(): Promise<{ id: string; [k: string]: unknown }[]> {
    const body = await this.getJson('v1/models');
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new Error(`${this.url.href}v1/models: response has no "data" array`);
    return data as { id: string }[];
  }

  /** Which driver and streaming mode this target uses (recorded in the run config). */
  describe(): { api: string; path: string; stream: boolean; extraBody: Record<string, unknown> | null } {
    return {
      api: this.driver.name,
      path: this.driver.path,
      stream: this.stream,
      extraBody: this.options.extraBody ?? null,
    };
  }

  /** Alias of `generate` (the name the first driver used). */
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    return this.generate(request, signal);
  }

  /** Sends one request; never rejects: failures come back classified in `errorKind`. */
  generate(request: GenerationRequest, signal?: AbortSignal): Promise<ChatResult> {
    const body = this.driver.buildBody(request, this.stream);
    const payload = JSON.stringify(this.options.extraBody ? { ...body, ...this.options.extraBody } : body);
    return new Promise((resolve) => {
      const exchange = new OpenAiExchange(this.stream, this.options.timeoutMs, signal, resolve);
      if (exchange.isSettled) return; // cancelled before it was sent
      exchange.result.sentAt = performance.now();
      const length = Buffer.byteLength(payload);
      if (this.pool) {
        exchange.transport = this.pool.request(
          `${this.postHead}content-length: ${length}\r\n\r\n${payload}`,
          exchange,
        );
      } else {
        const headers = { ...this.postHeaders, 'content-length': String(length) };
        const target = new URL(this.generatePath, this.url);
        exchange.transport = this.node!.request(target, 'POST', headers, payload, exchange);
      }
    });
  }

  /**
   * Opens up to `n` keep-alive connections before the load starts (see Http1Pool.preconnect); null on
   * the node:http path, which has no way to pre-open its agent's sockets.
   */
  preconnect(n: number, timeoutMs?: number): Promise<PreconnectResult | null> {
    return this.pool ? this.pool.preconnect(n, timeoutMs) : Promise.resolve(null);
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.pool?.close();
    this.node?.close();
  }

  /** Host, the caller's extra headers (validated), accept, identity encoding and the API key. */
  private fixedHeaders(accept: string): Record<string, string> {
    const headers: Record<string, string> = { host: this.url.host };
    for (const [rawName, value] of Object.entries(this.options.headers ?? {})) {
      const name = rawName.toLowerCase();
      if (!TOKEN.test(name))
        throw new Error(`headers: ${JSON.stringify(rawName)} is not a valid header name`);
      if (/[\r\n\0]/.test(value)) {
        throw new Error(`headers.${name}: the value must not contain line breaks or NUL characters`);
      }
      if (!OWN_HEADERS.has(name)) headers[name] = value;
    }
    headers.accept = accept;
    // Compressed SSE would have to be inflated before parsing; no benchmarked server needs it.
    headers['accept-encoding'] = 'identity';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private getJson(path: string): Promise<unknown> {
    const target = new URL(path, this.url);
    const where = `GET ${target.href}`;
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let status = 0;
      let settled = false;
      const settle = (err: Error | null, value?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          transport?.abort();
          reject(err);
        } else resolve(value);
      };
      const sink: Http1Sink = {
        onHead: (s) => (status = s),
        onBody: (bytes) => parts.push(bytes),
        onComplete: () => {
          if (status >= 300) return settle(new Error(`${where}: HTTP ${status}`));
          try {
            settle(null, JSON.parse(Buffer.concat(parts).toString('utf8')));
          } catch {
            settle(new Error(`${where}: response is not JSON`));
          }
        },
        onError: (_kind, message) => settle(new Error(`${where}: ${message}`)),
      };
      const timer = setTimeout(() => settle(new Error(`${where}: timed out`)), 10_000);
      const headers = this.fixedHeaders('application/json');
      let transport: { abort(): void } | null = null;
      transport = this.pool
        ? this.pool.request(
            `GET ${target.pathname}${target.search} HTTP/1.1\r\n${headerLines(headers)}\r\n`,
            sink,
          )
        : this.node!.request(target, 'GET', headers, null, sink);
    });
  }
}

function headerLines(headers: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) out += `${name}: ${value}\r\n`;
  return out;
}
