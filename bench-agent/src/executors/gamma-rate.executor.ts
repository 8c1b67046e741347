import { gammaOffsetsMs } from './arrival-schedule';
import { asArrivals, checkRate, requireStop, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadModel } from './executor.types';

/**
 * Open loop with gamma-distributed gaps (vLLM `bench serve --burstiness`): mean rate rate_per_s, shape
 * = burstiness. burstiness 1 is Poisson; 0.25 doubles the gaps' CV (1/√0.25 = 2): bursts that fill the
 * server's queue, then lulls. Models real traffic that arrives in clumps (retries, batch jobs, fan-out).
 */
export const gammaRateModel: LoadModel<'gamma'> = {
  type: 'gamma',
  summary: 'open loop: gamma gaps, mean rate_per_s, shape burstiness (1 = Poisson, <1 burstier)',
  validate: (spec, stop) => [
    ...checkRate('load.rate_per_s', spec.ratePerS),
    ...(spec.burstiness > 0 && spec.burstiness <= 1000
      ? []
      : [`load.burstiness: expected a number in (0, 1000] (1 = Poisson; got ${spec.burstiness})`]),
    ...requireStop(stop),
  ],
  run: (ctx) => {
    const load = loadOf(ctx, 'gamma');
    const offsets = gammaOffsetsMs(ctx.seed, load.ratePerS, load.burstiness, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
