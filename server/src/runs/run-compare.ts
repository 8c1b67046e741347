import { METRICS, type MetricDefinition, type MetricKey } from '@yardstick/schema/metrics';
import type { RunStats } from './stats.types';

/** One measure compareRuns reports: how to read it from RunStats, its unit and which way is better. */
export interface ComparedMeasure {
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  read(stats: RunStats): number | null;
}

/** A measure of a metric definition (schema/src/metrics.ts): its unit and direction come from there. */
function measure(
  key: MetricKey,
  read: (s: RunStats) => number | null,
  metric: string = key,
): ComparedMeasure {
  const def = METRICS[key] as MetricDefinition;
  return { metric, unit: def.unit, higherIsBetter: def.better === 'higher', read };
}

/** The measures compareRuns lines up, in display order; `metric` names them as measureLabel reads them. */
export const COMPARED_MEASURES: readonly ComparedMeasure[] = [
  measure('outputTokensPerS', (s) => s.outputTokensPerS),
  measure('totalTokensPerS', (s) => s.totalTokensPerS),
  measure('requestsPerS', (s) => s.requestsPerS),
  measure('errorRate', (s) => (s.requests > 0 ? s.errors / s.requests : null)),
  ...(['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const).flatMap((latency) =>
    (['p50', 'p95', 'p99'] as const).map((p) => measure(latency, (s) => s[latency][p], `${latency}.${p}`)),
  ),
];

/**
 * Differences of each value from the first (the baseline): `delta = v − v0`,
 * `deltaPercent = (v − v0) / v0 × 100` (null when v0 is 0 or either value is missing).
 *
 * Worked example: [200, 250, null] → deltas [0, 50, null], deltaPercents [0, 25, null].
 */
export function deltasFromBaseline(values: readonly (number | null)[]): {
  deltas: (number | null)[];
  deltaPercents: (number | null)[];
} {
  const base = values[0] ?? null;
  const deltas = values.map((v) => (v === null || base === null ? null : v - base));
  const deltaPercents = values.map((v) =>
    v === null || base === null || base === 0 ? null : ((v - base) / base) * 100,
  );
  return { deltas, deltaPercents };
}
