/**
 * Incremental HTTP/1.1 response parser (RFC 9112) for the raw client (`http1-connection.ts`). Feed it the
 * socket's bytes as they arrive; it reports the status and the framing headers once the head is complete,
 * then hands body bytes over as views of the input (no copies), decoded from Content-Length, chunked
 * transfer encoding (extensions and trailers skipped) or read-until-close framing.
 *
 * Only what a client of OpenAI-compatible servers needs: no upgrades, no HEAD requests; interim 1xx
 * responses are skipped. Header lines are only decoded to strings for the three headers that decide
 * framing and reuse (content-length, transfer-encoding, connection); every other header is skipped at
 * the byte level, because the agent never reads them and allocating them costs throughput.
 */
export interface ResponseSink {
  /** The head is complete. `status` is the final (non-1xx) status code. */
  onHead(status: number): void;
  /** Body bytes (a view of the socket's buffer) and when the read that carried them arrived. */
  onBody(bytes: Buffer, arrivedAt: number): void;
  /** The response is complete; `reusable` says the connection may carry another request. */
  onComplete(reusable: boolean): void;
}

const enum State {
  StatusLine,
  HeaderLine,
  BodyLength,
  ChunkSizeLine,
  ChunkData,
  ChunkDataEnd,
  TrailerLine,
  BodyUntilClose,
  Done,
}

const LF = 0x0a;
const CR = 0x0d;
/** A head (or one chunk-size/trailer line) longer than this is refused: a broken or hostile server. */
const MAX_LINE_BYTES = 64 * 1024;

export class HttpParseError extends Error {}

export class Http1ResponseParser {
  private state = State.StatusLine;
  /** Bytes of an unfinished line (head, chunk size, trailer) carried to the next `execute`. */
  private partialLine: Buffer | null = null;
  private status = 0;
  private http10 = false;
  private contentLength = -1;
  private chunked = false;
  private closeHeader = false;
  private keepAliveHeader = false;
  /** Body bytes still expected (Content-Length body, or the current chunk). */
  private remaining = 0;

  constructor(private sink: ResponseSink) {}

  /** Starts a new response (after the previous one completed on a kept-alive connection). */
  reset(sink: ResponseSink): void {
    this.sink = sink;
    this.state = State.StatusLine;
    this.partialLine = null;
    this.status = 0;
    this.http10 = false;
    this.contentLength = -1;
    this.chunked = false;
    this.closeHeader = false;
    this.keepAliveHeader = false;
    this.remaining = 0;
  }

  /** True once the head was read and the body runs until the connection closes. */
  get readsUntilClose(): boolean {
    return this.state === State.BodyUntilClose;
  }

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Stops parsing (the exchange was abandoned): `execute` returns at once from now on. */
  stop(): void {
    this.state = State.Done;
  }

  /**
   * Consumes `buf`; returns the number of bytes used. Fewer than `buf.length` only when the response
   * completed and bytes follow it (a server must not send those unasked: the caller drops the connection).
   * `arrivedAt` (performance.now() of the read) is passed on with the body bytes. Throws HttpParseError
   * on a malformed response.
   */
  execute(buf: Buffer, arrivedAt: number): number {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case State.BodyLength: {
          const take = Math.min(this.remaining, len - pos);
          this.remaining -= take;
          this.sink.onBody(pos === 0 && take === len ? buf : buf.subarray(pos, pos + take), arrivedAt);
          pos += take;
          if ((this.state as State) === State.Done) return pos; // stopped inside onBody
          if (this.remaining === 0) this.complete();
          break;
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - pos);
          this.remaining -= take;
          this.sink.onBody(buf.subarray(pos, pos + take), arrivedAt);
          pos += take;
          if ((this.state as State) === State.Done) return pos; // stopped inside onBody
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.BodyUntilClose:
          this.sink.onBody(pos === 0 ? buf : buf.subarray(pos), arrivedAt);
          return len;
        case State.Done:
          return pos;
        default: {
          // Line-oriented states: find the end of the line, joining a line split across reads.
          const lf = buf.indexOf(LF, pos);
          if (lf < 0) {
            this.keepPartial(buf, pos, len);
            return len;
          }
          let line = buf;
          let start = pos;
          let end = lf;
          if (this.partialLine !== null) {
            line = Buffer.concat([this.partialLine, buf.subarray(pos, lf)]);
            this.partialLine = null;
            start = 0;
            end = line.length;
          }
          if (end > start && line[end - 1] === CR) end -= 1;
          pos = lf + 1;
          this.line(line, start, end);
        }
      }
    }
    return pos;
  }

  /**
   * The connection closed. Returns true when that ends the response properly (a read-until-close body);
   * false when the response was cut short.
   */
  finishOnClose(): boolean {
    if (this.state === State.BodyUntilClose) {
      this.state = State.Done;
      this.sink.onComplete(false);
      return true;
    }
    return this.state === State.Done;
  }

  private keepPartial(buf: Buffer, pos: number, len: number): void {
    const piece = buf.subarray(pos, len);
    // Copy: the socket's buffer may be reused after this read in some Node versions' paths.
    this.partialLine = this.partialLine ? Buffer.concat([this.partialLine, piece]) : Buffer.from(piece);
    if (this.partialLine.length > MAX_LINE_BYTES) {
      throw new HttpParseError(`a header or chunk-size line is longer than ${MAX_LINE_BYTES} bytes`);
    }
  }

  private line(buf: Buffer, start: number, end: number): void {
    switch (this.state) {
      case State.StatusLine:
        return this.statusLine(buf, start, end);
      case State.HeaderLine:
        if (end === start) return this.headEnd();
        return this.headerLine(buf, start, end);
      case State.ChunkSizeLine:
        return this.chunkSizeLine(buf, start, end);
      case State.ChunkDataEnd:
        if (end !== start) throw new HttpParseError('chunk data is not followed by CRLF');
        this.state = State.ChunkSizeLine;
        return;
      case State.TrailerLine:
        if (end === start) this.complete(); // trailers are read and ignored
        return;
      default:
        throw new HttpParseError(`unexpected parser state ${this.state}`);
    }
  }

  /** `HTTP/1.1 200 OK`: version and a three-digit status code; the reason phrase is ignored. */
  private statusLine(buf: Buffer, start: number, end: number): void {
    if (end === start) return; // tolerate a stray CRLF before the status line (RFC 9112 2.2)
    const ok =
      end - start >= 12 &&
      buf[start] === 0x48 && // H
      buf[start + 1] === 0x54 && // T
      buf[start + 2] === 0x54 && // T
      buf[start + 3] === 0x50 && // P
      buf[start + 4] === 0x2f && // /
      buf[start + 5] === 0x31 && // 1
      buf[start + 6] === 0x2e && // .
      buf[start + 8] === 0x20 && // space
      isDigit(buf[start + 9]!) &&
      isDigit(buf[start + 10]!) &&
      isDigit(buf[start + 11]!) &&
      (end - start === 12 || buf[start + 12] === 0x20);
    if (!ok) {
      throw new HttpParseError(
        `not an HTTP/1.x status line: ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 60)))}`,
      );
    }
    this.http10 = buf[start + 7] === 0x30;
    this.status = (buf[start + 9]! - 0x30) * 100 + (buf[start + 10]! - 0x30) * 10 + (buf[start + 11]! - 0x30);
    this.state = State.HeaderLine;
  }

  private headerLine(buf: Buffer, start: number, end: number): void {
    const first = buf[start]! | 0x20; // lower-case an ASCII letter
    // Only names starting with c or t can matter: content-length, connection, transfer-encoding.
    if (first !== 0x63 && first !== 0x74) return;
    const colon = buf.indexOf(0x3a, start);
    if (colon < 0 || colon >= end) throw new HttpParseError('a header line has no colon');
    const name = buf.toString('latin1', start, colon).toLowerCase();
    if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') return;
    const value = buf
      .toString('latin1', colon + 1, end)
      .trim()
      .toLowerCase();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value))
        throw new HttpParseError(`invalid content-length ${JSON.stringify(value)}`);
      const n = Number(value);
      if (this.contentLength >= 0 && this.contentLength !== n) {
        throw new HttpParseError('conflicting content-length headers');
      }
      this.contentLength = n;
    } else if (name === 'transfer-encoding') {
      // The final coding decides: chunked means chunked framing; anything else means read until close.
      const codings = value.split(',');
      this.chunked = codings[codings.length - 1]!.trim() === 'chunked';
    } else {
      for (const token of value.split(',')) {
        const t = token.trim();
        if (t === 'close') this.closeHeader = true;
        else if (t === 'keep-alive') this.keepAliveHeader = true;
      }
    }
  }

  private headEnd(): void {
    const status = this.status;
    if (status >= 100 && status < 200) {
      // Interim response (100 Continue, 103 Early Hints): the real one follows on the same connection.
      const sink = this.sink;
      this.reset(sink);
      return;
    }
    this.sink.onHead(status);
    if ((this.state as State) === State.Done) return; // the sink gave up inside onHead
    if (status === 204 || status === 304) return this.complete();
    if (this.chunked) {
      this.state = State.ChunkSizeLine;
    } else if (this.contentLength >= 0) {
      this.remaining = this.contentLength;
      this.state = State.BodyLength;
      if (this.remaining === 0) this.complete();
    } else {
      this.state = State.BodyUntilClose;
    }
  }

  /** `1a;ext=v` — hex size, optional extensions (ignored). */
  private chunkSizeLine(buf: Buffer, start: number, end: number): void {
    let size = 0;
    let i = start;
    for (; i < end; i += 1) {
      const c = buf[i]!;
      const digit =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (digit < 0) break;
      size = size * 16 + digit;
      if (size > Number.MAX_SAFE_INTEGER / 16) throw new HttpParseError('chunk size too large');
    }
    if (i === start) {
      throw new HttpParseError(
        `invalid chunk size line ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)))}`,
      );
    }
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i += 1;
    if (i < end && buf[i] !== 0x3b) throw new HttpParseError('invalid characters after the chunk size');
    if (size === 0) {
      this.state = State.TrailerLine;
    } else {
      this.remaining = size;
      this.state = State.ChunkData;
    }
  }

  private complete(): void {
    this.state = State.Done;
    // A body framed by length or chunks leaves the connection usable unless either side said close.
    const reusable = this.http10 ? this.keepAliveHeader && !this.closeHeader : !this.closeHeader;
    this.sink.onComplete(reusable);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
