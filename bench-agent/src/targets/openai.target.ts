import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { SseParser } from './sse-parser';
import { interpretChunk } from './openai-chunk';
import { driverFor } from './target.registry';
import type { GenerationRequest, TargetDriver } from './target.types';
import type { ErrorKind } from '../run/sample.types';

/**
 * HTTP transport for OpenAI-compatible endpoints (vLLM, SGLang, TGI, llama.cpp, Ollama, TensorRT-LLM, the
 * embedded engine...). The request shape comes from a driver (`--api chat|completions`); this class sends
 * it, streamed (SSE) or not, and classifies every failure instead of throwing.
 * Uses node:http with a keep-alive agent rather than fetch: ~3x the request rate in our probe
 * (see ARCHITECTURE.md "Load generation").
 */
export type ChatRequest = GenerationRequest;

/** Raw measurement of one streamed request (absolute `performance.now()` times). */
export interface ChatResult {
  sentAt: number;
  firstTokenAt: number | null;
  lastByteAt: number | null;
  /** Arrival times of every non-empty content chunk. */
  contentChunkTimes: number[];
  promptTokens: number | null;
  completionTokens: number | null;
  errorKind: ErrorKind | null;
  errorMessage: string | null;
  /**
   * False for a non-streamed request: TTFT, TPOT and chunk ITL cannot be measured, and there is no
   * client-side token count (only the server's `usage`).
   */
  streamed?: boolean;
}

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
}

export class OpenAiTarget {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly driver: TargetDriver;
  private readonly stream: boolean;

  constructor(private readonly options: OpenAiTargetOptions) {
    this.driver = driverFor(options.api ?? 'chat');
    this.stream = options.stream ?? true;
    this.url = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.transport = this.url.protocol === 'https:' ? https : http;
    const AgentCtor = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    // noDelay: a request is one small write; Nagle's algorithm would hold it back waiting for ACKs.
    this.agent = new AgentCtor({
      keepAlive: true,
      noDelay: true,
      maxSockets: options.maxSockets ?? Infinity,
    } as http.AgentOptions);
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
    const payload = JSON.stringify({
      ...this.driver.buildBody(request, this.stream),
      ...this.options.extraBody,
    });
    const target = new URL(this.driver.path, this.url);
    const result: ChatResult = {
      sentAt: 0,
      firstTokenAt: null,
      lastByteAt: null,
      contentChunkTimes: [],
      promptTokens: null,
      completionTokens: null,
      errorKind: null,
      errorMessage: null,
      streamed: this.stream,
    };
    return new Promise((resolve) => {
      let settled = false;
      const finish = (kind: ErrorKind | null, message: string | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (kind) {
          result.errorKind = kind;
          result.errorMessage = message;
          req.destroy();
        }
        resolve(result);
      };
      const onAbort = (): void => finish('cancelled', 'run cancelled while the request was in flight');
      const headers: Record<string, string> = {
        ...this.options.headers,
        'content-type': 'application/json',
        accept: this.stream ? 'text/event-stream' : 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      };
      if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
      const req = this.transport.request(target, { method: 'POST', agent: this.agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body = (body + d).slice(0, 500)));
          res.on('end', () => finish('http_status', `HTTP ${status}: ${body.trim()}`));
          res.on('error', () => finish('http_status', `HTTP ${status}`));
          return;
        }
        if (!this.stream) {
          readWholeBody(res, result, finish);
          return;
        }
        const parser = new SseParser();
        let done = false;
        const handle = (events: ReturnType<SseParser['push']>, now: number): void => {
          for (const ev of events) {
            if (settled) return;
            const chunk = interpretChunk(ev.data, ev.event);
            if (chunk.type === 'done') done = true;
            else if (chunk.type === 'error') finish('stream_broken', `server error event: ${chunk.message}`);
            else if (chunk.type === 'malformed') finish('malformed_event', chunk.message);
            else {
              if (chunk.content.length > 0) {
                result.contentChunkTimes.push(now);
                result.firstTokenAt ??= now;
              }
              if (chunk.promptTokens !== undefined) result.promptTokens = chunk.promptTokens;
              if (chunk.completionTokens !== undefined) result.completionTokens = chunk.completionTokens;
            }
          }
        };
        res.on('data', (data: Buffer) => {
          const now = performance.now();
          result.lastByteAt = now;
          handle(parser.push(data), now);
        });
        res.on('end', () => {
          handle(parser.end(), performance.now());
          if (!done) finish('stream_broken', 'stream ended before data: [DONE]');
          else finish(null, null);
        });
        res.on('error', (err) => finish('stream_broken', `stream broken: ${err.message}`));
        res.on('aborted', () => finish('stream_broken', 'connection closed mid-stream'));
        res.on('close', () => finish('stream_broken', 'connection closed before the stream ended'));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const kind: ErrorKind =
          result.lastByteAt === null && isConnectError(err) ? 'connect' : 'stream_broken';
        finish(kind, `${err.code ?? 'error'}: ${err.message}`);
      });
      const timer = setTimeout(
        () => finish('timeout', `no complete response within ${this.options.timeoutMs} ms`),
        this.options.timeoutMs,
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      result.sentAt = performance.now();
      req.end(payload);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private getJson(path: string): Promise<unknown> {
    const target = new URL(path, this.url);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return new Promise((resolve, reject) => {
      const req = this.transport.get(target, { agent: this.agent, headers, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300)
            return reject(new Error(`GET ${target.href}: HTTP ${res.statusCode}`));
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new Error(`GET ${target.href}: response is not JSON`));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`GET ${target.href}: timed out`)));
      req.on('error', (err) => reject(new Error(`GET ${target.href}: ${err.message}`)));
    });
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

function isConnectError(err: NodeJS.ErrnoException): boolean {
  return err.code !== undefined && CONNECT_CODES.has(err.code);
}

/**
 * Non-streamed answer: one JSON body. E2E is measured (last byte - send); TTFT/TPOT/ITL are not (null);
 * the token counts are the server's `usage`. A body that is not JSON is a malformed event; a 200 whose
 * body is an `{error}` object is classified as an HTTP-level failure.
 */
function readWholeBody(
  res: http.IncomingMessage,
  result: ChatResult,
  finish: (kind: ErrorKind | null, message: string | null) => void,
): void {
  const parts: Buffer[] = [];
  res.on('data', (d: Buffer) => {
    result.lastByteAt = performance.now();
    parts.push(d);
  });
  res.on('end', () => {
    const chunk = interpretChunk(Buffer.concat(parts).toString('utf8'));
    if (chunk.type === 'malformed') return finish('malformed_event', `response body: ${chunk.message}`);
    if (chunk.type === 'error') return finish('http_status', `HTTP 200 with an error body: ${chunk.message}`);
    if (chunk.type === 'chunk') {
      if (chunk.promptTokens !== undefined) result.promptTokens = chunk.promptTokens;
      if (chunk.completionTokens !== undefined) result.completionTokens = chunk.completionTokens;
    }
    finish(null, null);
  });
  res.on('error', (err) => finish('stream_broken', `response broken: ${err.message}`));
  res.on('close', () => finish('stream_broken', 'connection closed before the response ended'));
}
