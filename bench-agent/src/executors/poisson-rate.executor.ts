import { poissonOffsetsMsLazy } from './arrival-schedule';
import { asArrivals, requireStop, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

/**
 * Open loop with Poisson arrivals at rate_per_s: independent users, exponential gaps (CV 1). The default
 * model of vLLM's `bench serve` and most papers. With max_concurrency, arrivals beyond the cap wait.
 */
export const poissonRateModel: LoadExecutor<'poisson'> = {
  type: 'poisson',
  check: (_spec, stop) => requireStop(stop),
  run: (ctx) => {
    const load = loadOf(ctx, 'poisson');
    const offsets = poissonOffsetsMsLazy(ctx.seed, load.ratePerS, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
