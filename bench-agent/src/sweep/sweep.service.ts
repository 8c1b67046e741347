import { measuredRun, type MeasurementOptions, type MeasuredSummary } from '../workers/measured-run';
import type { RunOptions } from '../run/run.service';
import { isSaturated } from './saturation';
import type { SweepPoint, SweepRow } from './sweep.types';

export interface SweepOptions {
  /** Base run (target, scenario, hardware, server...); the sweep overrides its load per point. */
  run: RunOptions;
  points: readonly SweepPoint[];
  measurement?: MeasurementOptions;
  /** Per point: stop after N requests or S seconds (default: the scenario's stop block). */
  requestsPerPoint?: number;
  durationSPerPoint?: number;
  /** Stop the sweep once a point saturates (default true: more load only queues). */
  stopAtSaturation?: boolean;
  onRow?: (row: SweepRow) => void;
}

/** Builds the row of one point from its summary. */
export function sweepRow(
  point: SweepPoint,
  quantization: string,
  status: string,
  s: MeasuredSummary,
  previous: SweepRow | undefined,
  runId: string | null,
): SweepRow {
  const row: SweepRow = {
    quantization,
    loadKind: point.kind,
    load: point.value,
    status,
    requests: s.requests,
    errors: s.errors,
    requestsPerS: s.requestsPerS,
    outputTokensPerS: s.outputTokensPerS,
    goodputRequestsPerS: s.goodput.requestsPerS,
    goodputOutputTokensPerS: s.goodput.outputTokensPerS,
    goodFraction: s.goodput.goodFraction,
    ttftP50Ms: s.ttftMs.p50,
    ttftP95Ms: s.ttftMs.p95,
    ttftP99Ms: s.ttftMs.p99,
    tpotP50Ms: s.tpotMs.p50,
    tpotP95Ms: s.tpotMs.p95,
    e2eP99Ms: s.e2eMs.p99,
    sendLagP99Ms: s.sendLagMs.p99,
    agentCpuPercent: s.agentCpu?.percentOfOneCore ?? null,
    joulesPerOutputToken: s.telemetry?.efficiency?.joulesPerOutputToken ?? null,
    outputUsdPerMtok: s.cost?.usage.outputUsdPerMtok ?? null,
    meetsSlo: s.errors < s.requests && s.goodput.percentileChecks.every((c) => c.met),
    saturated: false,
    runId,
  };
  row.saturated = isSaturated(row, previous);
  return row;
}

/**
 * Runs the scenario once per load point (in the given order, lowest load first), one uploaded run per
 * point when a server is set, and returns one row per point. Stops early at saturation unless told not to.
 */
export async function runSweep(o: SweepOptions): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const point of o.points) {
    if (o.run.signal?.aborted) break;
    const overrides = {
      ...o.run.overrides,
      concurrency: point.kind === 'concurrency' ? point.value : undefined,
      ratePerS: point.kind === 'rate' ? point.value : undefined,
      requests: o.requestsPerPoint ?? o.run.overrides?.requests,
      durationS: o.durationSPerPoint ?? o.run.overrides?.durationS,
    };
    const result = await measuredRun({ ...o.run, overrides }, o.measurement);
    const quantization = String(result.config.quantization ?? o.run.quantization ?? 'unknown');
    const row = sweepRow(
      point,
      quantization,
      result.status,
      result.summary,
      rows.at(-1),
      result.outcome?.upload?.runId ?? null,
    );
    rows.push(row);
    o.onRow?.(row);
    if (row.saturated && o.stopAtSaturation !== false) break;
  }
  return rows;
}

/**
 * Parses `--concurrency 1,2,4,8` or `--rates 1,2,5,10` (also `1..64` as powers of two for concurrency).
 * @throws Error naming the option and the accepted forms.
 */
export function parseSweepPoints(kind: SweepPoint['kind'], value: string): SweepPoint[] {
  const flag = kind === 'rate' ? '--rates' : '--concurrency';
  const range = /^(\d+)\.\.(\d+)$/.exec(value.trim());
  let values: number[];
  if (range && kind === 'concurrency') {
    values = [];
    for (let v = Number(range[1]); v <= Number(range[2]); v *= 2) values.push(v);
  } else {
    values = value.split(',').map((v) => Number(v.trim()));
  }
  if (
    values.length === 0 ||
    values.some((v) => !Number.isFinite(v) || v <= 0 || (kind === 'concurrency' && !Number.isInteger(v)))
  ) {
    throw new Error(
      `${flag} "${value}": expected a comma list of positive ${kind === 'rate' ? 'numbers (requests/s)' : 'integers'}${kind === 'concurrency' ? ' or a range like 1..64 (powers of two)' : ''}`,
    );
  }
  return [...new Set(values)].sort((a, b) => a - b).map((v) => ({ kind, value: v }));
}
