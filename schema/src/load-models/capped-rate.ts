import { z } from 'zod';
import { defineLoadModel, fields, offeredRate } from './load-model';

/** Rate with a concurrency cap, like a gateway with a connection limit: the backlog shows as queue time. */
export const cappedRateModel = defineLoadModel({
  type: 'capped_rate',
  summary: 'open loop at rate_per_s, at most max_concurrency in flight (the rest queue)',
  schema: z
    .object({
      type: z.literal('capped_rate'),
      /** Open loop at rate_per_s, but never more than max_concurrency in flight (required here). */
      rate_per_s: fields.ratePerS,
      max_concurrency: fields.maxConcurrency,
      arrivals: fields.arrivals.default('poisson'),
    })
    .strict(),
  operatingPoint: offeredRate,
});
