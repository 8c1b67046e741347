import type { RunQuery } from '@yardstick/schema/generated/web';
import { METRICS, metricLabel } from '@yardstick/schema/metrics';
import { formatCount, formatMs, formatRate } from './format';

type Stats = NonNullable<RunQuery['run']>['stats'];

/** The key numbers, labelled by their metric definitions (docs/metrics.md). */
export function keyNumbers(stats: Stats): { label: string; value: string; testid: string }[] {
  const latency = (key: 'ttftMs' | 'tpotMs' | 'e2eMs', p: 50 | 95 | 99, testid: string) => ({
    label: metricLabel(key, p),
    value: formatMs(stats[key][`p${p}`]),
    testid,
  });
  return [
    { label: METRICS.requests.label, value: formatCount(stats.requests), testid: 'stat-requests' },
    { label: METRICS.errors.label, value: formatCount(stats.errors), testid: 'stat-errors' },
    {
      label: METRICS.outputTokensPerS.label,
      value: formatRate(stats.outputTokensPerS),
      testid: 'stat-output-tps',
    },
    {
      label: METRICS.requestsPerS.label,
      value: formatRate(stats.requestsPerS),
      testid: 'stat-requests-per-s',
    },
    latency('ttftMs', 50, 'stat-ttft-p50'),
    latency('ttftMs', 95, 'stat-ttft-p95'),
    latency('ttftMs', 99, 'stat-ttft-p99'),
    latency('tpotMs', 50, 'stat-tpot-p50'),
    latency('tpotMs', 95, 'stat-tpot-p95'),
    latency('e2eMs', 50, 'stat-e2e-p50'),
  ];
}
