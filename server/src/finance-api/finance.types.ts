import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SloPercentile } from '../leaderboard/leaderboard.types';
import {
  CostCategory,
  CostRecurrence,
  DeploymentKind,
  Distribution,
  FinancePhase,
  ObservationArm,
  ProductionCostLine,
  RentalPricing,
  ValueStreamKind,
} from './finance.enums';

// GraphQL object types of the stored finance entities. Reports are in finance-report.types.ts.

@ObjectType({
  description: 'A number (low = likely = high) or a low / likely / high range, in the unit of its field.',
})
export class FinanceEstimate {
  @Field(() => Float) low!: number;
  @Field(() => Float) likely!: number;
  @Field(() => Float) high!: number;
  @Field(() => Boolean, { description: 'True when low < high (the Monte Carlo samples it).' })
  ranged!: boolean;
  @Field(() => Distribution) distribution!: Distribution;
}

@ObjectType({ description: 'One kind-specific input of a value stream, e.g. tasksPerMonth.' })
export class NamedEstimate {
  @Field(() => String) name!: string;
  @Field(() => FinanceEstimate) value!: FinanceEstimate;
}

@ObjectType({
  description: 'Adoption S-curve A(t) = maxFraction / (1 + e^(−steepnessPerMonth (t − midpointMonth))).',
})
export class AdoptionCurve {
  @Field(() => FinanceEstimate) maxFraction!: FinanceEstimate;
  @Field(() => Float) steepnessPerMonth!: number;
  @Field(() => Float) midpointMonth!: number;
}

@ObjectType({
  description: "Welch's mean time saved per task with its 95 % confidence interval, in minutes.",
})
export class TimeSavedResult {
  @Field(() => Float) meanSavedMinutes!: number;
  @Field(() => Float) ci95LowMinutes!: number;
  @Field(() => Float) ci95HighMinutes!: number;
  @Field(() => Int) nBefore!: number;
  @Field(() => Int) nAfter!: number;
  @Field(() => Float) degreesOfFreedom!: number;
}

@ObjectType()
export class TimeObservation {
  @Field(() => ID) id!: string;
  @Field(() => ID) studyId!: string;
  @Field(() => ObservationArm) arm!: ObservationArm;
  @Field(() => Float, { description: 'Minutes the task took.' }) minutes!: number;
  @Field(() => String, { nullable: true }) observer!: string | null;
  @Field(() => Date, { nullable: true }) observedAt!: Date | null;
}

@ObjectType({ description: 'Before/after stopwatch timings of one task.' })
export class TimeStudy {
  @Field(() => ID) id!: string;
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) task!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'What a value stream or scorecard figure rests on: a time study result.' })
export class StudyEvidence {
  @Field(() => ID) valueStreamId!: string;
  @Field(() => String) valueStreamName!: string;
  @Field(() => ID) timeStudyId!: string;
  @Field(() => String) timeStudyName!: string;
  @Field(() => TimeSavedResult, {
    nullable: true,
    description: 'Null while either arm has < 2 observations.',
  })
  result!: TimeSavedResult | null;
}

@ObjectType()
export class Demand {
  @Field(() => ID) initiativeId!: string;
  @Field(() => Float) tasksPerMonth!: number;
  @Field(() => Float) inputTokensPerTask!: number;
  @Field(() => Float) outputTokensPerTask!: number;
  @Field(() => Float, { description: 'Peak-hour demand ÷ average demand, ≥ 1.' }) peakToAverage!: number;
  @Field(() => Float, { description: 'Compound growth of tasks per month, e.g. 0.02.' })
  growthPerMonth!: number;
  @Field(() => SloPercentile) sloPercentile!: SloPercentile;
  @Field(() => Float, { nullable: true }) sloTtftMs!: number | null;
  @Field(() => Float, { nullable: true }) sloTpotMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'End-to-end latency SLO (used to rank deployments).' })
  sloE2eMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'Low end of the tasks-per-month range, if any.' })
  tasksPerMonthLow!: number | null;
  @Field(() => Float, { nullable: true, description: 'High end of the tasks-per-month range, if any.' })
  tasksPerMonthHigh!: number | null;
  @Field(() => Float, { nullable: true, description: "The pilot's own demand, tasks per month." })
  pilotTasksPerMonth!: number | null;
  @Field(() => Int, { nullable: true, description: "The pilot's last month index (inclusive)." })
  pilotEndMonth!: number | null;
}

@ObjectType()
export class DeploymentOption {
  @Field(() => ID) id!: string;
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => DeploymentKind) kind!: DeploymentKind;
  @Field(() => ID, { nullable: true }) hardwareProfileId!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String, { nullable: true }) quantization!: string | null;
  @Field(() => String, { nullable: true, description: 'Benchmark scenario whose runs give the throughput.' })
  scenario!: string | null;
  @Field(() => RentalPricing, { nullable: true }) pricing!: RentalPricing | null;
  @Field(() => Float, { nullable: true, description: 'Cloud GPU: price per device-hour.' })
  pricePerHour!: number | null;
  @Field(() => Float, { nullable: true, description: 'Cloud GPU: output tokens/s per device at the SLO.' })
  tokensPerSecondAtSlo!: number | null;
  @Field(() => Float, { nullable: true }) latencyAtSloMs!: number | null;
  @Field(() => Float, { nullable: true }) inputCostPerMtok!: number | null;
  @Field(() => Float, { nullable: true }) outputCostPerMtok!: number | null;
  @Field(() => Float, { nullable: true }) oneTimeCost!: number | null;
  @Field(() => Float, { nullable: true }) headroomFraction!: number | null;
  @Field(() => FinancePhase, { nullable: true, description: 'Phase of its serving cost; null: PRODUCTION.' })
  phase!: string | null;
  @Field(() => Int, { nullable: true, description: 'First month index it serves; null: 0.' })
  startMonth!: number | null;
  @Field(() => ID, {
    nullable: true,
    description: 'SELF_HOSTED: the run it is sized at; null: the best single run meeting the SLO.',
  })
  runId!: string | null;
  @Field(() => Float, { nullable: true, description: 'Throughput uncertainty, ± fraction; null: none.' })
  throughputUncertaintyFraction!: number | null;
}

@ObjectType({ description: 'A production cost line that does not apply, and why (audited).' })
export class NotApplicableLine {
  @Field(() => ProductionCostLine, { description: 'The line.' }) line!: ProductionCostLine;
  @Field(() => String, { description: 'The reason given.' }) reason!: string;
}

@ObjectType()
export class CostItem {
  @Field(() => ID) id!: string;
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => CostCategory) category!: CostCategory;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => CostRecurrence) recurrence!: CostRecurrence;
  @Field(() => String) currency!: string;
  @Field(() => Int, { description: '0-based month index.' }) startMonth!: number;
  @Field(() => Int, { nullable: true, description: 'Last month (inclusive); null: end of horizon.' })
  endMonth!: number | null;
  @Field(() => Float) riskUpliftFraction!: number;
  @Field(() => String, { description: 'MANUAL or FOCUS (imported).' }) source!: string;
  @Field(() => Float, { nullable: true, description: 'FOCUS BilledCost, for reconciliation.' })
  billedCost!: number | null;
}

@ObjectType()
export class ValueStream {
  @Field(() => ID) id!: string;
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => ValueStreamKind) kind!: ValueStreamKind;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => ID, { nullable: true }) timeStudyId!: string | null;
  @Field(() => String) currency!: string;
  @Field(() => Int) startMonth!: number;
  @Field(() => Int, { nullable: true }) endMonth!: number | null;
}

@ObjectType({ description: 'A GenAI use case with its costs, value and evidence.' })
export class Initiative {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String) owner!: string;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => Int) horizonMonths!: number;
  @Field(() => Float, { description: 'Fraction per year, e.g. 0.1.' }) discountRatePerYear!: number;
  @Field(() => String) currency!: string;
  @Field(() => Date) startDate!: Date;
  @Field(() => ID, {
    nullable: true,
    description: "The deployment option an analyst chose; null: the recommendation's rank 1 serves.",
  })
  selectedDeploymentOptionId!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class DeletePayload {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) deleted!: boolean;
}
