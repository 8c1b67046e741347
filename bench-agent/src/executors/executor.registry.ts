import { loadModelDef, parseLoadSpec, type LoadSpec, type LoadType } from '@yardstick/schema/load-models';
import { concurrencyModel } from './concurrency.executor';
import { constantRateModel } from './constant-rate.executor';
import { poissonRateModel } from './poisson-rate.executor';
import { gammaRateModel } from './gamma-rate.executor';
import { cappedRateModel } from './capped-rate.executor';
import { rampModel } from './ramp.executor';
import { traceReplayModel } from './trace-replay.executor';
import type { Executor, LoadExecutor, StopSpec } from './executor.types';

export { loadModelsHelp } from '@yardstick/schema/load-models';

/**
 * The executor of each load model, by name (the scenario's `load.type`), one file each. The models
 * and their config schemas are registered in schema/src/load-models/; a model without an executor
 * here does not compile.
 */
export const LOAD_MODELS: { [T in LoadType]: LoadExecutor<T> } = {
  concurrency: concurrencyModel,
  constant: constantRateModel,
  poisson: poissonRateModel,
  gamma: gammaRateModel,
  capped_rate: cappedRateModel,
  ramp: rampModel,
  trace: traceReplayModel,
};

/** Looks up a load model's executor; the error names the field and the accepted values. */
export function loadModelFor(type: string): LoadExecutor {
  const model = (LOAD_MODELS as Record<string, LoadExecutor | undefined>)[type];
  if (!model || !loadModelDef(type)) {
    throw new Error(`load.type "${type}" is unknown; use one of: ${Object.keys(LOAD_MODELS).join(', ')}`);
  }
  return model;
}

/** The executor for a load spec. */
export function executorFor(load: LoadSpec): Executor {
  return loadModelFor(load.type).run;
}

/**
 * Every problem of a load config: its schema's rules (schema/src/load-models/), then what only the
 * executor can check (a stop condition, a readable trace file). One "field: problem" line each.
 */
export function loadProblems(load: LoadSpec, stop: StopSpec): string[] {
  const parsed = parseLoadSpec(load);
  if (!parsed.ok) return parsed.issues;
  const model = loadModelFor(load.type) as LoadExecutor<typeof load.type>;
  return (model.check as ((l: LoadSpec, s: StopSpec) => string[]) | undefined)?.(parsed.spec, stop) ?? [];
}

/**
 * Lets the load model check its config (after CLI overrides).
 * @throws Error with one "field: problem" line per problem.
 */
export function validateLoad(load: LoadSpec, stop: StopSpec, source = 'load'): void {
  const problems = loadProblems(load, stop);
  if (problems.length > 0) {
    throw new Error(`${source}: invalid ${load.type} load\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
