import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context';
import { FinanceReportKind } from './finance.enums';
import { WhatIfOverrides } from './finance.inputs';
import { FinanceReportService } from './finance-report.service';
import { DeploymentRecommendation } from './deployment.types';
import {
  FinanceBreakdown,
  MonteCarloSummary,
  Portfolio,
  RoiScorecard,
  Tornado,
  type ScorecardRoot,
} from './finance-report.types';

// Thin: every field delegates to FinanceReportService (pure engine underneath). Any role may read.
@Resolver(() => RoiScorecard)
export class FinanceReportResolver {
  @Authorized()
  @Query(() => RoiScorecard, {
    description: 'NPV, ROI, IRR, payback, phase guard and evidence at likely values.',
  })
  async roiScorecard(@Arg('initiativeId', () => ID) initiativeId: string, @Ctx() ctx: AppContext) {
    return FinanceReportService.scorecard(
      await ctx.services.financeReports.compiled('roiScorecard.initiativeId', initiativeId),
    );
  }

  @Authorized()
  @Query(() => RoiScorecard, {
    description:
      'The scorecard (and its monteCarlo/tornado) with overrides applied in memory; nothing is stored.',
  })
  async whatIf(
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('overrides', () => WhatIfOverrides) overrides: WhatIfOverrides,
    @Ctx() ctx: AppContext,
  ) {
    return FinanceReportService.scorecard(await ctx.services.financeReports.whatIf(initiativeId, overrides));
  }

  @Authorized()
  @Query(() => FinanceBreakdown, { description: 'TCO by category and month.' })
  tcoReport(@Arg('initiativeId', () => ID) initiativeId: string, @Ctx() ctx: AppContext) {
    return ctx.services.financeReports.tco(initiativeId);
  }

  @Authorized()
  @Query(() => FinanceBreakdown, { description: 'TVO by value stream and month.' })
  tvoReport(@Arg('initiativeId', () => ID) initiativeId: string, @Ctx() ctx: AppContext) {
    return ctx.services.financeReports.tvo(initiativeId);
  }

  @Authorized()
  @Query(() => Portfolio, { description: 'Every initiative scored and ranked by NPV, with totals.' })
  portfolio(@Ctx() ctx: AppContext) {
    return ctx.services.financeReports.portfolio();
  }

  @Authorized()
  @Query(() => DeploymentRecommendation, {
    description:
      'Deployment options ranked by present-value TCO under the latency SLO, each with the reason it loses. ' +
      'SELF_HOSTED throughput at the SLO is the best single run meeting the SLO (leaderboard atSlo) or the ' +
      "option's chosen run (runId), never a pooled average; selected marks the option the TCO carries.",
  })
  recommendDeployment(
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Ctx() ctx: AppContext,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date,
  ) {
    return ctx.services.financeReports.deployments.recommend(initiativeId, asOf ?? new Date());
  }

  @Authorized()
  @Query(() => String, {
    description:
      'Self-hosted inference cost as FinOps FOCUS 1.3 CSV, one row per month (x_Model, x_Quantization, ' +
      'x_Hardware, x_Phase). optionId: a SELF_HOSTED option; default the best-ranked feasible one.',
  })
  inferenceFocusCsv(
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Ctx() ctx: AppContext,
    @Arg('optionId', () => ID, { nullable: true }) optionId?: string,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date,
  ) {
    return ctx.services.financeReports.deployments.inferenceFocusCsv(
      initiativeId,
      optionId,
      asOf ?? new Date(),
    );
  }

  @Authorized()
  @Query(() => String, { description: 'A report as CSV text (initiativeId not needed for PORTFOLIO).' })
  financeReportCsv(
    @Arg('report', () => FinanceReportKind) report: FinanceReportKind,
    @Ctx() ctx: AppContext,
    @Arg('initiativeId', () => ID, { nullable: true }) initiativeId?: string,
  ) {
    return ctx.services.financeReports.csv(report, initiativeId);
  }

  @FieldResolver(() => MonteCarloSummary, { description: 'Seeded Monte Carlo (≥ 10,000 iterations).' })
  monteCarlo(
    @Root() scorecard: { root: ScorecardRoot },
    @Arg('iterations', () => Int, { defaultValue: 10_000 }) iterations: number,
    @Arg('seed', () => Int, { defaultValue: 1 }) seed: number,
  ) {
    return FinanceReportService.monteCarlo(scorecard.root, iterations, seed);
  }

  @FieldResolver(() => Tornado, { description: 'Ranged inputs ranked by their swing on NPV.' })
  tornado(@Root() scorecard: { root: ScorecardRoot }) {
    return FinanceReportService.tornado(scorecard.root);
  }
}
