import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { SloPercentile } from '../leaderboard/leaderboard.types';
import {
  CostCategory,
  CostRecurrence,
  DeploymentKind,
  Distribution,
  FinancePhase,
  ObservationArm,
  RentalPricing,
  ValueStreamKind,
} from './finance.enums';

// Inputs of the finance mutations and of whatIf. Rules are checked by FinanceService (with the
// engine's validateInitiative), and errors name the field: `createInitiative.input.discountRatePerYear: …`.

@InputType({ description: 'A number (likely alone) or a low / likely / high range.' })
export class EstimateInput {
  @Field(() => Float) likely!: number;
  @Field(() => Float, { nullable: true }) low?: number | null;
  @Field(() => Float, { nullable: true }) high?: number | null;
  @Field(() => Distribution, { nullable: true }) distribution?: Distribution | null;
}

@InputType()
export class NamedEstimateInput {
  @Field(() => String, { description: 'e.g. tasksPerMonth, loadedRatePerHour, recaptureFraction.' })
  name!: string;
  @Field(() => EstimateInput) value!: EstimateInput;
}

@InputType()
export class AdoptionCurveInput {
  @Field(() => EstimateInput) maxFraction!: EstimateInput;
  @Field(() => Float) steepnessPerMonth!: number;
  @Field(() => Float) midpointMonth!: number;
}

@InputType()
export class CreateInitiativeInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String) owner!: string;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => Int, { nullable: true, description: 'Default 36.' }) horizonMonths?: number | null;
  @Field(() => Float, { nullable: true, description: 'Fraction per year; default 0.10.' })
  discountRatePerYear?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217; default USD.' }) currency?: string | null;
  @Field(() => Date) startDate!: Date;
}

@InputType()
export class UpdateInitiativeInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) owner?: string | null;
  @Field(() => FinancePhase, { nullable: true }) phase?: FinancePhase | null;
  @Field(() => Int, { nullable: true }) horizonMonths?: number | null;
  @Field(() => Float, { nullable: true }) discountRatePerYear?: number | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Date, { nullable: true }) startDate?: Date | null;
}

@InputType()
export class SetDemandInput {
  @Field(() => ID) initiativeId!: string;
  @Field(() => Float) tasksPerMonth!: number;
  @Field(() => Float) inputTokensPerTask!: number;
  @Field(() => Float) outputTokensPerTask!: number;
  @Field(() => Float, { nullable: true, description: '≥ 1; default 1.' }) peakToAverage?: number | null;
  @Field(() => Float, { nullable: true, description: 'Default 0.' }) growthPerMonth?: number | null;
  @Field(() => SloPercentile, { nullable: true, description: 'Default P99.' })
  sloPercentile?: SloPercentile | null;
  @Field(() => Float, { nullable: true }) sloTtftMs?: number | null;
  @Field(() => Float, { nullable: true }) sloTpotMs?: number | null;
  @Field(() => Float, { nullable: true }) sloE2eMs?: number | null;
}

@InputType()
export class CreateCostItemInput {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => CostCategory) category!: CostCategory;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => CostRecurrence) recurrence!: CostRecurrence;
  @Field(() => EstimateInput, { description: 'Amount per occurrence.' }) amount!: EstimateInput;
  @Field(() => String, { nullable: true, description: "Default: the initiative's." }) currency?:
    string | null;
  @Field(() => Int, { nullable: true, description: '0-based; default 0.' }) startMonth?: number | null;
  @Field(() => Int, { nullable: true }) endMonth?: number | null;
  @Field(() => Float, { nullable: true }) riskUpliftFraction?: number | null;
}

@InputType()
export class UpdateCostItemInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => CostCategory, { nullable: true }) category?: CostCategory | null;
  @Field(() => FinancePhase, { nullable: true }) phase?: FinancePhase | null;
  @Field(() => CostRecurrence, { nullable: true }) recurrence?: CostRecurrence | null;
  @Field(() => EstimateInput, { nullable: true }) amount?: EstimateInput | null;
  @Field(() => Int, { nullable: true }) startMonth?: number | null;
  @Field(() => Int, { nullable: true, description: 'Null is kept; use -1 to clear (end of horizon).' })
  endMonth?: number | null;
  @Field(() => Float, { nullable: true }) riskUpliftFraction?: number | null;
}

@InputType()
export class CreateValueStreamInput {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => ValueStreamKind) kind!: ValueStreamKind;
  @Field(() => FinancePhase) phase!: FinancePhase;
  @Field(() => [NamedEstimateInput], {
    description: 'The kind-specific inputs (FINANCE.md, docs/finance.md).',
  })
  params!: NamedEstimateInput[];
  @Field(() => EstimateInput, { nullable: true, description: 'Risk haircut fraction; default 0.' })
  haircut?: EstimateInput | null;
  @Field(() => AdoptionCurveInput, { nullable: true }) adoption?: AdoptionCurveInput | null;
  @Field(() => ID, { nullable: true, description: 'Productivity: take time saved from this study.' })
  timeStudyId?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Int, { nullable: true }) startMonth?: number | null;
  @Field(() => Int, { nullable: true }) endMonth?: number | null;
}

@InputType()
export class UpdateValueStreamInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => FinancePhase, { nullable: true }) phase?: FinancePhase | null;
  @Field(() => [NamedEstimateInput], { nullable: true, description: 'Replaces the named params given.' })
  params?: NamedEstimateInput[] | null;
  @Field(() => EstimateInput, { nullable: true }) haircut?: EstimateInput | null;
  @Field(() => AdoptionCurveInput, { nullable: true }) adoption?: AdoptionCurveInput | null;
  @Field(() => ID, { nullable: true }) timeStudyId?: string | null;
  @Field(() => Int, { nullable: true }) startMonth?: number | null;
  @Field(() => Int, { nullable: true }) endMonth?: number | null;
}

@InputType()
export class CreateDeploymentOptionInput {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => DeploymentKind) kind!: DeploymentKind;
  @Field(() => ID, { nullable: true }) hardwareProfileId?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { nullable: true }) quantization?: string | null;
  @Field(() => String, { nullable: true }) scenario?: string | null;
  @Field(() => RentalPricing, { nullable: true }) pricing?: RentalPricing | null;
  @Field(() => Float, { nullable: true }) pricePerHour?: number | null;
  @Field(() => Float, { nullable: true }) tokensPerSecondAtSlo?: number | null;
  @Field(() => Float, { nullable: true }) latencyAtSloMs?: number | null;
  @Field(() => Float, { nullable: true }) inputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true }) outputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true }) oneTimeCost?: number | null;
  @Field(() => Float, { nullable: true }) headroomFraction?: number | null;
}

@InputType()
export class UpdateDeploymentOptionInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true }) hardwareProfileId?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { nullable: true }) quantization?: string | null;
  @Field(() => String, { nullable: true }) scenario?: string | null;
  @Field(() => RentalPricing, { nullable: true }) pricing?: RentalPricing | null;
  @Field(() => Float, { nullable: true }) pricePerHour?: number | null;
  @Field(() => Float, { nullable: true }) tokensPerSecondAtSlo?: number | null;
  @Field(() => Float, { nullable: true }) latencyAtSloMs?: number | null;
  @Field(() => Float, { nullable: true }) inputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true }) outputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true }) oneTimeCost?: number | null;
  @Field(() => Float, { nullable: true }) headroomFraction?: number | null;
}

@InputType()
export class CreateTimeStudyInput {
  @Field(() => ID) initiativeId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) task!: string;
}

@InputType()
export class UpdateTimeStudyInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) task?: string | null;
}

@InputType()
export class TimeObservationInput {
  @Field(() => ObservationArm) arm!: ObservationArm;
  @Field(() => Float, { description: 'Minutes the task took (> 0).' }) minutes!: number;
  @Field(() => String, { nullable: true }) observer?: string | null;
  @Field(() => Date, { nullable: true }) observedAt?: Date | null;
}

@InputType()
export class AddTimeObservationsInput {
  @Field(() => ID) studyId!: string;
  @Field(() => [TimeObservationInput]) observations!: TimeObservationInput[];
}

@InputType({ description: 'Replaces one model input (a key from tornado bars or rangedInputs).' })
export class InputOverride {
  @Field(() => String, { description: 'e.g. costItems[<id>].amount or valueStreams[<id>].tasksPerMonth.' })
  key!: string;
  @Field(() => EstimateInput) value!: EstimateInput;
}

@InputType({ description: 'What-if overrides: nothing is stored.' })
export class WhatIfOverrides {
  @Field(() => Float, { nullable: true }) discountRatePerYear?: number | null;
  @Field(() => Int, { nullable: true }) horizonMonths?: number | null;
  @Field(() => Float, { nullable: true }) tasksPerMonth?: number | null;
  @Field(() => Float, { nullable: true }) growthPerMonth?: number | null;
  @Field(() => [InputOverride], { nullable: true }) inputs?: InputOverride[] | null;
}
