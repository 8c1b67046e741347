/**
 * The scenario file format (`scenarios/*.yaml`): what workload to replay and how hard.
 * Files use snake_case keys with units in the names (`rate_per_s`, `duration_s`, `ttft_p95_ms`).
 * The JSON Schema in `generated/scenario.schema.json` is generated from this zod schema (`npm run gen`).
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { LoadSchema } from './load-models';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** Optional clamp shared by the continuous distributions: draws are rounded, then kept in [min, max]. */
const clamp = { min: positiveInt.optional(), max: positiveInt.optional() };
const minLeMax = (d: { min?: number; max?: number }): boolean =>
  d.min === undefined || d.max === undefined || d.min <= d.max;

/**
 * A token-length distribution. Lengths are drawn per request from the run's seeded RNG, so the same
 * scenario and seed give the same lengths on every machine.
 * - fixed: always `value`.
 * - uniform: an integer in [min, max], each equally likely.
 * - normal: mean/stddev in tokens, rounded, clamped to [min, max] and to >= 1.
 * - lognormal: mean/stddev IN TOKENS of the resulting (right-skewed) distribution, the usual shape of
 *   real prompt and answer lengths; clamped like normal.
 * - empirical: a histogram; a bin is picked with probability weight / sum(weights), then a length
 *   uniformly inside [min, max] of that bin.
 */
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
      ...clamp,
    })
    .strict()
    .refine(minLeMax, { message: 'min must be <= max', path: ['min'] }),
  z
    .object({
      dist: z.literal('lognormal'),
      mean: z.number().positive(),
      stddev: z.number().nonnegative(),
      ...clamp,
    })
    .strict()
    .refine(minLeMax, { message: 'min must be <= max', path: ['min'] }),
  z
    .object({
      dist: z.literal('empirical'),
      bins: z
        .array(
          z
            .object({ min: positiveInt, max: positiveInt, weight: z.number().nonnegative() })
            .strict()
            .refine((b) => b.min <= b.max, { message: 'min must be <= max', path: ['min'] }),
        )
        .min(1, 'give at least one bin { min, max, weight }')
        .refine((bins) => bins.some((b) => b.weight > 0), { message: 'at least one bin needs weight > 0' }),
    })
    .strict(),
]);
export type LengthDist = z.infer<typeof LengthDistSchema>;

/**
 * The load model: one of the models registered in ./load-models/ (one file each, with its own config
 * schema). Sends are scheduled on an absolute timeline from the phase start.
 */
export { LoadSchema, type Load } from './load-models';

/** Tokenizers prompts can be synthesised for (exact lengths); `auto` = the target's if known, else cl100k_base. */
export const TOKENIZER_NAMES = ['auto', 'cl100k_base', 'o200k_base', 'yardstick-bytes'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

const RequestSchema = z
  .object({
    /** Content tokens of each request's new user text (prompt synthesis hits it exactly under `tokenizer`). */
    input_tokens: LengthDistSchema,
    output_tokens: LengthDistSchema,
    system_prompt: z.string().optional(),
    tokenizer: z.enum(TOKENIZER_NAMES).default('auto'),
    /**
     * Shared prefix: every request starts with one of `groups` fixed prefixes of `tokens` tokens
     * (a long system prompt or few-shot block), which a server with prefix caching computes once.
     */
    shared_prefix: z
      .object({ tokens: positiveInt, groups: positiveInt.default(1) })
      .strict()
      .optional(),
    /**
     * Multi-turn sessions: each session runs `turns` turns; each turn re-sends the whole history
     * (previous user turns and the assistant's answers) plus a new user message of input_tokens.
     */
    multi_turn: z.object({ turns: LengthDistSchema }).strict().optional(),
    /**
     * Dataset replay: JSONL with `{"prompt": "..."}` (optionally `"output_tokens": n`) per line, relative to
     * the scenario file; replaces synthetic prompts. `order: shuffle` permutes it with the seed.
     */
    dataset: z
      .object({ file: z.string().min(1), order: z.enum(['sequential', 'shuffle']).default('sequential') })
      .strict()
      .optional(),
  })
  .strict()
  .refine((r) => !(r.dataset && (r.multi_turn || r.shared_prefix)), {
    message:
      'dataset replay cannot be combined with multi_turn or shared_prefix (the file holds the prompts)',
    path: ['dataset'],
  });

/** An SLO key: `<ttft|tpot|itl|e2e>_p<percentile>_ms`, e.g. `ttft_p95_ms`, `tpot_p99.9_ms`. */
export const SLO_KEY_PATTERN = /^(ttft|tpot|itl|e2e)_p(\d+(?:\.\d+)?)_ms$/;
const SLO_KEY_HINT = 'expected <ttft|tpot|itl|e2e>_p<percentile>_ms, e.g. ttft_p95_ms or tpot_p99_ms';

/**
 * Service-level objectives, in milliseconds: `ttft_p95_ms: 500` means 95% of requests must see a TTFT
 * of at most 500 ms. Goodput counts the requests that meet every limit given.
 */
const SloSchema = z
  .record(z.string().regex(SLO_KEY_PATTERN, SLO_KEY_HINT), z.number().positive(), {
    error: (issue) => (issue.code === 'invalid_key' ? `unknown SLO key: ${SLO_KEY_HINT}` : undefined),
  })
  .superRefine((slo, ctx) => {
    for (const key of Object.keys(slo)) {
      const percentile = Number(SLO_KEY_PATTERN.exec(key)?.[2]);
      if (!(percentile > 0 && percentile <= 100)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'the percentile must be in (0, 100]' });
      }
    }
  });

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
    request: RequestSchema,
    load: LoadSchema,
    stop: z
      .object({ requests: positiveInt.optional(), duration_s: z.number().positive().optional() })
      .strict()
      .refine((s) => s.requests !== undefined || s.duration_s !== undefined, {
        message: 'set requests or duration_s (or both: whichever comes first ends the run)',
      }),
    /** Warm-up requests run first with the same load model; they are marked and left out of statistics. */
    warmup: z.object({ requests: nonNegativeInt }).strict().default({ requests: 0 }),
    slo: SloSchema.optional(),
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
