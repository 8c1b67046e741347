import { concurrencyModel } from './concurrency.executor';
import { constantRateModel } from './constant-rate.executor';
import { poissonRateModel } from './poisson-rate.executor';
import { gammaRateModel } from './gamma-rate.executor';
import { cappedRateModel } from './capped-rate.executor';
import { rampModel } from './ramp.executor';
import { traceReplayModel } from './trace-replay.executor';
import type { Executor, LoadModel, LoadSpec, LoadType, StopSpec } from './executor.types';

/** Load models registered by name (the scenario's `load.type`), one file each. */
export const LOAD_MODELS: { [T in LoadType]: LoadModel<T> } = {
  concurrency: concurrencyModel,
  constant: constantRateModel,
  poisson: poissonRateModel,
  gamma: gammaRateModel,
  capped_rate: cappedRateModel,
  ramp: rampModel,
  trace: traceReplayModel,
};

/** Looks up a load model; the error names the field and the accepted values. */
export function loadModelFor(type: string): LoadModel {
  const model = (LOAD_MODELS as Record<string, LoadModel | undefined>)[type];
  if (!model) {
    throw new Error(`load.type "${type}" is unknown; use one of: ${Object.keys(LOAD_MODELS).join(', ')}`);
  }
  return model;
}

/** The executor for a load spec. */
export function executorFor(load: LoadSpec): Executor {
  return loadModelFor(load.type).run;
}

/**
 * Lets the load model check its own config (after CLI overrides).
 * @throws Error with one "field: problem" line per problem.
 */
export function validateLoad(load: LoadSpec, stop: StopSpec, source = 'load'): void {
  const model = loadModelFor(load.type) as LoadModel<typeof load.type>;
  const problems = (model.validate as (l: LoadSpec, s: StopSpec) => string[])(load, stop);
  if (problems.length > 0) {
    throw new Error(`${source}: invalid ${load.type} load\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `--help` text listing every load model. */
export function loadModelsHelp(): string {
  return Object.values(LOAD_MODELS)
    .map((m) => `  ${m.type.padEnd(12)} ${m.summary}`)
    .join('\n');
}
