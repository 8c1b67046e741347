import { z } from 'zod';
import { defineLoadModel, fields, offeredRate } from './load-model';

/** Open loop with gamma-distributed gaps (vLLM `bench serve --burstiness`), mean rate rate_per_s. */
export const gammaModel = defineLoadModel({
  type: 'gamma',
  summary: 'open loop: gamma gaps, mean rate_per_s, shape burstiness (1 = Poisson, <1 burstier)',
  schema: z
    .object({
      type: z.literal('gamma'),
      /** Open loop: mean arrival rate. */
      rate_per_s: fields.ratePerS,
      /**
       * Gamma shape of the inter-arrival gaps, as vLLM's `bench serve --burstiness`: 1 is Poisson,
       * below 1 burstier, above 1 more regular. The gaps' coefficient of variation is 1/sqrt(burstiness).
       */
      burstiness: z
        .number()
        .positive({ error: 'expected a number in (0, 1000] (1 = Poisson)' })
        .max(1000, { error: 'expected a number in (0, 1000] (1 = Poisson)' }),
      max_concurrency: fields.maxConcurrency.optional(),
    })
    .strict(),
  operatingPoint: offeredRate,
});
