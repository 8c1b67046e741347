/**
 * Incremental Server-Sent Events parser (WHATWG EventSource rules, the subset OpenAI-compatible servers
 * use). Feed it raw bytes as they arrive; it returns every complete event. Handles LF, CRLF and CR line
 * endings, comment lines (`:`), several events in one read, one event split over many reads (including a
 * split UTF-8 sequence or a CRLF split between reads), and multi-line `data:` fields.
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

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private dataLines: string[] = [];
  private eventName = '';
  private eventId: string | undefined;
  private sawField = false;
  /** A CR ended the previous read; a LF at the start of the next read belongs to it. */
  private pendingCr = false;

  /** Feeds one chunk (bytes or text); returns the events it completed, in order. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    return this.drain();
  }

  /**
   * Ends the stream and returns any events completed by the decoder's last bytes. Per the spec an event
   * not terminated by a blank line is discarded; `hasPartialEvent()` tells whether that happened.
   */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    return this.drain();
  }

  /** True when bytes of an incomplete event are still buffered (useful to detect a cut stream). */
  hasPartialEvent(): boolean {
    return this.buffer.length > 0 || this.sawField;
  }

  private drain(): SseEvent[] {
    const events: SseEvent[] = [];
    for (;;) {
      const idx = this.buffer.search(/\r\n|\r|\n/);
      if (idx < 0) break;
      const line = this.buffer.slice(0, idx);
      let terminatorLength = 1;
      if (this.buffer[idx] === '\r') {
        if (idx + 1 < this.buffer.length) {
          if (this.buffer[idx + 1] === '\n') terminatorLength = 2;
        } else {
          this.pendingCr = true; // the LF, if any, arrives with the next read
        }
      }
      this.buffer = this.buffer.slice(idx + terminatorLength);
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    return events;
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === '') {
      if (!this.sawField) return undefined;
      const event: SseEvent = { event: this.eventName || 'message', data: this.dataLines.join('\n') };
      if (this.eventId !== undefined) event.id = this.eventId;
      this.dataLines = [];
      this.eventName = '';
      this.eventId = undefined;
      this.sawField = false;
      return event;
    }
    if (line.startsWith(':')) return undefined; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        this.sawField = true;
        break;
      case 'event':
        this.eventName = value;
        this.sawField = true;
        break;
      case 'id':
        this.eventId = value;
        this.sawField = true;
        break;
      case 'error': // llama.cpp: `error: {"code":500,"message":…}` (see the class comment)
        this.eventName = 'error';
        this.dataLines.push(value);
        this.sawField = true;
        break;
      default:
        break; // `retry:` and unknown fields are ignored
    }
    return undefined;
  }
}
