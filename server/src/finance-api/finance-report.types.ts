import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { CompiledModel } from '../finance/cash-flows';
import { DeploymentKind, FinancePhase } from './finance.enums';
import { StudyEvidence } from './finance.types';

// GraphQL object types of the finance reports (computed on read by the pure engine, never stored).

@ObjectType()
export class CashFlowMonth {
  @Field(() => Int, { description: '1-based month number.' }) month!: number;
  @Field(() => Float) costs!: number;
  @Field(() => Float) benefits!: number;
  @Field(() => Float) net!: number;
  @Field(() => Float) cumulativeNet!: number;
  @Field(() => Float) discountedNet!: number;
  @Field(() => Float) cumulativeDiscountedNet!: number;
}

@ObjectType({ description: 'Present value of the costs and benefits that belong to one phase.' })
export class PhaseFigures {
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => Float) pvCosts!: number;
  @Field(() => Float) pvBenefits!: number;
}

@ObjectType()
export class PhaseGuardFinding {
  @Field(() => String, { description: 'value-without-cost or cost-without-value.' }) kind!: string;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => String) explanation!: string;
}

@ObjectType({ description: "Flags a comparison of one phase's costs against another phase's value." })
export class PhaseGuard {
  @Field(() => Boolean) likeForLike!: boolean;
  @Field(() => [PhaseGuardFinding]) findings!: PhaseGuardFinding[];
  @Field(() => [FinancePhase]) costPhases!: FinancePhase[];
  @Field(() => [FinancePhase]) valuePhases!: FinancePhase[];
}

@ObjectType({ description: 'P10 / P50 / P90 and mean of a Monte Carlo output.' })
export class FinancePercentiles {
  @Field(() => Float) p10!: number;
  @Field(() => Float) p50!: number;
  @Field(() => Float) p90!: number;
  @Field(() => Float) mean!: number;
}

@ObjectType({ description: 'Percentiles of one month of a simulated cash flow.' })
export class MonthBand {
  @Field(() => Int, { description: '1-based, as RoiScorecard.months.month.' }) month!: number;
  @Field(() => Float) p10!: number;
  @Field(() => Float) p50!: number;
  @Field(() => Float) p90!: number;
}

@ObjectType()
export class PaybackPercentiles {
  @Field(() => Float, { nullable: true, description: 'Null: that share of iterations never pays back.' })
  p10!: number | null;
  @Field(() => Float, { nullable: true }) p50!: number | null;
  @Field(() => Float, { nullable: true }) p90!: number | null;
  @Field(() => Float, { description: 'Share of iterations that never pay back within the horizon.' })
  neverShare!: number;
}

@ObjectType({ description: 'Seeded Monte Carlo over every ranged input.' })
export class MonteCarloSummary {
  @Field(() => Int) iterations!: number;
  @Field(() => Int) seed!: number;
  @Field(() => [String]) rangedInputs!: string[];
  @Field(() => FinancePercentiles) npv!: FinancePercentiles;
  @Field(() => FinancePercentiles, { description: 'ROI as a fraction.' }) roi!: FinancePercentiles;
  @Field(() => PaybackPercentiles) paybackMonth!: PaybackPercentiles;
  @Field(() => Float) probabilityRoiPositive!: number;
  @Field(() => [MonthBand], {
    description:
      'Per month, P10/P50/P90 of the undiscounted cumulative net cash flow over the same simulated paths ' +
      '(each month ranked on its own); the band around RoiScorecard.months.cumulativeNet.',
  })
  cumulativeNetByMonth!: MonthBand[];
}

@ObjectType()
export class TornadoBar {
  @Field(() => String, { description: 'Input key, e.g. costItems[<id>].amount (usable in whatIf).' })
  input!: string;
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
  @Field(() => Float) npvAtLow!: number;
  @Field(() => Float) npvAtHigh!: number;
  @Field(() => Float) swing!: number;
}

@ObjectType()
export class Tornado {
  @Field(() => Float) baseNpv!: number;
  @Field(() => [TornadoBar]) bars!: TornadoBar[];
}

/** A scorecard as resolved: the engine's figures plus what the lazy fields need. */
export interface ScorecardRoot {
  initiativeId: string;
  initiativeName: string;
  model: CompiledModel;
  evidence: StudyEvidence[];
}

@ObjectType({ description: 'ROI scorecard of one initiative: every figure states its phase via byPhase.' })
export class RoiScorecard {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) initiativeName!: string;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => String) currency!: string;
  @Field(() => Int) horizonMonths!: number;
  @Field(() => Float) discountRatePerYear!: number;
  @Field(() => Float) discountRatePerMonth!: number;
  @Field(() => [CashFlowMonth]) months!: CashFlowMonth[];
  @Field(() => Float) pvCosts!: number;
  @Field(() => Float) pvBenefits!: number;
  @Field(() => Float) npv!: number;
  @Field(() => Float, {
    nullable: true,
    description: '(PV benefits − PV costs) / PV costs; null without costs.',
  })
  roi!: number | null;
  @Field(() => Float, { nullable: true, description: 'IRR per month when exactly one exists.' })
  irrPerMonth!: number | null;
  @Field(() => Float, { nullable: true, description: 'Annualised IRR when exactly one exists.' })
  irrAnnual!: number | null;
  @Field(() => String, { nullable: true, description: 'Why irrAnnual is null (none, or several rates).' })
  irrReason!: string | null;
  @Field(() => [Float], { description: 'Every monthly rate making NPV zero (several when ambiguous).' })
  irrRatesPerMonth!: number[];
  @Field(() => Int, { nullable: true }) paybackMonth!: number | null;
  @Field(() => Int, { nullable: true }) discountedPaybackMonth!: number | null;
  @Field(() => Float, { nullable: true }) costPerTask!: number | null;
  @Field(() => [PhaseFigures]) byPhase!: PhaseFigures[];
  @Field(() => PhaseGuard) phaseGuard!: PhaseGuard;
  @Field(() => [StudyEvidence]) evidence!: StudyEvidence[];
}

@ObjectType()
export class BreakdownRow {
  @Field(() => String, { description: 'Cost category (TCO) or value stream id (TVO).' }) key!: string;
  @Field(() => String, { description: 'Category, or the value stream name.' }) label!: string;
  @Field(() => String) kind!: string;
  @Field(() => [FinancePhase]) phases!: FinancePhase[];
  @Field(() => [Float], { description: 'Index 0 = month 1, risk-adjusted.' }) byMonth!: number[];
  @Field(() => Float) total!: number;
  @Field(() => Float) presentValue!: number;
}

@ObjectType({ description: 'TCO by category and month, or TVO by value stream and month.' })
export class FinanceBreakdown {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) currency!: string;
  @Field(() => [BreakdownRow]) rows!: BreakdownRow[];
  @Field(() => [Float]) totalByMonth!: number[];
  @Field(() => Float) total!: number;
  @Field(() => Float) presentValue!: number;
}

@ObjectType({ description: 'Break-even utilisation of a device option against one API option.' })
export class BreakEvenUtilisation {
  @Field(() => ID) apiOptionId!: string;
  @Field(() => String) apiName!: string;
  @Field(() => Float, {
    description: "The API's $ per million OUTPUT tokens at the demand's input : output mix.",
  })
  apiCostPerMtok!: number;
  @Field(() => Float, {
    description:
      'U* = C_hr × 1e6 / (3600 × tokens/s × API $/Mtok): below it the API is cheaper; > 1 never breaks even.',
  })
  utilisation!: number;
}

@ObjectType()
export class RankedDeployment {
  @Field(() => ID) optionId!: string;
  @Field(() => String) name!: string;
  @Field(() => DeploymentKind) kind!: DeploymentKind;
  @Field(() => Boolean) feasible!: boolean;
  @Field(() => Float, { nullable: true }) tcoPresentValue!: number | null;
  @Field(() => Int, { nullable: true }) peakDevices!: number | null;
  @Field(() => Int, { nullable: true }) rank!: number | null;
  @Field(() => String, { nullable: true, description: 'Why it is not the recommendation.' }) reason!:
    string | null;
  @Field(() => Float, { nullable: true, description: 'Output tokens/s per device at the SLO used.' })
  tokensPerSecondAtSlo!: number | null;
  @Field(() => Float, { nullable: true }) hourlyCostPerDevice!: number | null;
  @Field(() => [ID], { description: 'Benchmark runs behind a self-hosted throughput.' }) runIds!: string[];
  @Field(() => Float, {
    nullable: true,
    description: '$/h × 1e6 / (tokens/s × 3600): $ per million output tokens at full utilisation.',
  })
  costPerMtokAtFullUtilisation!: number | null;
  @Field(() => [BreakEvenUtilisation], { description: 'Device options: against each API option.' })
  breakEven!: BreakEvenUtilisation[];
}

@ObjectType()
export class DeploymentRecommendation {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) currency!: string;
  @Field(() => Float) latencySloMs!: number;
  @Field(() => [RankedDeployment]) options!: RankedDeployment[];
}

@ObjectType()
export class PortfolioEntry {
  @Field(() => Int) rank!: number;
  @Field(() => RoiScorecard) scorecard!: unknown;
}

@ObjectType()
export class PortfolioTotals {
  @Field(() => Float) pvCosts!: number;
  @Field(() => Float) pvBenefits!: number;
  @Field(() => Float) npv!: number;
  @Field(() => Float, { nullable: true }) roi!: number | null;
}

@ObjectType({ description: 'Every initiative with its scorecard, totals, and a ranking by NPV.' })
export class Portfolio {
  @Field(() => String) currency!: string;
  @Field(() => [PortfolioEntry]) entries!: PortfolioEntry[];
  @Field(() => PortfolioTotals) totals!: PortfolioTotals;
  @Field(() => [ID]) flaggedInitiativeIds!: string[];
}
