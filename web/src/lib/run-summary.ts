/** Reads optional blocks of a run's agent summary (free-form JSON) without trusting its shape. */

export interface TelemetryTotals {
  averagePowerW?: number | null;
  totalJoules?: number;
  sampleCount?: number;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * `summary.telemetry` when the agent recorded any readings, else null.
 * telemetryOf({telemetry: {averagePowerW: 310, totalJoules: 9300, sampleCount: 60}}) -> those totals.
 */
export function telemetryOf(summary: unknown): TelemetryTotals | null {
  if (typeof summary !== 'object' || summary === null) return null;
  const t = (summary as { telemetry?: unknown }).telemetry;
  if (typeof t !== 'object' || t === null) return null;
  const record = t as Record<string, unknown>;
  const totals: TelemetryTotals = {
    averagePowerW: num(record.averagePowerW) ?? null,
    totalJoules: num(record.totalJoules),
    sampleCount: num(record.sampleCount),
  };
  return (totals.sampleCount ?? 0) > 0 ? totals : null;
}
