import type { SweepRow } from './sweep.types';

/**
 * Saturation: the point where more offered load no longer buys throughput.
 * - Rate sweeps (open loop): the server cannot keep up when completed requests/s fall below
 *   `rateTolerance` (default 90%) of the offered rate.
 * - Concurrency sweeps (closed loop): throughput grew by less than `gainTolerance` (default 5%) over the
 *   previous point although concurrency rose.
 * Example (concurrency): 1 → 10 req/s, 2 → 19, 4 → 35, 8 → 36 (+2.9%): saturated at 8.
 */
export function isSaturated(
  row: Pick<SweepRow, 'loadKind' | 'load' | 'requestsPerS'>,
  previous: Pick<SweepRow, 'load' | 'requestsPerS'> | undefined,
  rateTolerance = 0.9,
  gainTolerance = 0.05,
): boolean {
  const achieved = row.requestsPerS ?? 0;
  if (row.loadKind === 'rate') return achieved < rateTolerance * row.load;
  if (!previous || previous.requestsPerS === null || row.load <= previous.load) return false;
  return achieved < previous.requestsPerS * (1 + gainTolerance);
}
