import {
  ArrayMaxSize,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One accelerator (GPU, NPU, ...) found on a host.' })
export class Accelerator {
  @Field(() => String, { description: '"NVIDIA", "AMD", "Intel", ...' })
  vendor!: string;

  @Field(() => String)
  model!: string;

  @Field(() => Float, { nullable: true, description: 'Null when unknown.' })
  memoryBytes!: number | null;

  @Field(() => String, { nullable: true, description: 'Null when unknown.' })
  driver!: string | null;
}

@ObjectType({ description: 'What a bench-agent detected on the host a run ran on.' })
export class HardwareInventory {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  agentId!: string | null;

  @Field(() => String)
  hostname!: string;

  @Field(() => String)
  cpuModel!: string;

  @Field(() => Int, { description: 'Logical cores; 0 = unknown (an imported run whose file does not say).' })
  cpuCores!: number;

  @Field(() => Float)
  memoryBytes!: number;

  @Field(() => String, { description: 'e.g. "linux 6.1.0 (Debian GNU/Linux 12)"' })
  os!: string;

  @Field(() => [Accelerator])
  accelerators!: Accelerator[];

  @Field(() => [String], { description: 'e.g. "nvidia-smi not found: no NVIDIA GPU details"' })
  notes!: string[];

  @Field(() => JSONResolver, { description: 'Full detect output.' })
  raw!: unknown;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType()
export class AcceleratorInput {
  @Field(() => String)
  @IsString()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  vendor!: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200, { message: 'must be 1-200 characters' })
  model!: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'must be a number' })
  @Min(0, { message: 'must be >= 0' })
  memoryBytes?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 200, { message: 'must be at most 200 characters' })
  driver?: string | null;
}

@InputType()
export class HardwareInput {
  @Field(() => String)
  @Length(1, 255, { message: 'must be 1-255 characters' })
  hostname!: string;

  @Field(() => String)
  @Length(0, 255, { message: 'must be at most 255 characters' })
  cpuModel!: string;

  @Field(() => Int, { description: 'Logical cores; 0 when unknown (imported results that do not state it).' })
  @IsInt()
  @Min(0, { message: 'must be >= 0 (0 = unknown)' })
  @Max(100_000, { message: 'must be <= 100000' })
  cpuCores!: number;

  @Field(() => Float)
  @Min(0, { message: 'must be >= 0' })
  memoryBytes!: number;

  @Field(() => String)
  @Length(0, 500, { message: 'must be at most 500 characters' })
  os!: string;

  @Field(() => [AcceleratorInput])
  @ArrayMaxSize(64, { message: 'must list at most 64 accelerators' })
  @ValidateNested({ each: true })
  accelerators!: AcceleratorInput[];

  @Field(() => [String])
  @ArrayMaxSize(200, { message: 'must hold at most 200 notes' })
  notes!: string[];

  @Field(() => JSONResolver)
  raw!: unknown;
}
