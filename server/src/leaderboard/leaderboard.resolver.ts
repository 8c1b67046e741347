import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../context';
import { CloudRate } from '../catalogue/catalogue.types';
import { Leaderboard, LeaderboardOrder, SloInput } from './leaderboard.types';

// Thin: delegates to LeaderboardService.
@Resolver(() => Leaderboard)
export class LeaderboardResolver {
  @Authorized()
  @Query(() => Leaderboard, {
    description:
      'Per hardware profile × model × quantization for one scenario: throughput at the SLO, cost per million ' +
      'tokens (allocation and usage basis) and joules per token, as ratios of sums over the runs listed.',
  })
  leaderboard(
    @Ctx() ctx: AppContext,
    @Arg('scenario', () => String) scenario: string,
    @Arg('slo', () => SloInput) slo: SloInput,
    @Arg('asOf', () => Date, { nullable: true, description: 'Default: now.' }) asOf?: Date,
    @Arg('currency', () => String, { nullable: true, defaultValue: 'USD' }) currency?: string,
    @Arg('cloudRate', () => CloudRate, { nullable: true, defaultValue: CloudRate.ON_DEMAND })
    cloudRate?: CloudRate,
    @Arg('orderBy', () => LeaderboardOrder, {
      nullable: true,
      defaultValue: LeaderboardOrder.POOLED_THROUGHPUT,
    })
    orderBy?: LeaderboardOrder,
  ) {
    return ctx.services.leaderboard.leaderboard({
      scenario,
      slo,
      asOf: asOf ?? new Date(),
      currency: currency ?? 'USD',
      cloudRate: cloudRate ?? CloudRate.ON_DEMAND,
      orderBy: orderBy ?? LeaderboardOrder.POOLED_THROUGHPUT,
    });
  }
}
