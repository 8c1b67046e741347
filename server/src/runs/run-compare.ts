import type { RunStats } from './stats.types';

/** One measure compareRuns reports: how to read it from RunStats, its unit and which way is better. */
export interface ComparedMeasure {
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  read(stats: RunStats): number | null;
}

/** The measures compareRuns lines up, in display order. */
export const COMPARED_MEASURES: readonly ComparedMeasure[] = [
  { metric: 'outputTokensPerS', unit: 'tokens/s', higherIsBetter: true, read: (s) => s.outputTokensPerS },
  { metric: 'totalTokensPerS', unit: 'tokens/s', higherIsBetter: true, read: (s) => s.totalTokensPerS },
  { metric: 'requestsPerS', unit: 'requests/s', higherIsBetter: true, read: (s) => s.requestsPerS },
  {
    metric: 'errorRate',
    unit: 'ratio',
    higherIsBetter: false,
    read: (s) => (s.requests > 0 ? s.errors / s.requests : null),
  },
  ...(['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const).flatMap((latency) =>
    (['p50', 'p95', 'p99'] as const).map((p): ComparedMeasure => ({
      metric: `${latency}.${p}`,
      unit: 'ms',
      higherIsBetter: false,
      read: (s) => s[latency][p],
    })),
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
