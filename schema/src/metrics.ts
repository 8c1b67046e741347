/**
 * Metric definitions as data: one place that says what each number means, its label, unit and formula
 * (docs/metrics.md is written from these). The agent's summary, the server's SQL and the UI's labels
 * all read them. Field names in GraphQL and JSON use the camelCase `key`.
 *
 * kind: `trend` = a per-request value summarised by percentiles (PERCENTILE_METHOD, ./percentile.ts);
 *       `counter` = a per-run total; `rate` = a per-run counter divided by the run's duration;
 *       `timestamp` = a per-request instant on the run's monotonic clock.
 */
import type { SampleColumnName } from './samples';

export { ERROR_KINDS, type ErrorKind } from './samples';
export { PERCENTILE_METHOD, percentileOfSorted, percentiles, quantileOfSorted } from './percentile';

export type MetricKind = 'trend' | 'counter' | 'rate' | 'timestamp';

export type MetricUnit =
  'ms' | 'tokens' | 'requests' | 'tokens/s' | 'requests/s' | 's' | 'J' | 'tokens/J' | 'USD/Mtok' | 'ratio';

/**
 * Which non-warm-up samples a per-request metric is taken over: `successful` = errorKind null (the
 * latencies, the token counts), `all` = every request (the client's own overhead).
 */
export type SamplePopulation = 'successful' | 'all';

export interface MetricDefinition {
  /** camelCase identifier used in GraphQL, JSON and code. */
  readonly key: string;
  readonly kind: MetricKind;
  readonly unit: MetricUnit;
  /** Short name for tables and charts, e.g. "TTFT". */
  readonly label: string;
  readonly description: string;
  /** The formula, in the words of docs/metrics.md. */
  readonly definition: string;
  /** Which way is better, where one is (throughput: higher; latency, errors, cost: lower). */
  readonly better?: 'higher' | 'lower';
  /** Which tools use this name for this formula, and which use it for something else. */
  readonly variantNote?: string;
  /**
   * For per-request metrics: the sample column it is read from, over which samples, and whether the
   * column is a list whose elements are pooled over the run (ITL).
   */
  readonly sample?: {
    readonly column: SampleColumnName;
    readonly population: SamplePopulation;
    readonly pooled?: true;
  };
}

const define = <T extends Record<string, Omit<MetricDefinition, 'key'>>>(defs: T) =>
  Object.fromEntries(Object.entries(defs).map(([key, d]) => [key, { key, ...d }])) as {
    readonly [K in keyof T]: T[K] & { readonly key: K };
  };

const WALL = '(last response end − first send)';

export const METRICS = define({
  scheduledAtMs: {
    kind: 'timestamp',
    unit: 'ms',
    label: 'Scheduled',
    description: 'When the load model meant to send the request, from the absolute schedule',
    definition: 'schedule(i) − run start',
  },
  sendLagMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'Send lag',
    description: "Send lag: the client's own overhead between the planned and the actual send",
    definition: 'sent − scheduled',
    sample: { column: 'sendLagMs', population: 'all' },
  },
  queueMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'Queue',
    description: 'Time a request waited for a concurrency slot before it could be sent',
    definition: 'slot acquired − scheduled',
    variantNote: 'vLLM reports queueing separately (vllm#54101)',
    sample: { column: 'queueMs', population: 'all' },
  },
  ttftMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'TTFT',
    description: 'Time to first token',
    definition: 'first byte of the first non-empty content chunk − send',
    sample: { column: 'ttftMs', population: 'successful' },
  },
  e2eMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'End-to-end',
    description: 'End-to-end request latency',
    definition: 'last byte − send',
    sample: { column: 'e2eMs', population: 'successful' },
  },
  tpotMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'TPOT',
    description: 'Time per output token after the first',
    definition: '(E2E − TTFT) / (N_out − 1), for N_out ≥ 2',
    variantNote: 'vLLM, inference-perf and MLPerf call this TPOT; AIPerf and GuideLLM call it ITL',
    sample: { column: 'tpotMs', population: 'successful' },
  },
  itlMs: {
    better: 'lower',
    kind: 'trend',
    unit: 'ms',
    label: 'ITL',
    description: 'Chunk inter-token latency: gaps between consecutive content chunks, pooled over requests',
    definition: 'chunk[k].arrival − chunk[k−1].arrival',
    variantNote:
      'vLLM and inference-perf call this ITL; with several tokens per chunk (speculative decoding) it exceeds TPOT',
    sample: { column: 'itlMs', population: 'successful', pooled: true },
  },
  requests: {
    kind: 'counter',
    unit: 'requests',
    label: 'Requests',
    description: 'Non-warm-up requests sent, failed ones included',
    definition: 'count of non-warm-up samples',
  },
  errors: {
    better: 'lower',
    kind: 'counter',
    unit: 'requests',
    label: 'Errors',
    description: 'Non-warm-up requests that failed (errorKind set)',
    definition: 'count of non-warm-up samples with an errorKind',
  },
  errorRate: {
    kind: 'counter',
    better: 'lower',
    unit: 'ratio',
    label: 'Error rate',
    description: 'Share of non-warm-up requests that failed (0-1)',
    definition: 'errors ÷ requests',
  },
  inputTokens: {
    kind: 'counter',
    unit: 'tokens',
    label: 'Input tokens',
    description: "Prompt tokens of the successful requests, from the server's usage.prompt_tokens",
    definition: 'Σ usage.prompt_tokens over successful requests',
    sample: { column: 'inputTokens', population: 'successful' },
  },
  outputTokens: {
    kind: 'counter',
    unit: 'tokens',
    label: 'Output tokens',
    description:
      "Output tokens of the successful requests: the server's usage.completion_tokens when present, else the client's count; both are stored",
    definition: 'Σ N_out over successful requests',
    variantNote:
      'server and client counts often disagree (inference-perf#580); the source is stored per request',
    sample: { column: 'outputTokens', population: 'successful' },
  },
  durationS: {
    kind: 'counter',
    unit: 's',
    label: 'Duration',
    description:
      "Wall time of the run's measured requests; a request with no response end counts as ending when sent",
    definition: `${WALL} over non-warm-up samples, response end = sent + E2E`,
  },
  requestsPerS: {
    better: 'higher',
    kind: 'rate',
    unit: 'requests/s',
    label: 'Requests/s',
    description: 'Successful requests per second',
    definition: `successful requests ÷ ${WALL}`,
  },
  outputTokensPerS: {
    better: 'higher',
    kind: 'rate',
    unit: 'tokens/s',
    label: 'Output tok/s',
    description: 'Output token throughput',
    definition: `Σ N_out ÷ ${WALL}`,
  },
  totalTokensPerS: {
    better: 'higher',
    kind: 'rate',
    unit: 'tokens/s',
    label: 'Total tok/s',
    description: 'Input plus output token throughput',
    definition: `Σ (N_in + N_out) ÷ ${WALL}`,
  },
  goodputRequestsPerS: {
    better: 'higher',
    kind: 'rate',
    unit: 'requests/s',
    label: 'Goodput',
    description: 'Requests per second that met every SLO of the scenario; failed requests count against it',
    definition: `requests meeting (TTFT ≤ slo.ttft and TPOT ≤ slo.tpot) ÷ ${WALL}`,
  },
  energyJoules: {
    kind: 'counter',
    unit: 'J',
    label: 'Energy',
    description: 'Energy over the run from power samples',
    definition: 'trapezoid ∫ power dt',
  },
  joulesPerOutputToken: {
    better: 'lower',
    kind: 'counter',
    unit: 'J',
    label: 'J/output token',
    description: 'Energy per output token',
    definition: 'energy ÷ Σ N_out',
  },
  costUsdPerMtokOutput: {
    better: 'lower',
    kind: 'counter',
    unit: 'USD/Mtok',
    label: '$/Mtok out',
    description: 'Cost per million output tokens (allocation basis unless stated)',
    definition: 'hourly cost × 1e6 ÷ (output tokens/s × 3600)',
  },
});

export type MetricKey = keyof typeof METRICS;

/** The summary percentiles every `trend` metric reports (the agent adds p99.9; the API reports to p99). */
export const PERCENTILES = [50, 90, 95, 99, 99.9] as const;

/** The latency metrics the API's `LatencyMetric` enum names, by enum value. */
export const LATENCY_METRICS = {
  TTFT: METRICS.ttftMs,
  TPOT: METRICS.tpotMs,
  E2E: METRICS.e2eMs,
  ITL: METRICS.itlMs,
} as const;
export type LatencyMetricName = keyof typeof LATENCY_METRICS;

/**
 * A measure named as the API and the agent name it: a metric key, or a key and a percentile
 * (`ttftMs.p95`, `itlMs.p999`). `parseMeasure('ttftMs.p999')` → `{ key: 'ttftMs', percentile: 99.9 }`;
 * null when the key is not a metric.
 */
export function parseMeasure(measure: string): { key: MetricKey; percentile?: number } | null {
  const [key, p] = measure.split('.') as [string, string | undefined];
  if (!Object.hasOwn(METRICS, key)) return null;
  if (p === undefined) return { key: key as MetricKey };
  const digits = /^p(\d+)$/.exec(p)?.[1];
  if (!digits) return null;
  // p999 is p99.9: digits after the first two are decimals.
  const percentile = Number(digits.length > 2 ? `${digits.slice(0, 2)}.${digits.slice(2)}` : digits);
  return { key: key as MetricKey, percentile };
}

/**
 * How the UI and the CLI name a measure: `measureLabel('ttftMs.p50')` → "TTFT p50";
 * `measureLabel('outputTokensPerS')` → "Output tok/s"; an unknown name is returned as given.
 */
export function measureLabel(measure: string): string {
  const m = parseMeasure(measure);
  return m ? metricLabel(m.key, m.percentile) : measure;
}

/** Label with percentile, e.g. `metricLabel('ttftMs', 95)` → "TTFT p95"; p99.9 reads "p99.9". */
export function metricLabel(key: MetricKey, percentile?: number): string {
  const label = METRICS[key].label;
  return percentile === undefined ? label : `${label} p${percentile}`;
}

/** Label with unit for axes and column heads, e.g. `metricLabelWithUnit('ttftMs')` → "TTFT (ms)". */
export function metricLabelWithUnit(key: MetricKey, percentile?: number): string {
  return `${metricLabel(key, percentile)} (${METRICS[key].unit})`;
}

/** Quantization labels the product knows; a run may carry another label, recorded as given. */
export const QUANTIZATION_LEVELS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
