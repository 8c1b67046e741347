import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { RunRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { HardwareInventory } from '../hardware/hardware.types';
import { AppendSamplesInput, AppendSamplesPayload, FinishRunInput, StartRunInput } from './run.inputs';
import { Run, RunConnection, RunFilter, RunOrder } from './run.types';
import { HistogramBucket, LatencyMetric, RunStats } from './stats.types';

// Thin: every field delegates to RunService, which holds the rules.
@Resolver(() => Run)
export class RunResolver {
  @Authorized()
  @Query(() => RunConnection, { description: 'Runs, newest first unless orderBy says otherwise.' })
  runs(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => RunFilter, { nullable: true }) filter?: RunFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => RunOrder, { nullable: true }) orderBy?: RunOrder,
  ) {
    return ctx.services.runs.list(filter, first ?? 20, after, orderBy);
  }

  @Authorized()
  @Query(() => Run, { nullable: true })
  run(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.runs.get(id);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Run, { description: 'Idempotent on (agent, clientRunId).' })
  startRun(@Arg('input', () => StartRunInput) input: StartRunInput, @Ctx() ctx: AppContext) {
    return ctx.services.runs.start(ctx.principal!, input);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => AppendSamplesPayload, {
    description: 'Own runs only; idempotent per (runId, batchSeq); at most 5000 samples per call.',
  })
  appendSamples(@Arg('input', () => AppendSamplesInput) input: AppendSamplesInput, @Ctx() ctx: AppContext) {
    return ctx.services.runs.appendSamples(ctx.principal!, input);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Run, { description: 'Own runs only.' })
  finishRun(@Arg('input', () => FinishRunInput) input: FinishRunInput, @Ctx() ctx: AppContext) {
    return ctx.services.runs.finish(ctx.principal!, input);
  }

  @FieldResolver(() => HardwareInventory, { nullable: true })
  hardware(@Root() run: RunRecord, @Ctx() ctx: AppContext) {
    return ctx.services.runs.hardware(run, ctx);
  }

  @FieldResolver(() => Int)
  sampleCount(@Root() run: RunRecord, @Ctx() ctx: AppContext) {
    return ctx.services.runs.sampleCount(run);
  }

  @FieldResolver(() => RunStats, { description: 'Computed in DuckDB (quantile_cont etc.).' })
  stats(@Root() run: RunRecord, @Ctx() ctx: AppContext) {
    return ctx.services.runs.stats(run, ctx);
  }

  @FieldResolver(() => [HistogramBucket])
  latencyHistogram(
    @Root() run: RunRecord,
    @Ctx() ctx: AppContext,
    @Arg('metric', () => LatencyMetric) metric: LatencyMetric,
    @Arg('buckets', () => Int, { nullable: true, defaultValue: 30 }) buckets?: number,
  ) {
    return ctx.services.runs.histogram(run, metric, buckets ?? 30);
  }
}
