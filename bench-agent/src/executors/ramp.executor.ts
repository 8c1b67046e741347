import { rampOffsetsMs } from './arrival-schedule';
import { asArrivals, runOpenLoop } from './open-loop.runner';
import { loadOf, type LoadModel } from './executor.types';

/**
 * Multi-stage ramp (k6's ramping-arrival-rate): stages run back to back, the rate moving linearly inside
 * each from its start rate to its end rate; a stage whose start equals its end holds steady. Finds where
 * latency bends in one run, e.g. 0 → 20 req/s over 60 s, hold 20 for 120 s, then 20 → 40 over 60 s.
 * The run ends with the last stage (or earlier at stop.requests / stop.duration_s).
 */
export const rampModel: LoadModel<'ramp'> = {
  type: 'ramp',
  summary: 'open loop: stages of linearly changing rate (load.stages[].duration_s, rate_per_s)',
  validate: (spec) => {
    const problems: string[] = [];
    spec.stages.forEach((s, i) => {
      if (!(s.durationS > 0))
        problems.push(`load.stages[${i}].duration_s: expected seconds > 0 (got ${s.durationS})`);
      if (!(s.ratePerS >= 0))
        problems.push(`load.stages[${i}].rate_per_s: expected a rate >= 0 (got ${s.ratePerS})`);
    });
    if (spec.stages.length === 0)
      problems.push('load.stages: give at least one stage { duration_s, rate_per_s }');
    const anyTraffic = spec.stages.some((s) => s.ratePerS > 0 || (s.startRatePerS ?? 0) > 0);
    if (spec.stages.length > 0 && !anyTraffic) {
      problems.push('load.stages: every stage has rate 0, so nothing would be sent; raise a rate_per_s');
    }
    return problems;
  },
  run: (ctx) => {
    const load = loadOf(ctx, 'ramp');
    const offsets = rampOffsetsMs(ctx.seed, load.stages, load.arrivals, {
      count: ctx.stop.requests,
      durationMs: ctx.stop.durationMs,
    });
    return runOpenLoop(ctx, asArrivals(offsets), load.maxConcurrency);
  },
};
