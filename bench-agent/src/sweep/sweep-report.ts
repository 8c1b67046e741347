import type { SweepRow, SweepVerdict } from './sweep.types';

/** Verdict per quantization level: max load meeting the SLO, max goodput, first saturated load. */
export function sweepVerdicts(rows: readonly SweepRow[]): SweepVerdict[] {
  const byQuant = new Map<string, SweepRow[]>();
  for (const r of rows) byQuant.set(r.quantization, [...(byQuant.get(r.quantization) ?? []), r]);
  return [...byQuant.entries()].map(([quantization, list]) => {
    const meeting = list.filter((r) => r.meetsSlo && r.status === 'COMPLETED');
    const best = list.reduce<SweepRow | undefined>(
      (b, r) => ((r.goodputOutputTokensPerS ?? -1) > (b?.goodputOutputTokensPerS ?? -1) ? r : b),
      undefined,
    );
    return {
      quantization,
      maxLoadMeetingSlo: meeting.length > 0 ? Math.max(...meeting.map((r) => r.load)) : null,
      maxGoodputLoad: best?.load ?? null,
      maxGoodputOutputTokensPerS: best?.goodputOutputTokensPerS ?? null,
      saturationLoad: list.find((r) => r.saturated)?.load ?? null,
    };
  });
}

const COLUMNS: (keyof SweepRow)[] = [
  'quantization',
  'loadKind',
  'load',
  'status',
  'requests',
  'errors',
  'requestsPerS',
  'outputTokensPerS',
  'goodputRequestsPerS',
  'goodputOutputTokensPerS',
  'goodFraction',
  'ttftP50Ms',
  'ttftP95Ms',
  'ttftP99Ms',
  'tpotP50Ms',
  'tpotP95Ms',
  'e2eP99Ms',
  'sendLagP99Ms',
  'agentCpuPercent',
  'joulesPerOutputToken',
  'outputUsdPerMtok',
  'meetsSlo',
  'saturated',
  'runId',
];

/** CSV (RFC 4180) with a header row; one line per point. */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

const f = (v: number | null, d = 1): string => (v === null ? '-' : v.toFixed(d));

/** Fixed-width table for the terminal, then the verdicts. */
export function sweepTable(rows: readonly SweepRow[]): string {
  const head = [
    'quant',
    'load',
    'req/s',
    'out tok/s',
    'good tok/s',
    'good%',
    'TTFT p95',
    'TPOT p95',
    'errors',
    'SLO',
    'sat',
  ];
  const widths = [10, 8, 9, 11, 11, 7, 10, 10, 8, 5, 5];
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('');
  const out = [line(head)];
  for (const r of rows) {
    out.push(
      line([
        r.quantization.slice(0, 9),
        `${r.loadKind === 'rate' ? 'r' : 'c'}${r.load}`,
        f(r.requestsPerS, 2),
        f(r.outputTokensPerS),
        f(r.goodputOutputTokensPerS),
        r.goodFraction === null ? '-' : `${(r.goodFraction * 100).toFixed(0)}%`,
        f(r.ttftP95Ms),
        f(r.tpotP95Ms, 2),
        String(r.errors),
        r.meetsSlo ? 'yes' : 'no',
        r.saturated ? 'yes' : '',
      ]),
    );
  }
  for (const v of sweepVerdicts(rows)) {
    out.push(
      `${v.quantization}: highest load meeting the SLO ${v.maxLoadMeetingSlo ?? 'none'}; ` +
        `max goodput ${f(v.maxGoodputOutputTokensPerS)} output tok/s at ${v.maxGoodputLoad ?? '-'}; ` +
        `saturation ${v.saturationLoad === null ? 'not reached' : `at ${v.saturationLoad}`}`,
    );
  }
  return out.join('\n');
}
