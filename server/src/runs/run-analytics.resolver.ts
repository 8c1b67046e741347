import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import type { RunRecord } from '../db/tables';
import { RunHardwareProfile } from '../catalogue/catalogue.types';
import { QuantileValue, RunComparison, RunSeriesPoint, TimeBucket, TrendPoint } from './run-analytics.types';
import { Run, RunFilter } from './run.types';
import { LatencyMetric } from './stats.types';

// Thin: every field delegates to RunAnalyticsService (or CatalogueService for the profile).
@Resolver(() => Run)
export class RunAnalyticsResolver {
  @Authorized()
  @Query(() => RunComparison, { description: 'Runs side by side; deltas are measured from the first id.' })
  compareRuns(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: AppContext) {
    return ctx.services.runAnalytics.compare(ids);
  }

  @Authorized()
  @Query(() => [TrendPoint], { description: 'Runs matching `filter`, bucketed by start time (UTC).' })
  runTrends(
    @Ctx() ctx: AppContext,
    @Arg('bucket', () => TimeBucket) bucket: TimeBucket,
    @Arg('filter', () => RunFilter, { nullable: true }) filter?: RunFilter,
  ) {
    return ctx.services.runAnalytics.trends(filter, bucket);
  }

  @FieldResolver(() => [QuantileValue], { description: 'Any quantiles of one latency, computed in DuckDB.' })
  percentiles(
    @Root() run: RunRecord,
    @Ctx() ctx: AppContext,
    @Arg('metric', () => LatencyMetric) metric: LatencyMetric,
    @Arg('quantiles', () => [Float]) quantiles: number[],
  ) {
    return ctx.services.runAnalytics.quantiles(run, metric, quantiles);
  }

  @FieldResolver(() => [RunSeriesPoint], { description: 'Throughput and latency over the run, in slices.' })
  timeSeries(
    @Root() run: RunRecord,
    @Ctx() ctx: AppContext,
    @Arg('bucketS', () => Float, { nullable: true, defaultValue: 1 }) bucketS?: number,
  ) {
    return ctx.services.runAnalytics.series(run, bucketS ?? 1);
  }

  @FieldResolver(() => RunHardwareProfile, {
    nullable: true,
    description:
      'The catalogue profile this run is costed on (explicit link, else vendor/model/count match).',
  })
  hardwareProfile(@Root() run: RunRecord, @Ctx() ctx: AppContext) {
    return ctx.services.catalogue.profileOfRun(run.id);
  }
}
