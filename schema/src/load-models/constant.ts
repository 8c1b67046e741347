import { z } from 'zod';
import { defineLoadModel, fields, offeredRate } from './load-model';

/** Open loop at a perfectly regular rate: one arrival every 1000 / rate_per_s ms. */
export const constantModel = defineLoadModel({
  type: 'constant',
  summary: 'open loop: one arrival every 1/rate_per_s seconds exactly (optional max_concurrency)',
  schema: z
    .object({
      type: z.literal('constant'),
      /** Open loop: one arrival every 1000 / rate_per_s ms exactly. */
      rate_per_s: fields.ratePerS,
      max_concurrency: fields.maxConcurrency.optional(),
    })
    .strict(),
  operatingPoint: offeredRate,
});
