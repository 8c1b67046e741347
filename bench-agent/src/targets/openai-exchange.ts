import { performance } from 'node:perf_hooks';
import { SseParser, type SseEvent } from './sse-parser';
import { interpretChunk } from './openai-chunk';
import type { Http1Sink } from './http1-connection';
import type { ErrorKind } from '../run/sample.types';

/** Raw measurement of one request (absolute `performance.now()` times). */
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

/** The transport side of an exchange: dropping the request (timeout, cancel, early failure). */
export interface Abortable {
  abort(): void;
}

/** Bytes of a non-2xx body kept for the error message. */
const ERROR_BODY_BYTES = 500;

/**
 * One OpenAI-compatible request from the response's point of view: it receives the transport's events
 * (head, body bytes with their arrival time, end, failure), turns them into a ChatResult and classifies
 * every failure; it never throws. Both transports (the raw HTTP/1.1 client and node:http) feed it the
 * same events, so classification cannot drift between them.
 *
 * Streamed bodies go straight into the incremental SSE parser; each non-empty content chunk is stamped
 * with the arrival time of the socket read that carried it, so TTFT and ITL are measured on arrival.
 */
export class OpenAiExchange implements Http1Sink {
  readonly result: ChatResult;
  /** Set by the caller once the request is handed to a transport. */
  transport: Abortable | null = null;
  private status = 0;
  private sse: SseParser | null = null;
  private parts: Buffer[] | null = null;
  private partsBytes = 0;
  private sawDone = false;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | null = null;

  constructor(
    private readonly stream: boolean,
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (result: ChatResult) => void,
  ) {
    this.result = {
      sentAt: 0,
      firstTokenAt: null,
      lastByteAt: null,
      contentChunkTimes: [],
      promptTokens: null,
      completionTokens: null,
      errorKind: null,
      errorMessage: null,
      streamed: stream,
    };
    this.timer = setTimeout(
      () => this.finish('timeout', `no complete response within ${timeoutMs} ms`),
      timeoutMs,
    );
    if (signal) {
      this.onAbort = () => this.finish('cancelled', 'run cancelled while the request was in flight');
      if (signal.aborted) this.onAbort();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  /** True once the result is final (e.g. the signal was already aborted: do not send). */
  get isSettled(): boolean {
    return this.settled;
  }

  onHead(status: number): void {
    this.status = status;
    if (status < 200 || status >= 300 || !this.stream) this.parts = [];
    else this.sse = new SseParser();
  }

  onBody(bytes: Buffer, arrivedAt: number): void {
    if (this.settled) return;
    if (this.sse !== null) {
      this.result.lastByteAt = arrivedAt;
      this.handleEvents(this.sse.push(bytes), arrivedAt);
      return;
    }
    const ok = this.status >= 200 && this.status < 300;
    if (ok) this.result.lastByteAt = arrivedAt;
    else if (this.partsBytes >= ERROR_BODY_BYTES) return; // the message only shows the start
    this.parts!.push(bytes);
    this.partsBytes += bytes.length;
  }

  onComplete(): void {
    if (this.settled) return;
    if (this.status < 200 || this.status >= 300) {
      const body = Buffer.concat(this.parts ?? [])
        .toString('utf8')
        .slice(0, ERROR_BODY_BYTES);
      return this.finish('http_status', `HTTP ${this.status}: ${body.trim()}`);
    }
    if (this.sse !== null) {
      this.handleEvents(this.sse.end(), performance.now());
      if (this.settled) return;
      if (!this.sawDone) return this.finish('stream_broken', 'stream ended before data: [DONE]');
      return this.finish(null, null);
    }
    this.readWholeBody();
  }

  onError(kind: 'connect' | 'broken', message: string): void {
    if (kind === 'connect') return this.finish('connect', message);
    if (this.status !== 0 && (this.status < 200 || this.status >= 300)) {
      return this.finish('http_status', `HTTP ${this.status} (${message})`);
    }
    this.finish('stream_broken', `${this.stream ? 'stream broken' : 'response broken'}: ${message}`);
  }

  /** Settles the result once; a failure also drops the request on the transport. */
  finish(kind: ErrorKind | null, message: string | null): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    if (kind) {
      this.result.errorKind = kind;
      this.result.errorMessage = message;
      this.transport?.abort();
    }
    this.resolve(this.result);
  }

  private handleEvents(events: SseEvent[], now: number): void {
    const result = this.result;
    for (let i = 0; i < events.length; i += 1) {
      if (this.settled) return;
      const ev = events[i]!;
      const chunk = interpretChunk(ev.data, ev.event);
      if (chunk.type === 'done') this.sawDone = true;
      else if (chunk.type === 'error') this.finish('stream_broken', `server error event: ${chunk.message}`);
      else if (chunk.type === 'malformed') this.finish('malformed_event', chunk.message);
      else {
        if (chunk.content.length > 0) {
          result.contentChunkTimes.push(now);
          result.firstTokenAt ??= now;
        }
        if (chunk.promptTokens !== undefined) result.promptTokens = chunk.promptTokens;
        if (chunk.completionTokens !== undefined) result.completionTokens = chunk.completionTokens;
      }
    }
  }

  /**
   * Non-streamed answer: one JSON body. E2E is measured (last byte - send); TTFT/TPOT/ITL are not (null);
   * the token counts are the server's `usage`. A body that is not JSON is a malformed event; a 200 whose
   * body is an `{error}` object is classified as an HTTP-level failure.
   */
  private readWholeBody(): void {
    const chunk = interpretChunk(Buffer.concat(this.parts ?? []).toString('utf8'));
    if (chunk.type === 'malformed') return this.finish('malformed_event', `response body: ${chunk.message}`);
    if (chunk.type === 'error')
      return this.finish('http_status', `HTTP 200 with an error body: ${chunk.message}`);
    if (chunk.type === 'chunk') {
      if (chunk.promptTokens !== undefined) this.result.promptTokens = chunk.promptTokens;
      if (chunk.completionTokens !== undefined) this.result.completionTokens = chunk.completionTokens;
    }
    this.finish(null, null);
  }
}
