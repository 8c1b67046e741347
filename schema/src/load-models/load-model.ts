/**
 * What a load model is, as data: its name (`load.type`), a one-line summary, the zod schema of its
 * config as a scenario file writes it (snake_case keys with units: `rate_per_s`), and the operating
 * point it offers (what the leaderboard shows). Each model lives in its own file in this folder and
 * is listed once in ./index.ts; the agent's executor for it is registered by the same name
 * (bench-agent/src/executors/executor.registry.ts).
 *
 * The run config (./run-config.ts) stores the same block camelCased (`ratePerS`), as the agent's
 * executors read it: `LoadSpecOf<M>` is that type, `camelKeys`/`snakeKeys` convert between the two
 * forms, so one zod schema per model checks both a scenario file and a stored run's config.
 */
import { z } from 'zod';

/** `rate_per_s` → `ratePerS`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer H}_${infer T}`
  ? `${H}${Capitalize<CamelCase<T>>}`
  : S;

/** An object type with every key camelCased, deeply (arrays and unions included). */
export type CamelKeys<T> = T extends readonly (infer E)[]
  ? CamelKeys<E>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: CamelKeys<T[K]> }
    : T;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Renames every key of plain objects inside `value` with `rename` (arrays walked, values kept). */
function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
}

/** `camelCase('start_rate_per_s')` → `startRatePerS`. */
export const camelCase = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** `snakeCase('startRatePerS')` → `start_rate_per_s` (the inverse of camelCase for our keys). */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `camelKeys({ rate_per_s: 4 })` → `{ ratePerS: 4 }`, deeply. */
export const camelKeys = <T>(value: T): CamelKeys<T> => renameKeys(value, camelCase) as CamelKeys<T>;
/** `snakeKeys({ ratePerS: 4 })` → `{ rate_per_s: 4 }`, deeply. */
export const snakeKeys = (value: unknown): unknown => renameKeys(value, snakeCase);

/** What a load offers: requests in flight (closed loop) or requests/s (open loop); null when it varies. */
export interface OperatingPoint {
  concurrency: number | null;
  ratePerS: number | null;
}

/** A load model: name, summary, config schema (file form) and the operating point of a config. */
export interface LoadModelDef<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  /** One line for `--help` and docs. */
  readonly summary: string;
  /** The config as a scenario file writes it (`type` included), strict: unknown keys are refused. */
  readonly schema: S;
  /** The operating point of a config (camelCase form), for the leaderboard's load label. */
  operatingPoint(spec: CamelKeys<z.output<S>>): OperatingPoint;
}

/** Declares a load model (keeps the literal types for the registry). */
export const defineLoadModel = <const T extends string, S extends z.ZodType>(
  model: LoadModelDef<T, S>,
): LoadModelDef<T, S> => model;

/** A whole number 1..100,000 (requests in flight). */
const wholeNumber = z
  .number()
  .int({ error: 'expected a whole number > 0' })
  .positive({ error: 'expected a whole number > 0' })
  .max(100_000);

/** Field schemas the models share. */
export const fields = {
  /** Requests/s offered on average, > 0. */
  ratePerS: z.number().positive({ error: 'expected a rate > 0 requests/s' }),
  /** Optional cap on requests in flight; arrivals beyond it wait (queue time is recorded). */
  maxConcurrency: wholeNumber,
  /** Requests in flight, 1..100,000. */
  concurrency: wholeNumber,
  /** How arrivals are spaced inside an open loop: exactly evenly, or as a Poisson process. */
  arrivals: z.enum(['constant', 'poisson']),
};

/** Operating point of a model whose config has `ratePerS`. */
export const offeredRate = (spec: { ratePerS: number }): OperatingPoint => ({
  concurrency: null,
  ratePerS: spec.ratePerS,
});
