import { Field, Float, ID, InputType, Int } from 'type-graphql';
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

// Inputs of the finance mutations and of whatIf. Rules are checked by the entity services (with the
// engine's validateInitiative), and errors name the field: `createInitiative.input.discountRatePerYear: …`.
//
// Each entity's fields are declared once, optional, in an abstract `…Fields` class; its Create input
// extends it and re-declares as required only what a create needs, its Update input adds the `id`.
// (type-graphql lets a subclass field replace the inherited one of the same name.)

@InputType({ description: 'A number (likely alone) or a low / likely / high range.' })
export class EstimateInput {
  @Field(() => Float, { description: 'The most likely value (the deterministic figures use it).' })
  likely!: number;
  @Field(() => Float, { nullable: true, description: 'Low end of the range; default likely.' })
  low?: number | null;
  @Field(() => Float, { nullable: true, description: 'High end of the range; default likely.' })
  high?: number | null;
  @Field(() => Distribution, { nullable: true, description: 'How the range is sampled; default TRIANGULAR.' })
  distribution?: Distribution | null;
}

@InputType({ description: 'One kind-specific input of a value stream.' })
export class NamedEstimateInput {
  @Field(() => String, { description: 'e.g. tasksPerMonth, loadedRatePerHour, recaptureFraction.' })
  name!: string;
  @Field(() => EstimateInput, { description: 'Its value, in the unit its name states.' })
  value!: EstimateInput;
}

@InputType({
  description: 'Adoption S-curve A(t) = maxFraction / (1 + e^(−steepnessPerMonth (t − midpointMonth))).',
})
export class AdoptionCurveInput {
  @Field(() => EstimateInput, { description: 'Adoption ceiling as a fraction 0 … 1 (0.8 = 80 %).' })
  maxFraction!: EstimateInput;
  @Field(() => Float, {
    description: 'Steepness k per month; 0.5 takes ~9 months from 10 % to 90 % of the ceiling.',
  })
  steepnessPerMonth!: number;
  @Field(() => Float, { description: 'Month index at which adoption reaches half the ceiling.' })
  midpointMonth!: number;
}

@InputType({ description: 'Shared fields (not used in the schema itself).' })
class InitiativeFields {
  @Field(() => String, { nullable: true, description: 'Display name.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'What the initiative does.' })
  description?: string | null;
  @Field(() => String, { nullable: true, description: 'Accountable team or person.' }) owner?: string | null;
  @Field(() => FinancePhase, { nullable: true, description: 'The phase the initiative is in now.' })
  phase?: FinancePhase | null;
  @Field(() => Int, { nullable: true, description: 'Months in the horizon; default 36.' })
  horizonMonths?: number | null;
  @Field(() => Float, { nullable: true, description: 'Fraction per year (0.10 = 10 %); default 0.10.' })
  discountRatePerYear?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code of every figure; default USD.' })
  currency?: string | null;
  @Field(() => Date, { nullable: true, description: 'First day of month 1 (month index 0).' })
  startDate?: Date | null;
}

@InputType({ description: 'A new initiative.' })
export class CreateInitiativeInput extends InitiativeFields {
  @Field(() => String, { description: 'Display name.' }) override name!: string;
  @Field(() => String, { description: 'Accountable team or person.' }) override owner!: string;
  @Field(() => FinancePhase, { description: 'The phase the initiative is in now.' })
  override phase!: FinancePhase;
  @Field(() => Date, { description: 'First day of month 1 (month index 0).' }) override startDate!: Date;
}

@InputType({ description: 'Changes to an initiative: fields left out stay as they are.' })
export class UpdateInitiativeInput extends InitiativeFields {
  @Field(() => ID, { description: 'The initiative to change.' }) id!: string;
}

@InputType({ description: 'The demand an initiative must serve, and its latency SLO.' })
export class SetDemandInput {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => Float, { description: 'Tasks per month at month index 0.' }) tasksPerMonth!: number;
  @Field(() => Float, { description: 'Input (prompt) tokens per task.' }) inputTokensPerTask!: number;
  @Field(() => Float, { description: 'Output (generated) tokens per task.' }) outputTokensPerTask!: number;
  @Field(() => Float, { nullable: true, description: 'Peak-hour ÷ average demand, ≥ 1; default 1.' })
  peakToAverage?: number | null;
  @Field(() => Float, { nullable: true, description: 'Compound growth per month (0.02 = 2 %); default 0.' })
  growthPerMonth?: number | null;
  @Field(() => SloPercentile, {
    nullable: true,
    description: 'Percentile the SLO limits apply to; default P99.',
  })
  sloPercentile?: SloPercentile | null;
  @Field(() => Float, { nullable: true, description: 'Time-to-first-token limit, ms.' })
  sloTtftMs?: number | null;
  @Field(() => Float, { nullable: true, description: 'Time-per-output-token limit, ms.' })
  sloTpotMs?: number | null;
  @Field(() => Float, { nullable: true, description: 'End-to-end latency limit, ms.' })
  sloE2eMs?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Low end of a tasks-per-month range (demand uncertainty in the Monte Carlo and tornado).',
  })
  tasksPerMonthLow?: number | null;
  @Field(() => Float, { nullable: true, description: 'High end of a tasks-per-month range.' })
  tasksPerMonthHigh?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "The pilot's own demand, tasks per month: the most value labelled pilot may count.",
  })
  pilotTasksPerMonth?: number | null;
  @Field(() => Int, { nullable: true, description: "The pilot's last month index (0-based, inclusive)." })
  pilotEndMonth?: number | null;
}

@InputType({ description: 'Shared fields (not used in the schema itself).' })
class CostItemFields {
  @Field(() => String, { nullable: true, description: 'Display name.' }) name?: string | null;
  @Field(() => CostCategory, { nullable: true, description: 'TCO category.' }) category?: CostCategory | null;
  @Field(() => FinancePhase, { nullable: true, description: 'Phase the cost belongs to.' })
  phase?: FinancePhase | null;
  @Field(() => CostRecurrence, { nullable: true, description: 'One-time, monthly or annual.' })
  recurrence?: CostRecurrence | null;
  @Field(() => EstimateInput, { nullable: true, description: 'Amount per occurrence, in currency.' })
  amount?: EstimateInput | null;
  @Field(() => String, { nullable: true, description: "ISO 4217 code; default: the initiative's." })
  currency?: string | null;
  @Field(() => Int, { nullable: true, description: 'First month index (0-based); default 0.' })
  startMonth?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Last month index (inclusive); default the end of the horizon. On update, -1 clears it.',
  })
  endMonth?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Risk uplift fraction (0.1 = costs at 110 %); default 0.',
  })
  riskUpliftFraction?: number | null;
}

@InputType({ description: 'A new cost item.' })
export class CreateCostItemInput extends CostItemFields {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => String, { description: 'Display name.' }) override name!: string;
  @Field(() => CostCategory, { description: 'TCO category.' }) override category!: CostCategory;
  @Field(() => FinancePhase, { description: 'Phase the cost belongs to.' }) override phase!: FinancePhase;
  @Field(() => CostRecurrence, { description: 'One-time, monthly or annual.' })
  override recurrence!: CostRecurrence;
  @Field(() => EstimateInput, { description: 'Amount per occurrence, in currency.' })
  override amount!: EstimateInput;
}

@InputType({ description: 'Changes to a cost item: fields left out stay as they are.' })
export class UpdateCostItemInput extends CostItemFields {
  @Field(() => ID, { description: 'The cost item to change.' }) id!: string;
}

@InputType({ description: 'Shared fields (not used in the schema itself).' })
class ValueStreamFields {
  @Field(() => String, { nullable: true, description: 'Display name.' }) name?: string | null;
  @Field(() => FinancePhase, { nullable: true, description: 'Phase the value belongs to.' })
  phase?: FinancePhase | null;
  @Field(() => [NamedEstimateInput], {
    nullable: true,
    description: 'The kind-specific inputs (docs/finance.md); on update, replaces the named ones given.',
  })
  params?: NamedEstimateInput[] | null;
  @Field(() => EstimateInput, {
    nullable: true,
    description: 'Risk haircut fraction (0.2 = 20 %); default 0.',
  })
  haircut?: EstimateInput | null;
  @Field(() => AdoptionCurveInput, {
    nullable: true,
    description: 'Adoption S-curve; default fully adopted.',
  })
  adoption?: AdoptionCurveInput | null;
  @Field(() => ID, { nullable: true, description: 'Productivity: take time saved from this study.' })
  timeStudyId?: string | null;
  @Field(() => String, { nullable: true, description: "ISO 4217 code; default: the initiative's." })
  currency?: string | null;
  @Field(() => Int, { nullable: true, description: 'First month index (0-based); default 0.' })
  startMonth?: number | null;
  @Field(() => Int, { nullable: true, description: 'Last month index (inclusive); default the end.' })
  endMonth?: number | null;
}

@InputType({ description: 'A new value stream.' })
export class CreateValueStreamInput extends ValueStreamFields {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => String, { description: 'Display name.' }) override name!: string;
  @Field(() => ValueStreamKind, { description: 'Which TVO formula applies.' }) kind!: ValueStreamKind;
  @Field(() => FinancePhase, { description: 'Phase the value belongs to.' }) override phase!: FinancePhase;
  @Field(() => [NamedEstimateInput], { description: 'The kind-specific inputs (docs/finance.md).' })
  override params!: NamedEstimateInput[];
}

@InputType({ description: 'Changes to a value stream: fields left out stay as they are.' })
export class UpdateValueStreamInput extends ValueStreamFields {
  @Field(() => ID, { description: 'The value stream to change.' }) id!: string;
}

@InputType({ description: 'Shared fields (not used in the schema itself).' })
class DeploymentOptionFields {
  @Field(() => String, { nullable: true, description: 'Display name.' }) name?: string | null;
  @Field(() => ID, { nullable: true, description: 'SELF_HOSTED: the catalogue hardware profile.' })
  hardwareProfileId?: string | null;
  @Field(() => String, { nullable: true, description: 'SELF_HOSTED: model of the stored runs.' })
  model?: string | null;
  @Field(() => String, { nullable: true, description: 'SELF_HOSTED: quantization of the stored runs.' })
  quantization?: string | null;
  @Field(() => String, { nullable: true, description: 'SELF_HOSTED: scenario of the stored runs.' })
  scenario?: string | null;
  @Field(() => RentalPricing, { nullable: true, description: 'Which hourly price of a CLOUD price is used.' })
  pricing?: RentalPricing | null;
  @Field(() => Float, { nullable: true, description: 'CLOUD_GPU: price per device-hour.' })
  pricePerHour?: number | null;
  @Field(() => Float, { nullable: true, description: 'CLOUD_GPU: output tokens/s per device at the SLO.' })
  tokensPerSecondAtSlo?: number | null;
  @Field(() => Float, { nullable: true, description: 'Measured latency at the SLO percentile, ms.' })
  latencyAtSloMs?: number | null;
  @Field(() => Float, { nullable: true, description: 'API: $ per million input tokens.' })
  inputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true, description: 'API: $ per million output tokens.' })
  outputCostPerMtok?: number | null;
  @Field(() => Float, { nullable: true, description: 'Setup cost, once.' }) oneTimeCost?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Spare capacity over the peak (0.2 = 20 %); default 0.2.',
  })
  headroomFraction?: number | null;
  @Field(() => FinancePhase, {
    nullable: true,
    description: 'Phase of the serving cost it produces; default PRODUCTION.',
  })
  phase?: FinancePhase | null;
  @Field(() => Int, {
    nullable: true,
    description: 'First month index it serves (setup cost then); default 0.',
  })
  startMonth?: number | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'SELF_HOSTED: the run to size at (it must meet the SLO); default the best single run meeting the SLO.',
  })
  runId?: string | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Throughput uncertainty: ± this fraction of tokens/s at the SLO (0.1 = ±10 %); default none.',
  })
  throughputUncertaintyFraction?: number | null;
}

@InputType({ description: 'A new deployment option.' })
export class CreateDeploymentOptionInput extends DeploymentOptionFields {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => String, { description: 'Display name.' }) override name!: string;
  @Field(() => DeploymentKind, { description: 'SELF_HOSTED, CLOUD_GPU or API.' }) kind!: DeploymentKind;
}

@InputType({ description: 'Changes to a deployment option: fields left out stay as they are.' })
export class UpdateDeploymentOptionInput extends DeploymentOptionFields {
  @Field(() => ID, { description: 'The option to change.' }) id!: string;
}

@InputType({ description: 'Shared fields (not used in the schema itself).' })
class TimeStudyFields {
  @Field(() => String, { nullable: true, description: 'Display name.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'The task that was timed.' }) task?: string | null;
}

@InputType({ description: 'A new time study.' })
export class CreateTimeStudyInput extends TimeStudyFields {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => String, { description: 'Display name.' }) override name!: string;
  @Field(() => String, { description: 'The task that was timed.' }) override task!: string;
}

@InputType({ description: 'Changes to a time study: fields left out stay as they are.' })
export class UpdateTimeStudyInput extends TimeStudyFields {
  @Field(() => ID, { description: 'The study to change.' }) id!: string;
}

@InputType({ description: 'One stopwatch timing.' })
export class TimeObservationInput {
  @Field(() => ObservationArm, { description: 'BEFORE (without the tool) or AFTER (with it).' })
  arm!: ObservationArm;
  @Field(() => Float, { description: 'Minutes the task took (> 0).' }) minutes!: number;
  @Field(() => String, { nullable: true, description: 'Who timed it.' }) observer?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was timed.' }) observedAt?: Date | null;
}

@InputType({ description: 'Timings to add to a study.' })
export class AddTimeObservationsInput {
  @Field(() => ID, { description: 'The study.' }) studyId!: string;
  @Field(() => [TimeObservationInput], { description: 'The timings.' })
  observations!: TimeObservationInput[];
}

@InputType({ description: 'Replaces one model input (a key from tornado bars or rangedInputs).' })
export class InputOverride {
  @Field(() => String, { description: 'e.g. costItems[<id>].amount or valueStreams[<id>].tasksPerMonth.' })
  key!: string;
  @Field(() => EstimateInput, { description: 'The value to use instead.' }) value!: EstimateInput;
}

@InputType({ description: 'What-if overrides: nothing is stored.' })
export class WhatIfOverrides {
  @Field(() => Float, { nullable: true, description: 'Fraction per year (0.12 = 12 %).' })
  discountRatePerYear?: number | null;
  @Field(() => Int, { nullable: true, description: 'Months in the horizon.' }) horizonMonths?: number | null;
  @Field(() => Float, { nullable: true, description: "Replaces the demand's tasks per month." })
  tasksPerMonth?: number | null;
  @Field(() => Float, { nullable: true, description: "Replaces the demand's growth per month (fraction)." })
  growthPerMonth?: number | null;
  @Field(() => [InputOverride], { nullable: true, description: 'Single engine inputs, by key.' })
  inputs?: InputOverride[] | null;
}

@InputType({ description: 'Which deployment option serves the initiative.' })
export class SelectDeploymentOptionInput {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "One of its deployment options; null: none chosen, the recommendation's rank 1 serves.",
  })
  optionId?: string | null;
}

@InputType({ description: 'A production cost line that does not apply to this initiative, and why.' })
export class SetNotApplicableInput {
  @Field(() => ID, { description: 'The initiative.' }) initiativeId!: string;
  @Field(() => ProductionCostLine, { description: 'The line.' }) line!: ProductionCostLine;
  @Field(() => String, {
    nullable: true,
    description: 'Why no production cost is due (audited); null or blank: it applies again.',
  })
  reason?: string | null;
}
