import { z } from 'zod';
import { defineLoadModel, fields } from './load-model';

/** Closed loop: `concurrency` requests in flight at all times, each user sending as its last one ends. */
export const concurrencyModel = defineLoadModel({
  type: 'concurrency',
  summary: 'closed loop: N requests in flight at all times (load.concurrency)',
  schema: z
    .object({
      type: z.literal('concurrency'),
      /** Closed loop: this many requests in flight at all times. */
      concurrency: fields.concurrency,
    })
    .strict(),
  operatingPoint: (spec) => ({ concurrency: spec.concurrency, ratePerS: null }),
});
