import type { ExportRunQuery } from '../graphql/agent-operations';

type ExportedRun = NonNullable<ExportRunQuery['run']>;

const METRICS = ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const;
const COLUMNS = ['count', 'mean', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

/** $ per hour and per million output tokens (usage and allocation basis) of a run priced by its agent. */
export interface ExportedCost {
  usdPerHour: number;
  outputUsdPerMtokUsage: number | null;
  outputUsdPerMtokAllocation: number | null;
  utilisation: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const at = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;

/** `summary.cost` (written by priceRun when the run had --price-usd-per-hour or --cost-profile), or null. */
export function costOf(run: ExportedRun): ExportedCost | null {
  const cost = at(run.summary, 'cost');
  const usdPerHour = num(at(cost, 'usdPerHour'));
  if (usdPerHour === null) return null;
  return {
    usdPerHour,
    outputUsdPerMtokUsage: num(at(at(cost, 'usage'), 'outputUsdPerMtok')),
    outputUsdPerMtokAllocation: num(at(at(cost, 'allocation'), 'outputUsdPerMtok')),
    utilisation: num(at(cost, 'utilisation')) ?? 1,
  };
}

/** The run as pretty JSON (everything the API returned, config and summary included) and its cost per Mtok. */
export function runToJson(run: ExportedRun): string {
  return `${JSON.stringify({ ...run, costPerMtok: costOf(run) }, null, 2)}\n`;
}

/**
 * The run as CSV: one row per latency metric (ms) with the run's identity and throughput repeated on
 * every row, so files from several runs concatenate into one table (RFC 4180 quoting).
 *
 * run_id,scenario,model,quantization,status,requests,errors,requests_per_s,output_tokens_per_s,…,usd_per_hour,
 * output_usd_per_mtok_usage,output_usd_per_mtok_allocation,utilisation,metric,count,mean,… (cost columns empty
 * when the run carries no price).
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
    'usd_per_hour',
    'output_usd_per_mtok_usage',
    'output_usd_per_mtok_allocation',
    'utilisation',
    'metric',
    ...COLUMNS.map((c) => (c === 'count' ? 'count' : `${c}_ms`)),
  ];
  const s = run.stats;
  const cost = costOf(run);
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
    cost?.usdPerHour,
    cost?.outputUsdPerMtokUsage,
    cost?.outputUsdPerMtokAllocation,
    cost?.utilisation,
  ];
  const rows = METRICS.map((m) => [...common, m.replace(/Ms$/, ''), ...COLUMNS.map((c) => s[m][c])]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
