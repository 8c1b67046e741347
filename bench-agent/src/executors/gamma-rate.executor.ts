import { gammaOffsetsMs } from './arrival-schedule';
import { asArrivals, requireStop, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

/**
 * Open loop with gamma-distributed gaps (vLLM `bench serve --burstiness`): mean rate rate_per_s, shape
 * = burstiness. burstiness 1 is Poisson; 0.25 doubles the gaps' CV (1/√0.25 = 2): bursts that fill the
 * server's queue, then lulls. Models real traffic that arrives in clumps (retries, batch jobs, fan-out).
 */
export const gammaRateModel: LoadExecutor<'gamma'> = {
  type: 'gamma',
  check: (_spec, stop) => requireStop(stop),
  run: (ctx) => {
    const load = loadOf(ctx, 'gamma');
    const offsets = gammaOffsetsMs(ctx.seed, load.ratePerS, load.burstiness, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
