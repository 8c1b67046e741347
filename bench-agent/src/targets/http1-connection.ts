import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { Http1ResponseParser, HttpParseError, type ResponseSink } from './http1-response-parser';
import type { Http1Request } from './http1-pool';

/**
 * One keep-alive HTTP/1.1 connection (node:net, or node:tls for https) carrying one request at a time.
 * The raw client exists because node:http's IncomingMessage, parser glue and agent bookkeeping cost more
 * CPU per streamed request than the benchmarked servers do (issue 3): here a read goes straight from the
 * socket into the response parser and on to the caller's sink, with one timestamp per read.
 */
export interface Http1Sink {
  onHead(status: number): void;
  /** Body bytes, with performance.now() of the socket read that carried them. */
  onBody(bytes: Buffer, arrivedAt: number): void;
  onComplete(): void;
  /**
   * The request failed. `connect`: no connection could be made (TCP connect or TLS handshake);
   * `broken`: the connection failed or closed, or the response was malformed, after it was made.
   */
  onError(kind: 'connect' | 'broken', message: string): void;
}

export interface Http1Origin {
  host: string;
  port: number;
  https: boolean;
  /** Extra TLS options (e.g. `ca` for a private certificate authority). */
  tls?: tls.ConnectionOptions;
}

/** What the pool learns from a connection. */
export interface Http1ConnectionOwner {
  /** The response completed and the connection can carry the next request. */
  released(conn: Http1Connection): void;
  /** The connection is gone (closed, failed or not reusable). */
  closed(conn: Http1Connection): void;
  /**
   * A reused connection closed before any byte of the response arrived: the keep-alive race (the
   * server closed it idle as we sent). Returns true when the owner re-sends the request elsewhere.
   */
  retryStale(request: Http1Request): boolean;
  /** The TCP connection (and TLS handshake) is up; the pool's preconnect waits for this. */
  established?(conn: Http1Connection): void;
}

export class Http1Connection implements ResponseSink {
  private readonly socket: net.Socket;
  private readonly parser: Http1ResponseParser;
  private sink: Http1Sink | null = null;
  private request: Http1Request | null = null;
  private established = false;
  private gotBytes = false;
  private completed = false;
  private reusable = false;
  private lastError: NodeJS.ErrnoException | null = null;
  private isClosed = false;
  /** Responses completed on this connection; 0 while the first request is in flight. */
  private uses = 0;
  /** Unref'd by parkIdle: the next send must ref the socket again. */
  private parked = false;
  /** The request in flight was sent on a connection that had sat idle (reused, or pre-opened). */
  private reused = false;

  constructor(
    origin: Http1Origin,
    private readonly owner: Http1ConnectionOwner,
  ) {
    this.parser = new Http1ResponseParser(this);
    if (origin.https) {
      this.socket = tls.connect({
        host: origin.host,
        port: origin.port,
        // SNI takes a host name, never an IP address.
        servername: net.isIP(origin.host) ? undefined : origin.host,
        ALPNProtocols: ['http/1.1'],
        ...origin.tls,
      });
      this.socket.once('secureConnect', () => this.onEstablished());
    } else {
      this.socket = net.connect({ host: origin.host, port: origin.port });
      this.socket.once('connect', () => this.onEstablished());
    }
    // A request is one small write; Nagle's algorithm would hold it back waiting for ACKs.
    this.socket.setNoDelay(true);
    this.socket.on('data', (buf: Buffer) => this.onData(buf));
    this.socket.on('error', (err: NodeJS.ErrnoException) => (this.lastError = err));
    this.socket.on('close', () => this.onClose());
  }

  /** False once the server ended or closed the connection (it may still sit in the idle list). */
  get usable(): boolean {
    return !this.isClosed && !this.socket.readableEnded && !this.socket.destroyed;
  }

  /** The request in flight on this connection, if any. */
  get current(): Http1Request | null {
    return this.request;
  }

  /** Writes the whole request (head and body in one string) and routes the response to its sink. */
  send(request: Http1Request): void {
    this.sink = request.sink;
    this.request = request;
    request.connection = this;
    this.gotBytes = false;
    this.completed = false;
    this.parser.reset(this);
    this.reused = this.parked || this.uses > 0;
    if (this.parked) {
      this.parked = false;
      this.socket.ref();
    }
    this.socket.write(request.bytes);
  }

  /** Drops the connection; the current sink, if any, hears nothing more. */
  destroy(): void {
    this.detach();
    this.parser.stop();
    this.socket.destroy();
  }

  /** Idle in the pool: it must not keep the process alive. */
  parkIdle(): void {
    this.parked = true;
    this.socket.unref();
  }

  // ResponseSink (called by the parser)
  onHead(status: number): void {
    this.sink?.onHead(status);
  }

  onBody(bytes: Buffer, arrivedAt: number): void {
    this.sink?.onBody(bytes, arrivedAt);
  }

  onComplete(reusable: boolean): void {
    this.completed = true;
    this.reusable = reusable;
  }

  private onEstablished(): void {
    this.established = true;
    this.owner.established?.(this);
  }

  /** Why the connection failed, for a preconnect that did not come up (null: no socket error). */
  get failure(): string | null {
    return this.lastError ? `${this.lastError.code ?? 'error'}: ${this.lastError.message}` : null;
  }

  private onData(buf: Buffer): void {
    const sink = this.sink;
    if (sink === null) {
      // Bytes nobody asked for (on an idle connection, or after an abandoned exchange): drop it.
      this.destroy();
      return;
    }
    this.gotBytes = true;
    let used: number;
    try {
      used = this.parser.execute(buf, performance.now());
    } catch (err) {
      const message =
        err instanceof HttpParseError ? `invalid HTTP response: ${err.message}` : (err as Error).message;
      this.destroy();
      sink.onError('broken', message);
      return;
    }
    if (!this.completed || this.sink !== sink) return; // more to come, or abandoned mid-read
    this.detach();
    this.uses += 1;
    // Extra bytes after a complete response mean the server and we disagree on framing: do not reuse.
    if (this.reusable && used === buf.length && !this.isClosed) this.owner.released(this);
    else this.destroy();
    sink.onComplete();
  }

  private detach(): void {
    if (this.request) this.request.connection = null;
    this.request = null;
    this.sink = null;
  }

  private onClose(): void {
    this.isClosed = true;
    const sink = this.sink;
    const request = this.request;
    this.detach();
    this.owner.closed(this);
    if (sink === null || request === null) return;
    // A body framed by the close itself ends properly here (unless the close was a reset).
    if (this.parser.readsUntilClose && !this.lastError && this.parser.finishOnClose()) {
      sink.onComplete();
      return;
    }
    const err = this.lastError;
    if (!this.established) {
      sink.onError(
        'connect',
        err ? `${err.code ?? 'error'}: ${err.message}` : 'connection closed while connecting',
      );
      return;
    }
    if (!this.gotBytes && this.reused && this.owner.retryStale(request)) return;
    const why = err ? `${err.code ?? 'error'}: ${err.message}` : 'connection closed by the server';
    sink.onError(
      'broken',
      this.gotBytes ? `connection closed mid-response (${why})` : `${why} before any response byte`,
    );
  }
}
