import { z } from 'zod';
import { defineLoadModel, fields, offeredRate } from './load-model';

/**
 * Open loop with Poisson arrivals at rate_per_s: independent users, exponential gaps (CV 1). The default
 * model of vLLM's `bench serve` and most papers.
 */
export const poissonModel = defineLoadModel({
  type: 'poisson',
  summary: 'open loop: Poisson arrivals at rate_per_s (optional max_concurrency)',
  schema: z
    .object({
      type: z.literal('poisson'),
      /** Open loop: mean arrival rate; inter-arrival gaps are exponential. */
      rate_per_s: fields.ratePerS,
      /** Optional cap on requests in flight; arrivals beyond it wait (queue time is recorded). */
      max_concurrency: fields.maxConcurrency.optional(),
    })
    .strict(),
  operatingPoint: offeredRate,
});
