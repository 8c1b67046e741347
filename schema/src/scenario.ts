/**
 * The scenario file format (`scenarios/*.yaml`): what workload to replay and how hard.
 * Files use snake_case keys with units in the names (`rate_per_s`, `duration_s`, `ttft_p95_ms`).
 * The JSON Schema in `generated/scenario.schema.json` is generated from this zod schema (`npm run gen`).
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

const positiveInt = z.number().int().positive();

/** A token-length distribution. Lengths are drawn per request from the run's seeded RNG. */
export const LengthDistSchema = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('fixed'), value: positiveInt }).strict(),
  z
    .object({ dist: z.literal('uniform'), min: positiveInt, max: positiveInt })
    .strict()
    .refine((d) => d.min <= d.max, { message: 'min must be <= max', path: ['min'] }),
  z
    .object({
      dist: z.literal('normal'),
      mean: z.number().positive(),
      stddev: z.number().nonnegative(),
      min: positiveInt.optional(),
      max: positiveInt.optional(),
    })
    .strict(),
]);
export type LengthDist = z.infer<typeof LengthDistSchema>;

export const LoadSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('concurrency'),
      /** Closed loop: this many requests in flight at all times. */
      concurrency: positiveInt.max(100_000),
    })
    .strict(),
  z
    .object({
      type: z.literal('poisson'),
      /** Open loop: mean arrival rate; inter-arrival gaps are exponential. */
      rate_per_s: z.number().positive(),
      /** Optional cap on requests in flight; arrivals beyond it wait (queue time is recorded). */
      max_concurrency: positiveInt.optional(),
    })
    .strict(),
]);
export type Load = z.infer<typeof LoadSchema>;

export const ScenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 characters: lower-case letters, digits, _ and -'),
    description: z.string().min(1),
    /** Model id to request; when absent the agent uses the first id from the target's /v1/models. */
    model: z.string().min(1).optional(),
    seed: z.number().int().nonnegative().default(42),
    stream: z.boolean().default(true),
    request: z
      .object({
        input_tokens: LengthDistSchema,
        output_tokens: LengthDistSchema,
        system_prompt: z.string().optional(),
      })
      .strict(),
    load: LoadSchema,
    stop: z
      .object({ requests: positiveInt.optional(), duration_s: z.number().positive().optional() })
      .strict()
      .refine((s) => s.requests !== undefined || s.duration_s !== undefined, {
        message: 'set requests or duration_s (or both: whichever comes first ends the run)',
      }),
    warmup: z.object({ requests: z.number().int().nonnegative() }).strict().default({ requests: 0 }),
    slo: z
      .object({
        ttft_p95_ms: z.number().positive().optional(),
        tpot_p95_ms: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    timeout_s: z.number().positive().default(120),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** A scenario file that failed to load; `issues` hold one "path: problem" line each. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file}: invalid scenario\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** Formats a zod issue path like `request.input_tokens.value` (`(root)` for the top level). */
function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '(root)'
    : path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
}

/**
 * Parses and validates a scenario from YAML (or JSON) text.
 * @throws ScenarioError naming the file, the path of each bad field and what was expected.
 */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  const result = ScenarioSchema.safeParse(data);
  if (!result.success) {
    throw new ScenarioError(
      file,
      result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    );
  }
  return result.data;
}

/** JSON Schema (draft 2020-12) for editors and other tools; written to generated/ by `npm run gen`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
