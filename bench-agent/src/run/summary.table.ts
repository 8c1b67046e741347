import { summaryExtraLines } from '../metrics/summary-lines';
import type { RunSummary } from '../metrics/run-summary';
import type { Percentiles } from '../metrics/latency-values';

import { METRICS } from '@yardstick/schema/metrics';

const fmt = (v: number | null, digits = 1): string => (v === null ? '-' : v.toFixed(digits));

/** Renders the run summary as a fixed-width text table (p50/p90/p99 of each latency, throughput, errors). */
export function formatSummaryTable(summary: RunSummary, title: string): string {
  // Row names are the metric definitions' labels and units (docs/metrics.md), as the UI shows them.
  const rows = (['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const).map((key): [string, Percentiles] => [
    `${METRICS[key].label} ${METRICS[key].unit}`,
    summary[key],
  ]);
  const lines = [
    title,
    `${'metric'.padEnd(16)}${'count'.padStart(8)}${'p50'.padStart(10)}${'p90'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`,
  ];
  for (const [name, p] of rows) {
    lines.push(
      `${name.padEnd(16)}${String(p.count).padStart(8)}${fmt(p.p50).padStart(10)}${fmt(p.p90).padStart(10)}` +
        `${fmt(p.p99).padStart(10)}${fmt(p.max).padStart(10)}`,
    );
  }
  lines.push(
    `requests ${summary.requests}  errors ${summary.errors}  duration ${fmt(summary.durationS, 2)} s`,
    `throughput ${fmt(summary.requestsPerS, 2)} req/s  ${fmt(summary.outputTokensPerS, 1)} output tok/s  ` +
      `${fmt(summary.totalTokensPerS, 1)} total tok/s`,
  );
  if (summary.errorsByKind.length > 0) {
    lines.push(`errors by kind: ${summary.errorsByKind.map((e) => `${e.kind}=${e.count}`).join(', ')}`);
  }
  lines.push(...summaryExtraLines(summary));
  return lines.join('\n');
}

/** A single updating progress line on a TTY (carriage return, no newline); a no-op when not a TTY. */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr): {
  update(p: { done: number; total: number | null; errors: number; elapsedMs: number }): void;
  end(): void;
} {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      shown = true;
      const total = p.total === null ? '' : `/${p.total}`;
      stream.write(
        `\r${p.done}${total} done, ${p.errors} errors, ${(p.elapsedMs / 1000).toFixed(1)} s elapsed\x1b[K`,
      );
    },
    end() {
      if (shown) stream.write('\n');
    },
  };
}
