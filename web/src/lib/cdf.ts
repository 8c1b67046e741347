/**
 * Quantiles for cumulative distribution charts: the server computes any quantiles of a latency
 * (`Run.percentiles`), the chart plots (valueMs, quantile) pairs as a line.
 */

/**
 * 0.05, 0.10, … 0.95, then 0.99 for the tail: 20 quantiles, the most `Run.percentiles` accepts in one
 * call (server MAX_QUANTILES).
 */
export const CDF_QUANTILES: number[] = [
  ...Array.from({ length: 19 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2))),
  0.99,
];

/**
 * Drops quantiles without a value and returns chart points, x in ms and y in percent.
 * cdfPoints([{quantile: 0.5, valueMs: 120}]) -> [{x: 120, y: 50}].
 */
export function cdfPoints(
  values: { quantile: number; valueMs: number | null | undefined }[],
): { x: number; y: number }[] {
  return values
    .filter((v): v is { quantile: number; valueMs: number } => typeof v.valueMs === 'number')
    .map((v) => ({ x: v.valueMs, y: Number((v.quantile * 100).toFixed(1)) }));
}
