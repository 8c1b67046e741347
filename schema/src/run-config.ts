/**
 * The run `config` JSON: what the agent sends with startRun and the server stores with the run. Two
 * shapes, told apart by the `import` key:
 * - a measured run's config: the scenario as run, the effective load (camelCase, checked by its load
 *   model's own schema, ./load-models/) and stop, the target and how prompts were made;
 * - an imported run's config: `import` notes on the source file, plus what the source tool said
 *   about its run, kept as the tool wrote it.
 * The server validates it on startRun and refuses any other shape with the failing field's path; the
 * leaderboard reads the offered load from `load` through the load model (`operatingPoint`).
 */
import { z } from 'zod';
import { issueLines } from './issues';
import { LoadSpecSchema } from './load-models';
import { ScenarioSchema } from './scenario';

const nonNegativeInt = z.number().int().nonnegative();

/** When the measured phase stops: after `requests` sends or `durationMs` (whichever first). */
export const StopSpecSchema = z
  .object({ requests: z.number().int().positive().optional(), durationMs: z.number().positive().optional() })
  .strict();
export type StopSpec = z.infer<typeof StopSpecSchema>;

/** How the agent talks to the target (bench-agent/src/targets/README.md). */
export const TargetDescriptionSchema = z
  .object({
    /** Driver: `chat` or `completions`. */
    api: z.string().min(1),
    /** Path requests are POSTed to, e.g. `/v1/chat/completions`. */
    path: z.string().min(1),
    stream: z.boolean(),
    /** Extra request-body fields sent with every request (`--extra-body`). */
    extraBody: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict();

/** A measured run's config, as bench-agent/src/run/run.service.ts writes it. */
export const MeasuredRunConfigSchema = z
  .object({
    /** The scenario as run (defaults applied, file paths resolved). */
    scenario: ScenarioSchema,
    scenarioFile: z.string().nullable(),
    /** The effective load model after CLI overrides, camelCase (`{ type: 'poisson', ratePerS: 4 }`). */
    load: LoadSpecSchema,
    stop: StopSpecSchema,
    warmupRequests: nonNegativeInt,
    seed: z.number().int(),
    model: z.string().min(1),
    quantization: z.string().min(1),
    targetUrl: z.string().min(1),
    target: TargetDescriptionSchema,
    targetEngine: z.string().min(1),
    engineBackend: z.string().nullable(),
    /** The embedded engine's description of itself (model, backend, tokenizer), when it is the target. */
    engine: z.unknown(),
    /** Tokenizer the target reports, when it reports one. */
    targetTokenizer: z.string().nullable(),
    /** Prompts are synthesised to the scenario's input_tokens exactly under this tokenizer. */
    tokenizer: z.string().min(1),
    timeoutS: z.number().positive(),
    /** Keep-alive connections opened before warm-up: the setting and the count it resolved to. */
    preconnect: z
      .object({ setting: z.union([nonNegativeInt, z.literal('auto')]), connections: nonNegativeInt })
      .strict(),
    /** Worker processes of a multi-process run, and how they numbered their requests. */
    workers: z.number().int().positive().optional(),
    samplesUploaded: z.boolean().optional(),
    seqAllocation: z.string().optional(),
  })
  .strict();
export type MeasuredRunConfig = z.infer<typeof MeasuredRunConfigSchema>;
/** What the agent writes (the scenario and load before the server's parse fills defaults). */
export type MeasuredRunConfigInput = z.input<typeof MeasuredRunConfigSchema>;

/** How a run was imported (bench-agent/src/interop/README.md). */
export const ImportNotesSchema = z
  .object({
    /** e.g. "vLLM bench serve", "GuideLLM", "AIPerf", "GenAI-Perf", "llama-bench". */
    tool: z.string().min(1),
    /** The tool version the file names, or what its shape identifies. */
    toolVersion: z.string(),
    /** e.g. "--save-result --save-detailed JSON", "profile_export.jsonl". */
    fileKind: z.string(),
    /** The `--format` it was imported with. */
    format: z.string().min(1),
    file: z.string(),
    /** How the run's duration is known: real send times, sequential repetitions, or the tool's own. */
    timeBase: z.enum(['send-times', 'sequential', 'tool-duration']),
    /** "their name → our name" for every metric carried over. */
    metricMapping: z.record(z.string(), z.string()),
    /** Values that could not be mapped, or only approximately, with the reason. */
    unmapped: z.array(z.string()),
    /** True when the file held only aggregates: the run has zero samples (see `summary.reported`). */
    aggregateOnly: z.boolean(),
    /** What the file says about the run beyond metrics. */
    metadata: z.record(z.string(), z.unknown()),
    /** What the user set on the command line over the file (--model, --quantization). */
    overrides: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type ImportNotes = z.infer<typeof ImportNotesSchema>;

/**
 * An imported run's config: `import` plus the source tool's own settings as it wrote them (its load
 * strategy, test parameters), which follow that tool's names, not ours.
 */
export const ImportedRunConfigSchema = z.object({ import: ImportNotesSchema }).catchall(z.unknown());
export type ImportedRunConfig = z.infer<typeof ImportedRunConfigSchema>;

export type RunConfig = MeasuredRunConfig | ImportedRunConfig;

/** The schema a config is checked with: imported when it has `import`, else measured. */
export function runConfigSchemaFor(value: unknown): z.ZodType<RunConfig> {
  const isImport = value !== null && typeof value === 'object' && 'import' in value;
  return isImport ? ImportedRunConfigSchema : MeasuredRunConfigSchema;
}

/**
 * Checks a run config. `parseRunConfig(config)` → `{ ok: true, config }` with defaults applied, or
 * `{ ok: false, issues }` with one "path: problem" line per problem.
 */
export function parseRunConfig(
  value: unknown,
  prefix = 'config',
): { ok: true; config: RunConfig } | { ok: false; issues: string[] } {
  const result = runConfigSchemaFor(value).safeParse(value);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, issues: issueLines(result.error, prefix) };
}
