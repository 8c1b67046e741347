/**
 * Metric definitions as data: one place that says what each number means, its unit and its formula,
 * following `shared/reference/METRICS.md`. Agents, the server and the UI import these names rather than
 * repeating string literals. Field names in GraphQL use the camelCase `key`.
 *
 * kind: `trend` = a per-request value summarised by percentiles (HDR histograms, merged, never averaged);
 *       `counter` = a per-run total; `rate` = a per-run counter divided by the run's duration;
 *       `timestamp` = a per-request instant on the run's monotonic clock.
 */
export type MetricKind = 'trend' | 'counter' | 'rate' | 'timestamp';

export interface MetricDefinition {
  /** camelCase identifier used in GraphQL, JSON and code. */
  readonly key: string;
  readonly kind: MetricKind;
  readonly unit:
    'ms' | 'tokens' | 'requests' | 'tokens/s' | 'requests/s' | 's' | 'J' | 'tokens/J' | 'USD/Mtok';
  readonly description: string;
  readonly formula: string;
  /** Which tools use this name for this formula, and which use it for something else. */
  readonly variantNote?: string;
}

const define = <T extends Record<string, Omit<MetricDefinition, 'key'>>>(defs: T) =>
  Object.fromEntries(Object.entries(defs).map(([key, d]) => [key, { key, ...d }])) as {
    readonly [K in keyof T]: MetricDefinition & { readonly key: K };
  };

export const METRICS = define({
  scheduledAtMs: {
    kind: 'timestamp',
    unit: 'ms',
    description: 'When the load model meant to send the request, from the absolute schedule',
    formula: 'schedule(i) − run start',
  },
  sendLagMs: {
    kind: 'trend',
    unit: 'ms',
    description: "Send lag: the client's own overhead between the planned and the actual send",
    formula: 'sent − scheduled',
  },
  queueMs: {
    kind: 'trend',
    unit: 'ms',
    description: 'Time a request waited for a concurrency slot before it could be sent',
    formula: 'slot acquired − scheduled',
    variantNote: 'vLLM reports queueing separately (vllm#54101)',
  },
  ttftMs: {
    kind: 'trend',
    unit: 'ms',
    description: 'Time to first token',
    formula: 'first byte of the first non-empty content chunk − send',
  },
  e2eMs: {
    kind: 'trend',
    unit: 'ms',
    description: 'End-to-end request latency',
    formula: 'last byte − send',
  },
  tpotMs: {
    kind: 'trend',
    unit: 'ms',
    description: 'Time per output token after the first',
    formula: '(E2E − TTFT) / (N_out − 1), for N_out ≥ 2',
    variantNote: 'vLLM, inference-perf and MLPerf call this TPOT; AIPerf and GuideLLM call it ITL',
  },
  itlMs: {
    kind: 'trend',
    unit: 'ms',
    description: 'Chunk inter-token latency: gaps between consecutive content chunks, pooled over requests',
    formula: 'chunk[k].arrival − chunk[k−1].arrival',
    variantNote:
      'vLLM and inference-perf call this ITL; with several tokens per chunk (speculative decoding) it exceeds TPOT',
  },
  inputTokens: {
    kind: 'counter',
    unit: 'tokens',
    description: "Prompt tokens, from the server's usage.prompt_tokens",
    formula: 'Σ usage.prompt_tokens',
  },
  outputTokens: {
    kind: 'counter',
    unit: 'tokens',
    description:
      "Output tokens: the server's usage.completion_tokens when present, else the client's count; both are stored",
    formula: 'Σ N_out',
    variantNote:
      'server and client counts often disagree (inference-perf#580); the source is stored per request',
  },
  requestsPerS: {
    kind: 'rate',
    unit: 'requests/s',
    description: 'Completed requests per second',
    formula: 'requests ÷ (last response end − first send)',
  },
  outputTokensPerS: {
    kind: 'rate',
    unit: 'tokens/s',
    description: 'Output token throughput',
    formula: 'Σ N_out ÷ (last response end − first send)',
  },
  totalTokensPerS: {
    kind: 'rate',
    unit: 'tokens/s',
    description: 'Input plus output token throughput',
    formula: 'Σ (N_in + N_out) ÷ (last response end − first send)',
  },
  goodputRequestsPerS: {
    kind: 'rate',
    unit: 'requests/s',
    description: 'Requests per second that met every SLO of the scenario; failed requests count against it',
    formula: 'requests meeting (TTFT ≤ slo.ttft and TPOT ≤ slo.tpot) ÷ duration',
  },
  energyJoules: {
    kind: 'counter',
    unit: 'J',
    description: 'Energy over the run from power samples',
    formula: 'trapezoid ∫ power dt',
  },
  joulesPerOutputToken: {
    kind: 'counter',
    unit: 'J',
    description: 'Energy per output token',
    formula: 'energy ÷ Σ N_out',
  },
  costUsdPerMtokOutput: {
    kind: 'counter',
    unit: 'USD/Mtok',
    description: 'Cost per million output tokens (allocation basis unless stated)',
    formula: 'hourly cost × 1e6 ÷ (output tokens/s × 3600)',
  },
});

export type MetricKey = keyof typeof METRICS;

/** The summary percentiles every `trend` metric reports. */
export const PERCENTILES = [50, 90, 95, 99, 99.9] as const;

/** Error kinds a request can end with (null = success). */
export const ERROR_KINDS = [
  'connect',
  'http_status',
  'timeout',
  'stream_broken',
  'malformed_event',
  'cancelled',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Quantization labels the product knows; a run may carry another label, recorded as given. */
export const QUANTIZATION_LEVELS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
