import { withReportedFigures } from './reported-stats';
import type { Database } from '../db/duckdb';
import type { HardwareRecord, RunRecord } from '../db/tables';
import { Role, type Principal } from '../auth/principal';
import { touchAgent } from '../agents/agent.repository';
import { findHardware, insertHardware } from '../hardware/hardware.repository';
import { badInput, forbidden, notFound } from '../graphql/errors';
import { decodeCursor, encodeCursor } from './cursor';
import { checkedRunConfig, checkedRunSummary } from './run-contract';
import { runLoadersOf } from './run.loaders';
import type { AppContext } from '../context';
import type { AppendSamplesInput, AppendSamplesPayload, FinishRunInput, StartRunInput } from './run.inputs';
import * as repo from './run.repository';
import { insertSampleBatch } from './sample.repository';
import { latencyHistogram, runStats } from './stats.repository';
import type { HistogramBucket, LatencyMetric, RunStats } from './stats.types';
import { RunSortField, RunStatus, SortDirection, type RunFilter, type RunOrder } from './run.types';

/** Largest page `runs(first:)` returns. */
export const MAX_PAGE_SIZE = 200;
/** Largest `latencyHistogram(buckets:)`. */
export const MAX_HISTOGRAM_BUCKETS = 200;

/** Runs: ownership rules, idempotent writes, listing and statistics. */
export class RunService {
  constructor(private readonly database: Database) {}

  /**
   * One page of runs, newest first unless `order` says otherwise; `first` 1..200; `after` from a
   * previous pageInfo.endCursor made under the same order.
   */
  async list(
    filter: RunFilter | null | undefined,
    first: number,
    after: string | null | undefined,
    order?: RunOrder | null,
  ) {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('runs.first', `must be 1-${MAX_PAGE_SIZE}`);
    }
    const sort = {
      field: order?.field ?? RunSortField.STARTED_AT,
      direction: order?.direction ?? SortDirection.DESC,
    };
    const cursor = after ? decodeCursor(after, 'runs.after', sort.field) : null;
    const { rows, totalCount } = await repo.listRuns(this.database.db, filter, sort, first, cursor);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({
      cursor: encodeCursor({ field: sort.field, key: repo.sortKeyOf(node, sort.field), id: node.id }),
      node,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  /** A run by id, or null. */
  get(id: string): Promise<RunRecord | null> {
    return repo.findRun(this.database.db, id);
  }

  /**
   * Starts a run for the calling agent (agent_id comes from the token, never from input).
   * Idempotent on (agent, clientRunId): a retry returns the run stored the first time.
   */
  async start(principal: Principal, input: StartRunInput): Promise<RunRecord> {
    const agentId = this.agentIdOf(principal, 'startRun');
    const config = checkedRunConfig(input.config);
    return this.database.withTransaction(async (tx) => {
      const existing = await repo.findRunByClientId(tx.db, agentId, input.clientRunId);
      if (existing) return existing;
      const startedAt = input.startedAt ?? new Date();
      const hardwareId = await insertHardware(tx.db, agentId, input.hardware);
      const scenarioBody = 'scenario' in config ? config.scenario : { name: input.scenario };
      const scenarioId = await repo.upsertScenario(tx.db, input.scenario, scenarioBody);
      await touchAgent(tx.db, agentId, new Date());
      return repo.insertRun(
        tx.db,
        {
          agentId,
          clientRunId: input.clientRunId,
          scenario: input.scenario,
          targetUrl: input.targetUrl,
          targetEngine: input.targetEngine,
          model: input.model,
          quantization: input.quantization,
          engineBackend: input.engineBackend ?? null,
          status: RunStatus.RUNNING,
          config,
          hardwareId,
          startedAt,
        },
        scenarioId,
      );
    });
  }

  /** Stores one batch of samples; a batch seen before is reported as duplicate and not stored again. */
  async appendSamples(principal: Principal, input: AppendSamplesInput): Promise<AppendSamplesPayload> {
    await this.ownedRun(principal, input.runId, 'appendSamples');
    const seen = new Set<number>();
    input.samples.forEach((s, i) => {
      if (seen.has(s.seq))
        throw badInput(`appendSamples.input.samples.${i}.seq`, `${s.seq} appears twice in this batch`);
      seen.add(s.seq);
    });
    const stored = await this.database
      .withTransaction(async (tx) => {
        const isNew = await insertSampleBatch(tx, input.runId, input.batchSeq, input.samples);
        if (isNew) await touchAgent(tx.db, principal.agentId!, new Date());
        return isNew;
      })
      .catch((error: Error) => {
        if (/constraint/i.test(error.message)) {
          throw badInput(
            'appendSamples.input.samples',
            'a seq in this batch is already stored for this run (seq must be unique per run)',
          );
        }
        throw error;
      });
    return {
      runId: input.runId,
      batchSeq: input.batchSeq,
      accepted: stored ? input.samples.length : 0,
      duplicate: !stored,
    };
  }

  /** Marks the calling agent's run finished with a final status (not RUNNING). */
  async finish(principal: Principal, input: FinishRunInput): Promise<RunRecord> {
    await this.ownedRun(principal, input.runId, 'finishRun');
    if (input.status === RunStatus.RUNNING) {
      throw badInput('finishRun.input.status', 'must be COMPLETED, FAILED or ABORTED');
    }
    const summary = checkedRunSummary(input.summary);
    await this.database.withTransaction((tx) =>
      repo.finishRun(tx.db, input.runId, input.status, summary, input.finishedAt ?? new Date()),
    );
    return (await repo.findRun(this.database.db, input.runId))!;
  }

  /**
   * The inventory a run was measured on. With the request's context, through its loaders: the runs
   * of one page are read in one statement.
   */
  async hardware(run: RunRecord, ctx?: AppContext): Promise<HardwareRecord | null> {
    if (ctx) return runLoadersOf(ctx, this.database).hardware(run);
    return run.hardwareId ? findHardware(this.database.db, run.hardwareId) : null;
  }

  /** Stored samples of a run, warm-up included. */
  sampleCount(run: RunRecord): Promise<number> {
    return repo.countSamples(this.database.db, run.id);
  }

  /** Statistics computed in DuckDB; with the request's context, one statement for a page's runs. */
  async stats(run: RunRecord, ctx?: AppContext): Promise<RunStats> {
    if (ctx) return runLoadersOf(ctx, this.database).stats(run);
    return withReportedFigures(await runStats(this.database.connection, run.id), run.summary);
  }

  /** Equal-width latency histogram; buckets 1..200. */
  histogram(run: RunRecord, metric: LatencyMetric, buckets: number): Promise<HistogramBucket[]> {
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_HISTOGRAM_BUCKETS) {
      throw badInput('Run.latencyHistogram.buckets', `must be 1-${MAX_HISTOGRAM_BUCKETS}`);
    }
    return latencyHistogram(this.database.connection, run.id, metric, buckets);
  }

  private agentIdOf(principal: Principal, action: string): string {
    if (principal.role !== Role.AGENT || !principal.agentId) {
      throw forbidden(`${action} needs an AGENT token (this token has role ${principal.role})`);
    }
    return principal.agentId;
  }

  private async ownedRun(principal: Principal, runId: string, action: string): Promise<RunRecord> {
    const agentId = this.agentIdOf(principal, action);
    const run = await repo.findRun(this.database.db, runId);
    if (!run) throw notFound(`${action}.input.runId: run ${runId}`);
    if (run.agentId !== agentId) throw forbidden(`${action}: run ${runId} belongs to another agent`);
    return run;
  }
}
