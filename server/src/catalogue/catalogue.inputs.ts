import { IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { CURRENCY_CODE, CURRENCY_MESSAGE } from '../currency/currency.types';
import { PricingKind } from './catalogue.types';

const nonNegative = { message: 'must be >= 0' };
const name = { message: 'must be 1-200 characters' };

@InputType()
export class CreateHardwareProfileInput {
  @Field(() => String)
  @Length(1, 200, name)
  name!: string;

  @Field(() => String, { description: '"NVIDIA", "AMD", ... or "CPU" for CPU-only hosts.' })
  @Length(1, 100, { message: 'must be 1-100 characters' })
  vendor!: string;

  @Field(() => String, { description: 'e.g. "H100" (substring of the detected model, case-insensitive).' })
  @Length(1, 200, name)
  acceleratorModel!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, nonNegative)
  @Max(4096, { message: 'must be <= 4096' })
  acceleratorCount!: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  acceleratorMemoryBytes?: number | null;

  @Field(() => Float, { nullable: true, description: 'Per accelerator, watts.' })
  @IsOptional()
  @Min(0, nonNegative)
  tdpWatts?: number | null;

  @Field(() => Float, { nullable: true, description: 'Whole unit under load, watts.' })
  @IsOptional()
  @Min(0, nonNegative)
  measuredWatts?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000, { message: 'must be at most 2000 characters' })
  notes?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateHardwareProfileInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200, name)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  vendor?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200, name)
  acceleratorModel?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, nonNegative)
  @Max(4096, { message: 'must be <= 4096' })
  acceleratorCount?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  acceleratorMemoryBytes?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  tdpWatts?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  measuredWatts?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000, { message: 'must be at most 2000 characters' })
  notes?: string | null;
}

@InputType({
  description:
    'A new price version. CLOUD needs onDemandPerHour and/or reservedPerHour; OWNED needs capex and ' +
    'amortisationYears (residualValue, discountRatePerYear, maintenancePerYear, hostingPerHour default ' +
    'to 0, pue to 1, electricityPerKwh to 0).',
})
export class SetHardwarePriceInput {
  @Field(() => ID)
  profileId!: string;

  @Field(() => PricingKind)
  pricing!: PricingKind;

  @Field(() => String)
  @Matches(CURRENCY_CODE, CURRENCY_MESSAGE)
  currency!: string;

  @Field(() => Date, { nullable: true, description: 'Defaults to now.' })
  @IsOptional()
  effectiveFrom?: Date | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  onDemandPerHour?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  reservedPerHour?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  capex?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  residualValue?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0.01, { message: 'must be > 0 (years)' })
  @Max(100, { message: 'must be <= 100 (years)' })
  amortisationYears?: number | null;

  @Field(() => Float, { nullable: true, description: 'e.g. 0.08 for 8% per year.' })
  @IsOptional()
  @Min(0, nonNegative)
  @Max(1, { message: 'must be <= 1 (a fraction per year: 0.08 means 8%)' })
  discountRatePerYear?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  maintenancePerYear?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  hostingPerHour?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(1, { message: 'must be >= 1 (1.0 = no cooling overhead)' })
  @Max(5, { message: 'must be <= 5' })
  pue?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, nonNegative)
  electricityPerKwh?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000, { message: 'must be at most 2000 characters' })
  source?: string | null;
}
