import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { CompiledModel } from '../finance/cash-flows';
import type { DeploymentEvaluation } from './deployment.service';
import { ServingCost } from './deployment.types';
import { FinancePhase, ProductionCostLine } from './finance.enums';
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

@ObjectType({ description: 'One thing the phase guard found.' })
export class PhaseGuardFinding {
  @Field(() => String, {
    description:
      'value-without-cost, production-costs-incomplete and pilot-value-exceeds-pilot block a like-for-like ' +
      'comparison; cost-without-value is a note (value may be understated).',
  })
  kind!: string;
  @Field(() => FinancePhase, { description: 'The phase it is about.' }) phase!: FinancePhase;
  @Field(() => String, { description: 'What is wrong and how to fix it.' }) explanation!: string;
}

@ObjectType({
  description: 'Whether the production phase carries one of the cost lines a production ROI needs.',
})
export class ProductionCostCoverage {
  @Field(() => ProductionCostLine, { description: 'SERVING or a TCO category.' }) line!: ProductionCostLine;
  @Field(() => Float, {
    description: 'Present value of its production-phase cost (the serving line also counts in its category).',
  })
  pvCosts!: number;
  @Field(() => String, { nullable: true, description: 'Why it does not apply (setProductionNotApplicable).' })
  notApplicableReason!: string | null;
  @Field(() => Boolean, { description: 'pvCosts > 0, or a reason is given.' }) covered!: boolean;
}

@ObjectType({
  description:
    "Flags a comparison of one phase's costs against another phase's value, in a way a label cannot " +
    'silence (docs/finance.md "Phase guard").',
})
export class PhaseGuard {
  @Field(() => Boolean, { description: 'True when no finding blocks a like-for-like comparison.' })
  likeForLike!: boolean;
  @Field(() => [PhaseGuardFinding], { description: 'Everything found, blocking first.' })
  findings!: PhaseGuardFinding[];
  @Field(() => [FinancePhase], { description: 'Phases whose costs are counted.' })
  costPhases!: FinancePhase[];
  @Field(() => [FinancePhase], { description: 'Phases whose value is counted.' })
  valuePhases!: FinancePhase[];
  @Field(() => [ProductionCostCoverage], {
    description:
      'Serving and each TCO category in the production phase (required when production value is counted).',
  })
  productionCosts!: ProductionCostCoverage[];
}

@ObjectType({ description: 'Value the guarded figures leave out, and why.' })
export class ExcludedValue {
  @Field(() => ID, { description: 'The value stream.' }) valueStreamId!: string;
  @Field(() => String, { description: 'Its name.' }) name!: string;
  @Field(() => String, { description: 'Why it is not counted (in full).' }) reason!: string;
  @Field(() => Float, { description: 'Present value left out.' }) pvBenefits!: number;
}

@ObjectType({
  description:
    'The headline figures: only the value the counted costs can buy. Equal to the scorecard’s own when the ' +
    'phase guard passes; otherwise value from phases whose costs are missing, and pilot value beyond the ' +
    "pilot's own demand, is left out (excluded). Show these, with likeForLike beside them.",
})
export class GuardedFigures {
  @Field(() => Boolean, { description: 'The phase guard’s verdict.' }) likeForLike!: boolean;
  @Field(() => Float, { description: 'Present value of costs (all of them).' }) pvCosts!: number;
  @Field(() => Float, { description: 'Present value of the value that is backed by counted costs.' })
  pvBenefits!: number;
  @Field(() => Float, { description: 'pvBenefits − pvCosts.' }) npv!: number;
  @Field(() => Float, { nullable: true, description: '(pvBenefits − pvCosts) / pvCosts.' }) roi!:
    number | null;
  @Field(() => Int, { nullable: true, description: 'First month the cumulative net is ≥ 0 (1-based).' })
  paybackMonth!: number | null;
  @Field(() => Int, { nullable: true, description: 'The same, discounted.' })
  discountedPaybackMonth!: number | null;
  @Field(() => [ExcludedValue], { description: 'What is left out, per value stream.' })
  excluded!: ExcludedValue[];
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
  /** The deployment options as priced for the serving cost (null without demand, or for TVO only). */
  deployment: DeploymentEvaluation | null;
  /** Value stream names by id. */
  streamNames: Map<string, string>;
  /** Cost item and value stream names by id (CSV labels). */
  itemNames: Map<string, string>;
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
  @Field(() => Float, { description: 'Present value of every cost, the serving line included.' })
  pvCosts!: number;
  @Field(() => Float, { description: 'Present value of every value stream, as entered (see guarded).' })
  pvBenefits!: number;
  @Field(() => Float, { description: 'As entered, not guarded: the headline is guarded.npv.' }) npv!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'As entered: (PV benefits − PV costs) / PV costs; null without costs. Headline: guarded.roi.',
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
  @Field(() => GuardedFigures, {
    description:
      'The headline NPV, ROI and payback: only value the counted costs can buy, with the guard state.',
  })
  guarded!: GuardedFigures;
  @Field(() => ServingCost, {
    description: 'The serving cost in this TCO and where it comes from (option → run → price).',
  })
  serving!: ServingCost;
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
