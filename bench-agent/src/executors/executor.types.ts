/** Load model shared by every executor (the scenario's `load` block, camelCased, after CLI overrides). */
export type LoadSpec =
  | { type: 'concurrency'; concurrency: number }
  | { type: 'poisson'; ratePerS: number; maxConcurrency?: number };

/** When to stop scheduling: after `requests` sends, or once `durationMs` has elapsed (whichever first). */
export interface StopSpec {
  requests?: number;
  durationMs?: number;
}

/** Times handed to the request callback, all absolute `performance.now()` values. */
export interface SendSlot {
  seq: number;
  /** When the load model wanted the request sent. */
  scheduledAt: number;
  /** When a concurrency slot was obtained (≥ scheduledAt). */
  slotAt: number;
}

export interface ExecutorContext {
  load: LoadSpec;
  stop: StopSpec;
  seed: number;
  /** First sequence number to hand out. */
  firstSeq: number;
  /** Performs one request; the executor awaits it to free the slot. Must not reject. */
  send(slot: SendSlot): Promise<void>;
  signal?: AbortSignal;
}

/** An executor drives one load model until its stop condition or the abort signal; returns requests sent. */
export type Executor = (ctx: ExecutorContext) => Promise<number>;
