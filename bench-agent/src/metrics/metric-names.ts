/**
 * Metric names and units used in the agent's summary.
 * TODO(schema): replace with `METRICS` from `@yardstick/schema/metrics` once schema/src/metrics.ts lands;
 * these local constants mirror the names in the GraphQL contract's RunStats.
 */
export const AGENT_METRICS = {
  ttftMs: { unit: 'ms', description: 'Time to first token: first non-empty content chunk - request sent' },
  tpotMs: { unit: 'ms', description: 'Time per output token after the first: (E2E - TTFT) / (outputTokens - 1)' },
  itlMs: { unit: 'ms', description: 'Inter-token latency: gaps between consecutive content chunks, pooled' },
  e2eMs: { unit: 'ms', description: 'End-to-end latency: last byte - request sent' },
  requestsPerS: { unit: '1/s', description: 'Successful requests per second of run wall time' },
  outputTokensPerS: { unit: 'tokens/s', description: 'Output tokens per second of run wall time' },
} as const;

export type LatencyMetricName = 'ttftMs' | 'tpotMs' | 'itlMs' | 'e2eMs';
export const LATENCY_METRICS: readonly LatencyMetricName[] = ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'];
