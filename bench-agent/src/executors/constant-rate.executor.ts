import { constantOffsetsMs } from './arrival-schedule';
import { asArrivals, requireStop, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

/**
 * Open loop at a perfectly regular rate: one arrival every 1000 / rate_per_s ms, starting at 0. The
 * easiest load to reason about, but kinder to the server than real traffic (no bursts): use poisson or
 * gamma to see queueing.
 */
export const constantRateModel: LoadExecutor<'constant'> = {
  type: 'constant',
  check: (_spec, stop) => requireStop(stop),
  run: (ctx) => {
    const load = loadOf(ctx, 'constant');
    const offsets = constantOffsetsMs(load.ratePerS, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
