import { z } from 'zod';
import { defineLoadModel, fields } from './load-model';

const stage = z
  .object({
    duration_s: z.number().positive({ error: 'expected seconds > 0' }),
    rate_per_s: z.number().nonnegative({ error: 'expected a rate >= 0' }),
    start_rate_per_s: z.number().nonnegative({ error: 'expected a rate >= 0' }).optional(),
  })
  .strict();

/**
 * Multi-stage ramp (k6's ramping-arrival-rate): stages run back to back, the rate moving linearly
 * inside each from its start rate to its end rate. Offers no single rate (operating point null).
 */
export const rampModel = defineLoadModel({
  type: 'ramp',
  summary: 'open loop: stages of linearly changing rate (load.stages[].duration_s, rate_per_s)',
  schema: z
    .object({
      type: z.literal('ramp'),
      /**
       * Stages run in order; within a stage the rate moves linearly from `start_rate_per_s` (default: the
       * previous stage's end rate, 0 for the first) to `rate_per_s` over `duration_s`.
       */
      stages: z
        .array(stage)
        .min(1, 'give at least one stage { duration_s, rate_per_s }')
        .refine((stages) => stages.some((s) => s.rate_per_s > 0 || (s.start_rate_per_s ?? 0) > 0), {
          message: 'every stage has rate 0, so nothing would be sent; raise a rate_per_s',
        }),
      arrivals: fields.arrivals.default('poisson'),
      max_concurrency: fields.maxConcurrency.optional(),
    })
    .strict(),
  operatingPoint: () => ({ concurrency: null, ratePerS: null }),
});
