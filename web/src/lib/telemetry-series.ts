import type { ChartDataset } from 'chart.js';
import { categoryColors } from './chart-colors';

/** One device's slices as Run.telemetrySeries returns them (the fields the chart reads). */
export interface DeviceSeries {
  device: string;
  collector: string;
  points: { startS: number; powerAvgW?: number | null; utilisationAvgPct?: number | null }[];
}

/**
 * Chart datasets: per device, power (W, axis `y`) when it reported any, utilisation (%, axis `y1`,
 * dashed) when it reported any. Example: gpu:0 with both and host with utilisation only gives
 * ['gpu:0 power (W)', 'gpu:0 utilisation (%)', 'host utilisation (%)'].
 */
export function telemetryDatasets(series: readonly DeviceSeries[]): ChartDataset<'line'>[] {
  const colors = categoryColors(series.map((s) => s.device));
  const out: ChartDataset<'line'>[] = [];
  for (const s of series) {
    const color = colors[s.device];
    const power = s.points.filter((p) => p.powerAvgW != null);
    const util = s.points.filter((p) => p.utilisationAvgPct != null);
    if (power.length > 0) {
      out.push({
        label: `${s.device} power (W)`,
        data: power.map((p) => ({ x: p.startS, y: p.powerAvgW! })),
        borderColor: color,
        pointRadius: 0,
        yAxisID: 'y',
      });
    }
    if (util.length > 0) {
      out.push({
        label: `${s.device} utilisation (%)`,
        data: util.map((p) => ({ x: p.startS, y: p.utilisationAvgPct! })),
        borderColor: color,
        borderDash: [5, 4],
        pointRadius: 0,
        yAxisID: 'y1',
      });
    }
  }
  return out;
}

/**
 * The collectors the agent tried, as "name (n readings)" or "name: unavailable (reason)", from the
 * run summary's telemetry block; [] when the agent sampled none (no `--telemetry`).
 */
export function collectorNotes(summary: unknown): string[] {
  const t = (summary as { telemetry?: { collectors?: unknown } } | null)?.telemetry;
  if (!t || !Array.isArray(t.collectors)) return [];
  return t.collectors.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { name, available, reason, samples } = c as Record<string, unknown>;
    if (typeof name !== 'string') return [];
    return available === false
      ? [`${name}: unavailable${typeof reason === 'string' ? ` (${reason})` : ''}`]
      : [`${name} (${typeof samples === 'number' ? samples : 0} readings)`];
  });
}
