/**
 * The run `summary` JSON: what the agent sends with finishRun and the server stores with the run.
 * Three shapes, told apart by their keys:
 * - a measured run's summary (the agent's own figures, computed by the METRICS definitions and the one
 *   percentile method, ./metrics.ts), optionally with telemetry, energy, cost and engine figures;
 * - an imported run's summary: the source tool's own figures in `reported`;
 * - an unfinished run's note (a run closed as FAILED or ABORTED before it had figures).
 * The server validates it on finishRun and refuses any other shape with the failing field's path.
 */
import { z } from 'zod';
import { issueLines } from './issues';

const count = z.number().int().nonnegative();
const numOrNull = z.number().nullable();
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** One latency's distribution over a run, ms: the percentiles by PERCENTILE_METHOD, mean, extremes. */
export const PercentilesSchema = z
  .object({
    count,
    mean: numOrNull,
    min: numOrNull,
    p50: numOrNull,
    p90: numOrNull,
    p95: numOrNull,
    p99: numOrNull,
    /** 99.9th percentile. */
    p999: numOrNull,
    max: numOrNull,
    /** Population standard deviation. */
    stddev: numOrNull,
  })
  .strict();
export type Percentiles = z.infer<typeof PercentilesSchema>;

/** Per-request latency limits in ms (absent: not checked); the metric keys of ./metrics.ts. */
export const SloLimitsSchema = z
  .object({
    ttftMs: finite.optional(),
    tpotMs: finite.optional(),
    itlMs: finite.optional(),
    e2eMs: finite.optional(),
  })
  .strict();
export type SloLimits = z.infer<typeof SloLimitsSchema>;

/** Goodput: requests that met every per-request limit (failures never do), per second of the run. */
export const GoodputSchema = z
  .object({
    /** The per-request limits applied (empty: no SLO, goodput = successful throughput). */
    limits: SloLimitsSchema,
    goodRequests: count,
    /** Good requests ÷ all measured requests (failures included), 0-1. */
    goodFraction: numOrNull,
    requestsPerS: numOrNull,
    outputTokensPerS: numOrNull,
    totalTokensPerS: numOrNull,
    /** Run-level percentile checks: did the run's pXX stay under each limit? */
    percentileChecks: z.array(
      z
        .object({
          metric: z.string(),
          percentile: z.number(),
          limitMs: z.number(),
          valueMs: numOrNull,
          met: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();
export type Goodput = z.infer<typeof GoodputSchema>;

/** The agent's own CPU use over a run: near 100% of a core, the client may skew the numbers. */
export const AgentCpuSchema = z
  .object({
    userS: z.number(),
    systemS: z.number(),
    wallS: z.number(),
    /** (user + system) ÷ wall × 100; 100 = one core fully busy. */
    percentOfOneCore: z.number(),
    /** Processes measured (1 + worker processes). */
    processes: count,
  })
  .strict();
export type AgentCpuUsage = z.infer<typeof AgentCpuSchema>;

/** A block another module owns and documents (telemetry, cost, engine figures): an object, kept as sent. */
const block = z.custom<object>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), {
  error: 'expected an object',
});

/** A measured run's summary (the agent's `summarizeAccumulator`, plus what measuredRun adds). */
export const MeasuredRunSummarySchema = z
  .object({
    /** Non-warm-up requests, failed ones included. */
    requests: count,
    errors: count,
    inputTokens: count,
    outputTokens: count,
    durationS: numOrNull,
    requestsPerS: numOrNull,
    outputTokensPerS: numOrNull,
    totalTokensPerS: numOrNull,
    ttftMs: PercentilesSchema,
    tpotMs: PercentilesSchema,
    itlMs: PercentilesSchema,
    e2eMs: PercentilesSchema,
    errorsByKind: z.array(z.object({ kind: z.string(), count }).strict()),
    /** The client's own overhead: actual send − scheduled send, and time waiting for a slot. */
    sendLagMs: PercentilesSchema,
    queueMs: PercentilesSchema,
    /** Both output token counts and how many requests used each as N_out. */
    tokenCounts: z
      .object({
        outputTokensServer: count,
        outputTokensClient: count,
        requestsWithServerCount: count,
        requestsWithClientCount: count,
      })
      .strict(),
    goodput: GoodputSchema,
    agentCpu: AgentCpuSchema.optional(),
    /** The embedded engine's own prefill/decode figures (bench-embedded runs). */
    enginePerformance: z.object({ prefill: z.unknown(), decode: z.unknown() }).strict().optional(),
    /** Power and utilisation collected over the run (bench-agent/src/telemetry/README.md). */
    telemetry: block.optional(),
    /** Measured energy over the run, joules; present only when power was sampled (never 0 for "none"). */
    energyJoules: z.number().nonnegative().optional(),
    /** The run priced by a cost profile (bench-agent/src/cost/). */
    cost: block.optional(),
  })
  .strict();
export type MeasuredRunSummary = z.infer<typeof MeasuredRunSummarySchema>;

/** A latency distribution as another tool reported it, ms; other percentiles keyed "p25", "p99_9", … */
export const ReportedDistributionSchema = z.record(z.string(), z.number().optional());
export type ReportedDistribution = z.infer<typeof ReportedDistributionSchema>;

/**
 * An imported run's source-tool figures. `authoritative` names the groups the server shows from here
 * instead of from the samples: "throughput" when the file has no time base (or only a sample of the
 * requests), "latency" when it has no per-request data (or a sample).
 */
export const ReportedFiguresSchema = z
  .object({
    tool: z.string().min(1),
    authoritative: z.array(z.enum(['throughput', 'latency'])),
    requests: numOrNull,
    errors: numOrNull,
    durationS: numOrNull,
    inputTokens: numOrNull,
    outputTokens: numOrNull,
    requestsPerS: numOrNull,
    outputTokensPerS: numOrNull,
    totalTokensPerS: numOrNull,
    ttftMs: ReportedDistributionSchema.optional(),
    tpotMs: ReportedDistributionSchema.optional(),
    itlMs: ReportedDistributionSchema.optional(),
    e2eMs: ReportedDistributionSchema.optional(),
  })
  .strict();
export type ReportedFigures = z.infer<typeof ReportedFiguresSchema>;

export const ImportedRunSummarySchema = z.object({ reported: ReportedFiguresSchema }).strict();
export type ImportedRunSummary = z.infer<typeof ImportedRunSummarySchema>;

/** Why a run has no figures (closed as FAILED or ABORTED before it finished, or its import failed). */
export const RunNoteSummarySchema = z.object({ note: z.string().min(1).max(2000) }).strict();
export type RunNoteSummary = z.infer<typeof RunNoteSummarySchema>;

export type RunSummary = MeasuredRunSummary | ImportedRunSummary | RunNoteSummary;

/** The schema a summary is checked with, chosen by its keys (`reported`: imported; `note`: a note). */
export function runSummarySchemaFor(value: unknown): z.ZodType<RunSummary> {
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  if (keys.includes('reported')) return ImportedRunSummarySchema;
  if (keys.includes('note')) return RunNoteSummarySchema;
  return MeasuredRunSummarySchema;
}

/**
 * Checks a run summary. `parseRunSummary(summary)` → `{ ok: true, summary }`, or `{ ok: false, issues }`
 * with one "path: problem" line per problem (`summary.ttftMs.p50: Invalid input: expected number, received string`).
 */
export function parseRunSummary(
  value: unknown,
  prefix = 'summary',
): { ok: true; summary: RunSummary } | { ok: false; issues: string[] } {
  const result = runSummarySchemaFor(value).safeParse(value);
  return result.success
    ? { ok: true, summary: result.data }
    : { ok: false, issues: issueLines(result.error, prefix) };
}
