import type { Database } from '../db/duckdb';
import type { RunRecord } from '../db/tables';
import { Role, type Principal } from '../auth/principal';
import { touchAgent } from '../agents/agent.repository';
import { badInput, forbidden, notFound } from '../graphql/errors';
import { findRun } from '../runs/run.repository';
import { checkReadings } from './telemetry-input';
import { insertTelemetryBatch, telemetrySlices } from './telemetry.repository';
import type { AppendTelemetryInput, AppendTelemetryPayload, TelemetryDeviceSeries } from './telemetry.types';

/** Most slices one device's series may have (as Run.timeSeries). */
export const MAX_TELEMETRY_SLICES = 5000;

/** Hardware telemetry of runs: agents append readings to their own runs; anyone may read the series. */
export class TelemetryService {
  constructor(private readonly database: Database) {}

  /**
   * Stores one batch of readings for the calling agent's run, all or nothing. A batchSeq stored
   * before is reported as duplicate and not stored again (the agent retries after a lost answer).
   */
  async append(principal: Principal, input: AppendTelemetryInput): Promise<AppendTelemetryPayload> {
    if (principal.role !== Role.AGENT || !principal.agentId) {
      throw forbidden(`appendTelemetry needs an AGENT token (this token has role ${principal.role})`);
    }
    const run = await findRun(this.database.db, input.runId);
    if (!run) throw notFound(`appendTelemetry.input.runId: run ${input.runId}`);
    if (run.agentId !== principal.agentId) {
      throw forbidden(`appendTelemetry: run ${input.runId} belongs to another agent`);
    }
    checkReadings(input.readings);
    const stored = await this.database.withTransaction(async (tx) => {
      const isNew = await insertTelemetryBatch(tx, input.runId, input.batchSeq, input.readings);
      if (isNew) await touchAgent(tx.db, principal.agentId!, new Date());
      return isNew;
    });
    return {
      runId: input.runId,
      batchSeq: input.batchSeq,
      accepted: stored ? input.readings.length : 0,
      duplicate: !stored,
    };
  }

  /**
   * Per device, the run in slices of `widthS` seconds from its startedAt: mean/max power, mean
   * utilisation, max memory and temperature (computed in DuckDB). Devices sort by name.
   */
  async series(run: RunRecord, widthS: number): Promise<TelemetryDeviceSeries[]> {
    if (!(widthS >= 0.001 && widthS <= 86_400)) {
      throw badInput('Run.telemetrySeries.bucketS', 'must be 0.001-86400 seconds');
    }
    const rows = await telemetrySlices(this.database.connection, run.id, run.startedAt.getTime(), widthS);
    const slices = Math.max(-1, ...rows.map((r) => r.i)) + 1;
    if (slices > MAX_TELEMETRY_SLICES) {
      const atLeast = Math.ceil(((slices * widthS) / MAX_TELEMETRY_SLICES) * 1000) / 1000;
      throw badInput(
        'Run.telemetrySeries.bucketS',
        `${widthS} s gives ${slices} slices (max ${MAX_TELEMETRY_SLICES}); use at least ${atLeast} s`,
      );
    }
    const byDevice = new Map<string, TelemetryDeviceSeries>();
    for (const { device, collector, i, ...measures } of rows) {
      const key = `${device}\u0000${collector}`;
      let series = byDevice.get(key);
      if (!series) byDevice.set(key, (series = { device, collector, points: [] }));
      series.points.push({ startS: i * widthS, widthS, ...measures });
    }
    return [...byDevice.values()];
  }
}
