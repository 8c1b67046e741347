import type { LoadSpec, LoadSpecOf, LoadType } from '@yardstick/schema/load-models';

/**
 * Load models: each one's config schema is in schema/src/load-models/ (one file each, registered
 * there); its executor is in a `*.executor.ts` file here, registered under the same name in
 * executor.registry.ts. `LoadSpec` is the scenario's `load` block camelCased, after CLI overrides.
 */
export type { LoadSpec, LoadSpecOf, LoadType };
export type ArrivalProcess = LoadSpecOf<'capped_rate'>['arrivals'];

/** One ramp stage: the rate moves linearly from startRatePerS to ratePerS over durationS. */
export type RampStage = LoadSpecOf<'ramp'>['stages'][number];

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
 * The executor of a load model: its name (the scenario's `load.type`), the checks its config's schema
 * cannot make (a stop condition, a trace file that must read) as "field: problem, fix" lines, and the
 * executor itself. The config's own rules are its schema's (schema/src/load-models/).
 */
export interface LoadExecutor<T extends LoadType = LoadType> {
  type: T;
  check?(spec: LoadSpecOf<T>, stop: StopSpec): string[];
  run: Executor;
}

/** Narrows ctx.load to the model's own type; throws when called with another model's spec. */
export function loadOf<T extends LoadType>(ctx: ExecutorContext, type: T): LoadSpecOf<T> {
  if (ctx.load.type !== type) throw new Error(`executor ${type} was given load.type = ${ctx.load.type}`);
  return ctx.load as LoadSpecOf<T>;
}
