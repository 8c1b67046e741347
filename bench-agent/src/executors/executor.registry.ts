import { runConcurrency } from './concurrency.executor';
import { runPoissonRate } from './poisson-rate.executor';
import type { Executor, LoadSpec } from './executor.types';

/** Load models registered by name (the scenario's `load.type`). */
export const EXECUTORS: Record<LoadSpec['type'], Executor> = {
  concurrency: runConcurrency,
  poisson: runPoissonRate,
};

/** Looks up the executor for a load spec; the error names the field and the accepted values. */
export function executorFor(load: LoadSpec): Executor {
  const executor = EXECUTORS[load.type];
  if (!executor) {
    throw new Error(
      `load.type "${String(load.type)}" is unknown; use one of: ${Object.keys(EXECUTORS).join(', ')}`,
    );
  }
  return executor;
}
