import { z } from 'zod';
import { defineLoadModel, fields } from './load-model';

/** Timed replay of a JSONL trace; its rate is the trace's own (operating point null). */
export const traceModel = defineLoadModel({
  type: 'trace',
  summary: 'open loop: replay a JSONL trace of {timestamp_ms, input_tokens, output_tokens} (load.file)',
  schema: z
    .object({
      type: z.literal('trace'),
      /**
       * JSONL, one request per line: `{"timestamp_ms": 0, "input_tokens": 512, "output_tokens": 64}`
       * (Mooncake's `timestamp`/`input_length`/`output_length` are accepted too). Relative to the
       * scenario file. Each request is sent at its timestamp (relative to the first) / speedup.
       */
      file: z.string().min(1),
      speedup: z.number().positive({ error: 'expected a factor > 0' }).default(1),
      max_concurrency: fields.maxConcurrency.optional(),
    })
    .strict(),
  operatingPoint: () => ({ concurrency: null, ratePerS: null }),
});
