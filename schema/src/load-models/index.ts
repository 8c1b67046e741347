/**
 * The load models, registered by name (the scenario's `load.type`). Adding one: a file in this folder
 * (its config schema and operating point, see ./load-model.ts), one line in LOAD_MODELS below, and
 * its executor in bench-agent/src/executors/ (registered there under the same name; the compiler
 * refuses a registry that misses one).
 */
import { z } from 'zod';
import {
  camelKeys,
  camelCase,
  snakeCase,
  snakeKeys,
  type CamelKeys,
  type OperatingPoint,
} from './load-model';
import { concurrencyModel } from './concurrency';
import { constantModel } from './constant';
import { poissonModel } from './poisson';
import { gammaModel } from './gamma';
import { cappedRateModel } from './capped-rate';
import { rampModel } from './ramp';
import { traceModel } from './trace';

export { camelKeys, snakeKeys, type CamelKeys, type OperatingPoint } from './load-model';

/** Every load model, in the order `--help` lists them. */
export const LOAD_MODELS = [
  concurrencyModel,
  constantModel,
  poissonModel,
  gammaModel,
  cappedRateModel,
  rampModel,
  traceModel,
] as const;

type Models = (typeof LOAD_MODELS)[number];
export type LoadType = Models['type'];

/** The scenario file's `load` block: one of the models' schemas, chosen by `type`. */
export const LoadSchema = z.discriminatedUnion('type', [
  concurrencyModel.schema,
  constantModel.schema,
  poissonModel.schema,
  gammaModel.schema,
  cappedRateModel.schema,
  rampModel.schema,
  traceModel.schema,
]);
/** A `load` block as a scenario file holds it (snake_case, defaults applied). */
export type Load = z.output<typeof LoadSchema>;

/**
 * The same block camelCased: what the agent's executors run and what a run's `config.load` stores,
 * e.g. `{ type: 'poisson', ratePerS: 4, maxConcurrency: 64 }`.
 */
export type LoadSpec = CamelKeys<Load>;
export type LoadSpecOf<T extends LoadType> = Extract<LoadSpec, { type: T }>;

const BY_TYPE = new Map<string, Models>(LOAD_MODELS.map((m) => [m.type, m]));

/** The model registered as `type`, or undefined. */
export function loadModelDef(type: string): Models | undefined {
  return BY_TYPE.get(type);
}

/** A scenario `load` block → the camelCase spec the executors run. `toLoadSpec({type:'poisson', rate_per_s: 4})` → `{type:'poisson', ratePerS: 4}`. */
export const toLoadSpec = (load: Load): LoadSpec => camelKeys(load);

type Issue = { path: (string | number)[]; message: string };

/** Keys (deep) that are not camelCase: a config's load block stores only camelCase names. */
function snakeKeyIssues(value: unknown, path: (string | number)[] = []): Issue[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => snakeKeyIssues(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k.includes('_')
      ? [
          {
            path: [...path, k],
            message: `use the camelCase name ${camelCase(k)} (a run config stores the load camelCased)`,
          },
        ]
      : snakeKeyIssues(v, [...path, k]),
  );
}

/** The spec with defaults applied, or its issues with camelCase paths. */
function checkLoadSpec(value: unknown): { spec: LoadSpec } | { issues: Issue[] } {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !BY_TYPE.has(type)) {
    const types = LOAD_MODELS.map((m) => m.type).join(', ');
    return {
      issues: [
        { path: ['type'], message: `${JSON.stringify(type ?? null)} is unknown; use one of: ${types}` },
      ],
    };
  }
  const snake = snakeKeyIssues(value);
  if (snake.length > 0) return { issues: snake };
  const result = LoadSchema.safeParse(snakeKeys(value));
  if (result.success) return { spec: toLoadSpec(result.data) };
  return {
    issues: result.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'string' ? camelCase(p) : (p as number))),
      message: i.message,
    })),
  };
}

/**
 * Checks a camelCase load spec (a scenario's load after CLI overrides, or a run config's `load`)
 * against its model's schema. Returns the spec with defaults applied, or one "path: problem" line per
 * problem, the path named as a scenario file writes it (`load.rate_per_s: expected a rate > 0
 * requests/s`) or, with `names: 'camel'`, as the config stores it (`load.ratePerS: …`).
 */
export function parseLoadSpec(
  value: unknown,
  prefix = 'load',
  names: 'snake' | 'camel' = 'snake',
): { ok: true; spec: LoadSpec } | { ok: false; issues: string[] } {
  const checked = checkLoadSpec(value);
  if ('spec' in checked) return { ok: true, spec: checked.spec };
  const name = (k: string) => (names === 'camel' ? k : snakeCase(k));
  const issues = checked.issues.map(
    (i) =>
      `${prefix}${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${name(p)}`)).join('')}: ${i.message}`,
  );
  return { ok: false, issues };
}

/** The zod schema of a run config's `load` (camelCase): the model's own rules, paths camelCased. */
export const LoadSpecSchema = z.unknown().transform((value, ctx): LoadSpec => {
  const checked = checkLoadSpec(value);
  if ('spec' in checked) return checked.spec;
  for (const issue of checked.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

/**
 * What a spec offers: `operatingPoint({ type: 'poisson', ratePerS: 4 })` → `{ concurrency: null, ratePerS: 4 }`;
 * a closed loop's concurrency; null for ramps and traces, whose rate varies.
 */
export function operatingPoint(spec: LoadSpec): OperatingPoint {
  const model = BY_TYPE.get(spec.type);
  return model
    ? (model.operatingPoint as (s: LoadSpec) => OperatingPoint)(spec)
    : { concurrency: null, ratePerS: null };
}

/** `--help` text listing every load model. */
export function loadModelsHelp(): string {
  return LOAD_MODELS.map((m) => `  ${m.type.padEnd(12)} ${m.summary}`).join('\n');
}
