import { METRICS } from '@yardstick/schema/metrics';

/** The latency metrics (trend kind, ms) the agent summarises with percentiles, named by `@yardstick/schema`. */
export const LATENCY_METRICS = [METRICS.ttftMs, METRICS.tpotMs, METRICS.itlMs, METRICS.e2eMs] as const;
export type LatencyMetricName = (typeof LATENCY_METRICS)[number]['key'];
export { METRICS };
