/**
 * Incremental Server-Sent Events parser (WHATWG EventSource rules, the subset OpenAI-compatible servers
 * use). Feed it raw bytes as they arrive; it returns every complete event. Handles LF, CRLF and CR line
 * endings, comment lines (`:`), several events in one read, one event split over many reads (including a
 * split UTF-8 sequence or a CRLF split between reads), and multi-line `data:` fields.
 *
 * It works on bytes: lines are found with native byte searches and only field values are decoded to
 * strings, so a read carrying many events costs no intermediate text copies (the agent parses tens of
 * thousands of events per second). Line terminators are ASCII, so a complete line never ends inside a
 * UTF-8 sequence; an unterminated line is kept as bytes until the rest arrives.
 *
 * One deliberate deviation from the spec: llama.cpp's server reports a failure mid-stream as a line
 * `error: {json}` (its `server_sent_event(sink, "error", …)` writes the event name where the field name
 * belongs). The spec would drop that unknown field silently; here it becomes an event named `error`
 * whose data is the JSON, so the failure is classified instead of looking like a cut stream.
 */
export interface SseEvent {
  /** `event:` field, 'message' when absent. */
  event: string;
  /** `data:` lines joined by '\n'. */
  data: string;
  id?: string;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

export class SseParser {
  /** Bytes of an unterminated line, carried to the next read. */
  private partial: Buffer | null = null;
  private data = '';
  private dataLines = 0;
  private eventName = '';
  private eventId: string | undefined;
  private sawField = false;
  /** A CR ended the previous read; a LF at the start of the next read belongs to it. */
  private pendingCr = false;
  /** No line seen yet: a UTF-8 byte order mark at the very start is dropped (as TextDecoder does). */
  private firstLine = true;

  /** Feeds one chunk (bytes or text); returns the events it completed, in order. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const events: SseEvent[] = [];
    const len = buf.length;
    let pos = 0;
    if (this.pendingCr && len > 0) {
      this.pendingCr = false;
      if (buf[0] === LF) pos = 1;
    }
    // Next CR at or after `pos`: searched once per CR, not once per line (-1: none left in `buf`).
    let cr = -2;
    while (pos < len) {
      if (cr !== -1 && cr < pos) cr = buf.indexOf(CR, pos);
      const lf = buf.indexOf(LF, pos);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        end = cr;
        if (cr + 1 < len) next = buf[cr + 1] === LF ? cr + 2 : cr + 1;
        else {
          next = len;
          this.pendingCr = true; // the LF, if any, arrives with the next read
        }
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else break;
      if (this.partial !== null) {
        const line = Buffer.concat([this.partial, buf.subarray(pos, end)]);
        this.partial = null;
        this.line(line, 0, line.length, events);
      } else {
        this.line(buf, pos, end, events);
      }
      pos = next;
    }
    if (pos < len) {
      // Copied: the caller's buffer (a socket read) is not ours to keep.
      const rest = buf.subarray(pos, len);
      this.partial = this.partial === null ? Buffer.from(rest) : Buffer.concat([this.partial, rest]);
    }
    return events;
  }

  /**
   * Ends the stream. Per the spec an event not terminated by a blank line is discarded, so this returns
   * no events; `hasPartialEvent()` tells whether that happened.
   */
  end(): SseEvent[] {
    return [];
  }

  /** True when bytes of an incomplete event are still buffered (useful to detect a cut stream). */
  hasPartialEvent(): boolean {
    return (this.partial !== null && this.partial.length > 0) || this.sawField;
  }

  private line(buf: Buffer, start: number, end: number, events: SseEvent[]): void {
    if (this.firstLine) {
      this.firstLine = false;
      if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)
        start += 3;
    }
    if (start === end) {
      if (this.sawField) events.push(this.dispatch());
      return;
    }
    if (buf[start] === COLON) return; // comment / keep-alive
    let colon = buf.indexOf(COLON, start);
    if (colon < 0 || colon >= end) colon = end;
    let valueStart = colon + 1;
    if (valueStart < end && buf[valueStart] === SPACE) valueStart += 1;
    switch (fieldOf(buf, start, colon - start)) {
      case Field.Data:
        this.data =
          this.dataLines === 0
            ? decode(buf, valueStart, end)
            : `${this.data}\n${decode(buf, valueStart, end)}`;
        this.dataLines += 1;
        this.sawField = true;
        break;
      case Field.Event:
        this.eventName = decode(buf, valueStart, end);
        this.sawField = true;
        break;
      case Field.Id:
        this.eventId = decode(buf, valueStart, end);
        this.sawField = true;
        break;
      case Field.Error: // llama.cpp: `error: {"code":500,"message":…}` (see the class comment)
        this.eventName = 'error';
        this.data =
          this.dataLines === 0
            ? decode(buf, valueStart, end)
            : `${this.data}\n${decode(buf, valueStart, end)}`;
        this.dataLines += 1;
        this.sawField = true;
        break;
      default:
        break; // `retry:` and unknown fields are ignored
    }
  }

  private dispatch(): SseEvent {
    const event: SseEvent = { event: this.eventName || 'message', data: this.data };
    if (this.eventId !== undefined) event.id = this.eventId;
    this.data = '';
    this.dataLines = 0;
    this.eventName = '';
    this.eventId = undefined;
    this.sawField = false;
    return event;
  }
}

function decode(buf: Buffer, start: number, end: number): string {
  return start >= end ? '' : buf.toString('utf8', start, end);
}

const enum Field {
  Other,
  Data,
  Event,
  Id,
  Error,
}

/** Which field a line names, compared as bytes (field names are case-sensitive ASCII). */
function fieldOf(buf: Buffer, at: number, length: number): Field {
  if (length === 4) {
    return buf[at] === 0x64 && buf[at + 1] === 0x61 && buf[at + 2] === 0x74 && buf[at + 3] === 0x61
      ? Field.Data // data
      : Field.Other;
  }
  if (length === 5) {
    const c = buf[at];
    if (
      c === 0x65 &&
      buf[at + 1] === 0x76 &&
      buf[at + 2] === 0x65 &&
      buf[at + 3] === 0x6e &&
      buf[at + 4] === 0x74
    )
      return Field.Event; // event
    if (
      c === 0x65 &&
      buf[at + 1] === 0x72 &&
      buf[at + 2] === 0x72 &&
      buf[at + 3] === 0x6f &&
      buf[at + 4] === 0x72
    )
      return Field.Error; // error
    return Field.Other;
  }
  if (length === 2 && buf[at] === 0x69 && buf[at + 1] === 0x64) return Field.Id; // id
  return Field.Other;
}
