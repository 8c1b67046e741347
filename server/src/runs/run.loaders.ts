import type { AppContext } from '../context';
import type { Database } from '../db/duckdb';
import type { HardwareRecord, RunRecord } from '../db/tables';
import { batchLoader } from '../db/batch-loader';
import { findHardwareByIds } from '../hardware/hardware.repository';
import { withReportedFigures } from './reported-stats';
import { runStatsOfRuns } from './stats.repository';
import type { RunStats } from './stats.types';

/** The loaders of one request: each batches what the runs of a page ask for into one statement. */
export interface RunLoaders {
  hardware(run: RunRecord): Promise<HardwareRecord | null>;
  stats(run: RunRecord): Promise<RunStats>;
}

const perRequest = new WeakMap<object, RunLoaders>();

/** New loaders over the database (one set per GraphQL request). */
export function createRunLoaders(database: Database): RunLoaders {
  const hardware = batchLoader((ids: readonly string[]) => findHardwareByIds(database.db, ids));
  const stats = batchLoader((ids: readonly string[]) => runStatsOfRuns(database.connection, ids));
  return {
    hardware: async (run) => (run.hardwareId ? ((await hardware(run.hardwareId)) ?? null) : null),
    stats: async (run) => withReportedFigures((await stats(run.id))!, run.summary),
  };
}

/**
 * The request's loaders, made on first use and dropped with the request's context object (a page
 * of 20 runs with hardware and stats: 2 statements instead of 40, server/test/runs-page-queries.test.ts).
 */
export function runLoadersOf(ctx: AppContext, database: Database): RunLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = createRunLoaders(database);
    perRequest.set(ctx, loaders);
  }
  return loaders;
}
