import type { ExportRunQuery } from '../graphql/agent-operations';

type ExportedRun = NonNullable<ExportRunQuery['run']>;

const METRICS = ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const;
const COLUMNS = ['count', 'mean', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

/** The run as pretty JSON (everything the API returned, config and summary included). */
export function runToJson(run: ExportedRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

/**
 * The run as CSV: one row per latency metric (ms) with the run's identity and throughput repeated on
 * every row, so files from several runs concatenate into one table (RFC 4180 quoting).
 *
 * run_id,scenario,model,quantization,status,requests,errors,requests_per_s,output_tokens_per_s,metric,count,mean,…
 */
export function runToCsv(run: ExportedRun): string {
  const head = [
    'run_id',
    'scenario',
    'model',
    'quantization',
    'target_engine',
    'status',
    'started_at',
    'requests',
    'errors',
    'duration_s',
    'requests_per_s',
    'output_tokens_per_s',
    'total_tokens_per_s',
    'metric',
    ...COLUMNS.map((c) => (c === 'count' ? 'count' : `${c}_ms`)),
  ];
  const s = run.stats;
  const common = [
    run.id,
    run.scenario,
    run.model,
    run.quantization,
    run.targetEngine,
    run.status,
    run.startedAt,
    s.requests,
    s.errors,
    s.durationS,
    s.requestsPerS,
    s.outputTokensPerS,
    s.totalTokensPerS,
  ];
  const rows = METRICS.map((m) => [...common, m.replace(/Ms$/, ''), ...COLUMNS.map((c) => s[m][c])]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
