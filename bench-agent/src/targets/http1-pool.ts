import {
  Http1Connection,
  type Http1ConnectionOwner,
  type Http1Origin,
  type Http1Sink,
} from './http1-connection';

/**
 * Keep-alive connection pool for one origin. A request takes the most recently released idle
 * connection (its socket is warm), else opens a new one while fewer than `maxSockets` exist, else waits
 * in FIFO order for the next released connection. A connection whose response said `connection: close`
 * (or ended by closing) is not reused.
 */
export interface Http1PoolOptions extends Http1Origin {
  /** Most connections open at once; default unlimited (one per request in flight). */
  maxSockets?: number;
}

/** What `preconnect` did: connections opened, failed, and still connecting when it stopped waiting. */
export interface PreconnectResult {
  /** Connections it set out to open (n, less those already open, within maxSockets). */
  attempted: number;
  opened: number;
  failed: number;
  /** Still connecting at the timeout; they stay in the pool and may yet come up. */
  pending: number;
  /** The first failure's reason (e.g. `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8000`). */
  firstFailure?: string;
}

/**
 * Connections opened at once by `preconnect`; the next starts when one is up (or failed). Bounded so a
 * large n does not overflow the server's listen backlog (SYNs dropped there retry only after ~1 s).
 */
const PRECONNECT_PARALLEL = 64;

/** A request handed to the pool; `abort()` drops it (and its connection, if it is in flight). */
export class Http1Request {
  /** Set by the connection while the request is on it. */
  connection: Http1Connection | null = null;
  aborted = false;
  retried = false;

  constructor(
    /** The whole request, head and body, written in one go. */
    readonly bytes: string,
    readonly sink: Http1Sink,
    private readonly pool: Http1Pool,
  ) {}

  /** Drops the request; its sink hears nothing more. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    if (this.connection) this.connection.destroy();
    else this.pool.dequeue(this);
  }
}

export class Http1Pool implements Http1ConnectionOwner {
  private readonly idle: Http1Connection[] = [];
  private readonly waiting: Http1Request[] = [];
  private readonly all = new Set<Http1Connection>();
  private readonly maxSockets: number;
  private shutDown = false;
  /** Connections `preconnect` is waiting for, with what to call when each is up or gone. */
  private readonly opening = new Map<Http1Connection, (failure: string | null) => void>();

  constructor(private readonly options: Http1PoolOptions) {
    this.maxSockets = options.maxSockets ?? Infinity;
    if (!(this.maxSockets >= 1)) {
      throw new Error(`maxSockets: expected a number >= 1 (or leave it unset), got ${options.maxSockets}`);
    }
  }

  /** Connections currently open (idle or busy); for tests and diagnostics. */
  get openConnections(): number {
    return this.all.size;
  }

  /** Sends `bytes` (a whole HTTP/1.1 request) and reports the response to `sink`. */
  request(bytes: string, sink: Http1Sink): Http1Request {
    const req = new Http1Request(bytes, sink, this);
    if (this.shutDown) sink.onError('connect', 'the client was closed before the request was sent');
    else this.place(req, false);
    return req;
  }

  /**
   * Opens connections until `n` are open (at most maxSockets), before the load starts, so that the
   * first requests do not carry TCP connect (and TLS) time in their TTFT. Each new connection goes
   * to the idle list at once (a request that comes first takes it and waits for the connect, as a
   * fresh one would). Resolves when all are up or failed, or after `timeoutMs`; never rejects:
   * failures are counted, not thrown (the requests that need those connections will report them).
   */
  preconnect(n: number, timeoutMs = 5_000): Promise<PreconnectResult> {
    const attempted = this.shutDown ? 0 : Math.max(0, Math.min(n, this.maxSockets) - this.all.size);
    const result: PreconnectResult = { attempted, opened: 0, failed: 0, pending: 0 };
    if (attempted === 0) return Promise.resolve(result);
    let started = 0;
    let connecting = 0;
    let done = false;
    return new Promise((resolve) => {
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        // Connections still connecting stay in the pool; this call just stops counting them.
        for (const [conn, settle] of this.opening) if (settle === count) this.opening.delete(conn);
        result.pending = attempted - result.opened - result.failed;
        resolve(result);
      };
      const count = (failure: string | null): void => {
        if (done) return;
        connecting -= 1;
        if (failure === null) result.opened += 1;
        else {
          result.failed += 1;
          result.firstFailure ??= failure;
        }
        if (result.opened + result.failed === attempted) finish();
        else launch();
      };
      const launch = (): void => {
        while (connecting < PRECONNECT_PARALLEL && started < attempted && !this.shutDown) {
          started += 1;
          connecting += 1;
          const conn = this.connect();
          // Idle from the start: it must not keep the process alive once the run is over.
          conn.parkIdle();
          this.idle.push(conn);
          this.opening.set(conn, count);
        }
        if (connecting === 0) finish(); // the pool was closed meanwhile
      };
      // Ref'd: it keeps the process alive while the (unref'd) sockets connect.
      const timer = setTimeout(finish, timeoutMs);
      launch();
    });
  }

  established(conn: Http1Connection): void {
    const count = this.opening.get(conn);
    this.opening.delete(conn);
    count?.(null);
  }

  /** Closes every connection; requests in flight or waiting fail (`broken` / `connect`). */
  close(): void {
    this.shutDown = true;
    this.idle.length = 0;
    for (const conn of [...this.all]) {
      const req = conn.current;
      conn.destroy();
      req?.sink.onError('broken', 'the client was closed while the request was in flight');
    }
    for (const req of this.waiting.splice(0)) req.sink.onError('connect', 'the client was closed');
  }

  /** Removes a request that is still waiting for a connection. */
  dequeue(req: Http1Request): void {
    const i = this.waiting.indexOf(req);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  released(conn: Http1Connection): void {
    if (this.shutDown) return conn.destroy();
    const next = this.waiting.shift();
    if (next) return conn.send(next);
    conn.parkIdle();
    this.idle.push(conn);
  }

  closed(conn: Http1Connection): void {
    const count = this.opening.get(conn);
    this.opening.delete(conn);
    count?.(conn.failure ?? 'closed while connecting');
    if (!this.all.delete(conn)) return;
    const i = this.idle.lastIndexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    // A slot freed up: a waiting request may open a new connection.
    if (!this.shutDown && this.waiting.length > 0 && this.all.size < this.maxSockets) {
      this.connect().send(this.waiting.shift()!);
    }
  }

  retryStale(req: Http1Request): boolean {
    if (req.retried || req.aborted || this.shutDown) return false;
    req.retried = true;
    this.place(req, true);
    return true;
  }

  /** Idle connection, else a new one, else the queue (at its head for a retry: it waited already). */
  private place(req: Http1Request, front: boolean): void {
    let conn = this.idle.pop();
    // Skip connections the server has ended but whose close event has not run yet.
    while (conn && !conn.usable) {
      conn.destroy();
      conn = this.idle.pop();
    }
    if (conn) conn.send(req);
    else if (this.all.size < this.maxSockets) this.connect().send(req);
    else if (front) this.waiting.unshift(req);
    else this.waiting.push(req);
  }

  private connect(): Http1Connection {
    const conn = new Http1Connection(this.options, this);
    this.all.add(conn);
    return conn;
  }
}
