import { rampOffsetsMs } from './arrival-schedule';
import { asArrivals, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

/**
 * Multi-stage ramp (k6's ramping-arrival-rate): stages run back to back, the rate moving linearly inside
 * each from its start rate to its end rate; a stage whose start equals its end holds steady. Finds where
 * latency bends in one run, e.g. 0 → 20 req/s over 60 s, hold 20 for 120 s, then 20 → 40 over 60 s.
 * The run ends with the last stage (or earlier at stop.requests / stop.duration_s).
 */
export const rampModel: LoadExecutor<'ramp'> = {
  type: 'ramp',
  run: (ctx) => {
    const load = loadOf(ctx, 'ramp');
    const offsets = rampOffsetsMs(ctx.seed, load.stages, load.arrivals, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
