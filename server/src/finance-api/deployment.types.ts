import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { HourlyCost } from '../catalogue/catalogue.types';
import { LeaderboardAtSlo } from '../leaderboard/leaderboard-at-slo';
import { DeploymentKind, FinancePhase, OperatingPointSource, ServingChoice } from './finance.enums';

// GraphQL types of recommendDeployment and of the serving cost a scorecard carries: every figure
// traceable to the deployment option, the leaderboard entry, the exact run and the price it used.

@ObjectType({ description: 'Break-even utilisation of a device option against one API option.' })
export class BreakEvenUtilisation {
  @Field(() => ID, { description: 'The API option compared with.' }) apiOptionId!: string;
  @Field(() => String, { description: 'Its name.' }) apiName!: string;
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

@ObjectType({
  description:
    "Where a self-hosted option's throughput at the SLO comes from. The rule (docs/finance.md): size at the " +
    'best single run meeting the SLO — the leaderboard entry’s atSlo, the highest output tokens/s — or at ' +
    'the run the option names; never at the pooled average of all qualifying runs, which mixes low-load ' +
    'runs in and is reported here only as pooledOutputTokensPerS.',
})
export class DeploymentOperatingPoint {
  @Field(() => OperatingPointSource, { description: 'BEST_RUN_AT_SLO or CHOSEN_RUN.' })
  source!: OperatingPointSource;
  @Field(() => LeaderboardAtSlo, {
    description: 'The run sized at: its output tokens/s, requests/s, load (concurrency or rate) and $/Mtok.',
  })
  run!: LeaderboardAtSlo;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over every qualifying run (Σ tokens ÷ Σ busy s), for comparison only: not used.',
  })
  pooledOutputTokensPerS!: number | null;
  @Field(() => [ID], { description: 'Every run of the leaderboard entry that meets the SLO.' })
  qualifyingRunIds!: string[];
  @Field(() => [ID], { description: 'Runs of the entry that miss the SLO.' }) excludedRunIds!: string[];
  @Field(() => String, { description: 'The leaderboard scenario.' }) scenario!: string;
  @Field(() => ID, { description: 'The hardware profile (leaderboard entry).' }) hardwareProfileId!: string;
  @Field(() => String, { description: 'Its name.' }) hardwareProfileName!: string;
  @Field(() => String, { description: 'Model of the runs.' }) model!: string;
  @Field(() => String, { description: 'Quantization of the runs.' }) quantization!: string;
  @Field(() => Date, { description: 'The leaderboard’s as-of date: runs started later are ignored.' })
  leaderboardAsOf!: Date;
}

@ObjectType({ description: 'One deployment option, priced and ranked.' })
export class RankedDeployment {
  @Field(() => ID, { description: 'The stored deployment option.' }) optionId!: string;
  @Field(() => String, { description: 'Its name.' }) name!: string;
  @Field(() => DeploymentKind, { description: 'SELF_HOSTED, CLOUD_GPU or API.' }) kind!: DeploymentKind;
  @Field(() => Boolean, { description: 'Meets the latency SLO and can be priced.' }) feasible!: boolean;
  @Field(() => Boolean, {
    description: "True for the option whose serving cost the initiative's TCO carries.",
  })
  selected!: boolean;
  @Field(() => Float, {
    nullable: true,
    description: 'Present value of its serving cost over the horizon, allocation basis, setup included.',
  })
  tcoPresentValue!: number | null;
  @Field(() => Int, { nullable: true, description: 'Most devices needed in any month.' })
  peakDevices!: number | null;
  @Field(() => Int, { nullable: true, description: '1 = the recommendation; null when infeasible.' })
  rank!: number | null;
  @Field(() => String, { nullable: true, description: 'Why it is not the recommendation.' }) reason!:
    string | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Output tokens/s per device at the SLO used for sizing: SELF_HOSTED, the operating point (best single ' +
      'run meeting the SLO, or the chosen run); CLOUD_GPU, as entered.',
  })
  tokensPerSecondAtSlo!: number | null;
  @Field(() => Float, { nullable: true, description: 'Cost per device-hour, in the initiative’s currency.' })
  hourlyCostPerDevice!: number | null;
  @Field(() => HourlyCost, {
    nullable: true,
    description: 'SELF_HOSTED: the catalogue price behind hourlyCostPerDevice (priceId, priceEffectiveFrom).',
  })
  hourlyCost!: HourlyCost | null;
  @Field(() => String, { nullable: true, description: 'SELF_HOSTED: the hardware profile’s name.' })
  hardwareName!: string | null;
  @Field(() => [ID], { description: 'Benchmark runs of the leaderboard entry that meet the SLO.' })
  runIds!: string[];
  @Field(() => DeploymentOperatingPoint, {
    nullable: true,
    description: 'SELF_HOSTED: the run its throughput comes from, and why that run.',
  })
  operatingPoint!: DeploymentOperatingPoint | null;
  @Field(() => Float, {
    nullable: true,
    description: '$/h × 1e6 / (tokens/s × 3600): $ per million output tokens at full utilisation.',
  })
  costPerMtokAtFullUtilisation!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      '$ per million output tokens the plan really pays: allocation basis (every provisioned hour) at the ' +
      "plan's utilisation = costPerMtokAtFullUtilisation ÷ averageUtilisation (an API: its price at the mix).",
  })
  realisedCostPerMtok!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Σ output tokens ÷ Σ capacity of the provisioned devices over the horizon, 0 … 1.',
  })
  averageUtilisation!: number | null;
  @Field(() => [BreakEvenUtilisation], { description: 'Device options: against each API option.' })
  breakEven!: BreakEvenUtilisation[];
  @Field(() => FinancePhase, { description: 'Phase of the serving cost it produces.' }) phase!: string;
  @Field(() => Int, { description: 'First month index it serves.' }) startMonth!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Throughput uncertainty (± fraction) sampled by the Monte Carlo and tornado.',
  })
  throughputUncertaintyFraction!: number | null;
}

@ObjectType({ description: 'Deployment options ranked by present-value TCO under the latency SLO.' })
export class DeploymentRecommendation {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => String, { description: 'Currency of every amount.' }) currency!: string;
  @Field(() => Float, { description: 'End-to-end latency SLO, ms (0: none).' }) latencySloMs!: number;
  @Field(() => Date, { description: 'Runs and prices as of this instant.' }) asOf!: Date;
  @Field(() => [RankedDeployment], { description: 'Feasible options by rank, then the infeasible ones.' })
  options!: RankedDeployment[];
  @Field(() => String, { nullable: true, description: 'Why no option serves (null when one does).' })
  servingNote!: string | null;
}

@ObjectType({
  description:
    "The serving cost in the initiative's TCO: the selected deployment option (ANALYST) or, when none is " +
    "chosen, the recommendation's rank 1, priced month by month from the demand plan (docs/finance.md).",
})
export class ServingCost {
  @Field(() => ServingChoice, { nullable: true, description: 'Why this option; null when none serves.' })
  choice!: ServingChoice | null;
  @Field(() => RankedDeployment, {
    nullable: true,
    description: 'The option, with its operating point (run), price (effective date) and cost per Mtok.',
  })
  option!: RankedDeployment | null;
  @Field(() => String, { nullable: true, description: 'Why there is no serving cost.' }) note!: string | null;
  @Field(() => Float, { description: 'Present value of the serving line (the TCO row "serving").' })
  presentValue!: number;
  @Field(() => Float, { description: 'Undiscounted total over the horizon.' }) total!: number;
  @Field(() => [Float], { description: 'Amount per month, index 0 = month 1.' }) byMonth!: number[];
  @Field(() => Date, { nullable: true, description: 'Runs and prices as of this instant.' })
  asOf!: Date | null;
}
