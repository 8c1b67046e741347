import { constantOffsetsMs, poissonOffsetsMsLazy } from './arrival-schedule';
import { asArrivals, requireStop, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

/**
 * Rate with a concurrency cap: arrivals at rate_per_s (Poisson or constant), but never more than
 * max_concurrency requests in flight, like a gateway with a connection limit. Past saturation the
 * backlog shows up as queue time instead of as an ever-growing number of open requests.
 */
export const cappedRateModel: LoadExecutor<'capped_rate'> = {
  type: 'capped_rate',
  check: (_spec, stop) => requireStop(stop),
  run: (ctx) => {
    const load = loadOf(ctx, 'capped_rate');
    const stop = { count: ctx.stop.requests, durationMs: ctx.stop.durationMs };
    const offsets =
      load.arrivals === 'constant'
        ? constantOffsetsMs(load.ratePerS, stop)
        : poissonOffsetsMsLazy(ctx.seed, load.ratePerS, stop);
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
