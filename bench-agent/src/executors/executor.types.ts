/**
 * Load models (the scenario's `load` block, camelCased, after CLI overrides). Each lives in its own
 * `*.executor.ts` file and is registered by name in executor.registry.ts.
 */
export type LoadSpec =
  | { type: 'concurrency'; concurrency: number }
  | { type: 'constant'; ratePerS: number; maxConcurrency?: number }
  | { type: 'poisson'; ratePerS: number; maxConcurrency?: number }
  | { type: 'gamma'; ratePerS: number; burstiness: number; maxConcurrency?: number }
  | { type: 'capped_rate'; ratePerS: number; maxConcurrency: number; arrivals: ArrivalProcess }
  | { type: 'ramp'; stages: RampStage[]; arrivals: ArrivalProcess; maxConcurrency?: number }
  | { type: 'trace'; file: string; speedup: number; maxConcurrency?: number };

export type LoadType = LoadSpec['type'];
export type ArrivalProcess = 'constant' | 'poisson';

/** One ramp stage: the rate moves linearly from startRatePerS to ratePerS over durationS. */
export interface RampStage {
  durationS: number;
  ratePerS: number;
  /** Defaults to the previous stage's end rate (0 for the first stage). */
  startRatePerS?: number;
}

/** When to stop scheduling: after `requests` sends, or once `durationMs` has elapsed (whichever first). */
export interface StopSpec {
  requests?: number;
  durationMs?: number;
}

/** Token lengths a load model dictates for one request (trace replay); absent → the scenario's distributions. */
export interface SlotLengths {
  inputTokens?: number;
  outputTokens?: number;
}

/** Times handed to the request callback, all absolute `performance.now()` values. */
export interface SendSlot {
  seq: number;
  /** When the load model wanted the request sent. */
  scheduledAt: number;
  /** When a concurrency slot was obtained (≥ scheduledAt); slotAt − scheduledAt is the queue wait. */
  slotAt: number;
  lengths?: SlotLengths;
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

/**
 * A registered load model: its name (the scenario's `load.type`), a check of its own config that returns
 * one "field: problem, fix" line per problem (empty when valid), and the executor.
 */
export interface LoadModel<T extends LoadType = LoadType> {
  type: T;
  /** One line for `--help` and docs. */
  summary: string;
  validate(spec: Extract<LoadSpec, { type: T }>, stop: StopSpec): string[];
  run: Executor;
}

/** Narrows ctx.load to the model's own type; throws when called with another model's spec. */
export function loadOf<T extends LoadType>(ctx: ExecutorContext, type: T): Extract<LoadSpec, { type: T }> {
  if (ctx.load.type !== type) throw new Error(`executor ${type} was given load.type = ${ctx.load.type}`);
  return ctx.load as Extract<LoadSpec, { type: T }>;
}
