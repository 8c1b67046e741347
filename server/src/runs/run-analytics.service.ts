import { withReportedFigures } from './reported-stats';
import { and } from 'drizzle-orm';
import type { Database } from '../db/duckdb';
import type { RunRecord } from '../db/tables';
import { badInput } from '../graphql/errors';
import { COMPARED_MEASURES, deltasFromBaseline } from './run-compare';
import * as analytics from './run-analytics.repository';
import type { RunComparison, RunSeriesPoint, TimeBucket, TrendPoint } from './run-analytics.types';
import { filterConditions, findRun } from './run.repository';
import type { RunFilter } from './run.types';
import { runStats } from './stats.repository';
import type { LatencyMetric } from './stats.types';

/** Most runs compareRuns lines up. */
export const MAX_COMPARED_RUNS = 20;
/** Most quantiles one Run.percentiles call may ask for. */
export const MAX_QUANTILES = 20;
/** Most points one Run.timeSeries may return. */
export const MAX_SERIES_POINTS = 5000;

/** Read-only analysis of runs: extra quantiles, time series, comparisons, trends (all in DuckDB). */
export class RunAnalyticsService {
  constructor(private readonly database: Database) {}

  /** quantile_cont at each of `quantiles` (each in [0, 1]). */
  async quantiles(run: RunRecord, metric: LatencyMetric, quantiles: number[]) {
    if (quantiles.length === 0 || quantiles.length > MAX_QUANTILES) {
      throw badInput('Run.percentiles.quantiles', `must list 1-${MAX_QUANTILES} quantiles`);
    }
    const bad = quantiles.find((q) => !(q >= 0 && q <= 1));
    if (bad !== undefined) {
      throw badInput('Run.percentiles.quantiles', `${bad} is not in [0, 1] (0.99 means p99)`);
    }
    const values = await analytics.runQuantiles(this.database.connection, run.id, metric, quantiles);
    return quantiles.map((quantile, i) => ({ quantile, valueMs: values[i] ?? null }));
  }

  /** The run in slices of `widthS` seconds; empty slices between non-empty ones are filled with zeros. */
  async series(run: RunRecord, widthS: number): Promise<RunSeriesPoint[]> {
    if (!(widthS >= 0.001 && widthS <= 86_400)) {
      throw badInput('Run.timeSeries.bucketS', 'must be 0.001-86400 seconds');
    }
    const rows = await analytics.runSeries(this.database.connection, run.id, widthS);
    const last = rows.at(-1)?.i ?? -1;
    if (last + 1 > MAX_SERIES_POINTS) {
      throw badInput(
        'Run.timeSeries.bucketS',
        `${widthS} s gives ${last + 1} points (max ${MAX_SERIES_POINTS}); use at least ${Math.ceil((((last + 1) * widthS) / MAX_SERIES_POINTS) * 1000) / 1000} s`,
      );
    }
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    return Array.from({ length: last + 1 }, (_, i) => {
      const r = byIndex.get(i);
      return {
        startS: i * widthS,
        widthS,
        requests: r?.requests ?? 0,
        errors: r?.errors ?? 0,
        outputTokens: r?.outputTokens ?? 0,
        outputTokensPerS: (r?.outputTokens ?? 0) / widthS,
        ttftP50Ms: r?.ttft[0] ?? null,
        ttftP95Ms: r?.ttft[1] ?? null,
        e2eP50Ms: r?.e2e[0] ?? null,
        e2eP95Ms: r?.e2e[1] ?? null,
      };
    });
  }

  /** Runs side by side with deltas from the first. */
  async compare(ids: string[]): Promise<RunComparison> {
    if (ids.length < 2 || ids.length > MAX_COMPARED_RUNS) {
      throw badInput(
        'compareRuns.ids',
        `must list 2-${MAX_COMPARED_RUNS} run ids (the first is the baseline)`,
      );
    }
    if (new Set(ids).size !== ids.length) throw badInput('compareRuns.ids', 'lists a run twice');
    const runs: RunRecord[] = [];
    for (const id of ids) {
      const run = await findRun(this.database.db, id);
      if (!run) throw badInput('compareRuns.ids', `run ${id} not found`);
      runs.push(run);
    }
    const stats = await Promise.all(
      runs.map(async (run) =>
        withReportedFigures(await runStats(this.database.connection, run.id), run.summary),
      ),
    );
    const metrics = COMPARED_MEASURES.map((measure) => {
      const values = stats.map((s) => measure.read(s));
      return {
        metric: measure.metric,
        unit: measure.unit,
        higherIsBetter: measure.higherIsBetter,
        values,
        ...deltasFromBaseline(values),
      };
    });
    return { baselineRunId: ids[0]!, runIds: ids, runs: runs as RunComparison['runs'], metrics };
  }

  /** Calendar-bucketed trend of the runs matching `filter`. */
  async trends(filter: RunFilter | null | undefined, bucket: TimeBucket): Promise<TrendPoint[]> {
    const conditions = filterConditions(filter);
    const rows = await analytics.runTrends(this.database.db, and(...conditions), bucket);
    return rows.map((r) => ({
      bucketStart: r.bucketStart,
      runCount: r.runIds.length,
      runIds: r.runIds,
      requests: r.requests,
      errors: r.errors,
      outputTokens: r.outputTokens,
      busySeconds: r.busySeconds,
      outputTokensPerS: r.busySeconds > 0 ? r.outputTokens / r.busySeconds : null,
      ttftP50Ms: r.ttft[0] ?? null,
      ttftP95Ms: r.ttft[1] ?? null,
      tpotP50Ms: r.tpotP50,
      e2eP95Ms: r.e2eP95,
    }));
  }
}
