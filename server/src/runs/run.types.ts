import { IsOptional, Length, Min } from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HardwareInventory } from '../hardware/hardware.types';
import { RunStats } from './stats.types';

/** Life cycle of a run. */
export enum RunStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  ABORTED = 'ABORTED',
}
registerEnumType(RunStatus, { name: 'RunStatus' });

/** Where a sample's outputTokens came from. */
export enum TokenCountSource {
  SERVER = 'SERVER',
  CLIENT = 'CLIENT',
}
registerEnumType(TokenCountSource, {
  name: 'TokenCountSource',
  description: "Which token count a sample's outputTokens came from.",
});

@ObjectType({ description: 'One benchmark run: a scenario replayed against one target at one quantization.' })
export class Run {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  agentId!: string;
  @Field(() => String, { description: 'Scenario name, e.g. "smoke".' })
  scenario!: string;
  @Field(() => String)
  targetUrl!: string;
  @Field(() => String, { description: '"yardstick-embedded", "vllm", "unknown", ...' })
  targetEngine!: string;
  @Field(() => String)
  model!: string;
  @Field(() => String, { description: '"fp32", "int8", ...' })
  quantization!: string;
  @Field(() => String, {
    nullable: true,
    description: 'tfjs backend for the embedded engine ("wasm", "cpu", ...), null for remote targets.',
  })
  engineBackend!: string | null;
  @Field(() => RunStatus)
  status!: RunStatus;
  @Field(() => Date)
  startedAt!: Date;
  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
  @Field(() => JSONResolver, { description: 'Load model, seed, scenario body, engine details.' })
  config!: unknown;
  @Field(() => JSONResolver, { nullable: true, description: "The agent's own summary at finish." })
  summary!: unknown;
  // Resolved by RunResolver's field resolvers.
  hardware?: HardwareInventory | null;
  sampleCount?: number;
  stats?: RunStats;
}

@ObjectType()
export class RunEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => Run)
  node!: Run;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class RunConnection {
  @Field(() => [RunEdge])
  edges!: RunEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int)
  totalCount!: number;
}

@InputType()
export class RunFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of cpu model / accelerator model / hostname.',
  })
  @IsOptional()
  @Length(0, 200, { message: 'must be at most 200 characters' })
  hardware?: string | null;
  @Field(() => String, { nullable: true })
  model?: string | null;
  @Field(() => String, { nullable: true })
  quantization?: string | null;
  @Field(() => String, { nullable: true })
  scenario?: string | null;
  @Field(() => RunStatus, { nullable: true })
  status?: RunStatus | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive substring of the first accelerator\'s vendor ("nvidia"); "CPU" = no accelerator.',
  })
  @IsOptional()
  @Length(0, 100, { message: 'must be at most 100 characters' })
  hardwareVendor?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of an accelerator model ("H100"), or the CPU model without one.',
  })
  @IsOptional()
  @Length(0, 200, { message: 'must be at most 200 characters' })
  hardwareModel?: string | null;
  @Field(() => Int, { nullable: true, description: 'Number of detected accelerators (0 = CPU only).' })
  @IsOptional()
  @Min(0, { message: 'must be >= 0' })
  acceleratorCount?: number | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Runs costed on this hardware profile (linked or matched).',
  })
  hardwareProfileId?: string | null;
  @Field(() => String, { nullable: true, description: 'Exact target engine, e.g. "vllm".' })
  targetEngine?: string | null;
  @Field(() => ID, { nullable: true })
  agentId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Runs started at or after this instant.' })
  startedFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Runs started before this instant (exclusive).' })
  startedBefore?: Date | null;
}

/** Field a run listing is sorted by (the run id breaks ties in the same direction). */
export enum RunSortField {
  STARTED_AT = 'STARTED_AT',
  MODEL = 'MODEL',
  QUANTIZATION = 'QUANTIZATION',
  SCENARIO = 'SCENARIO',
  TARGET_ENGINE = 'TARGET_ENGINE',
  STATUS = 'STATUS',
}
registerEnumType(RunSortField, { name: 'RunSortField' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType({ description: 'Sort order of runs; default STARTED_AT DESC (newest first).' })
export class RunOrder {
  @Field(() => RunSortField, { defaultValue: RunSortField.STARTED_AT })
  field!: RunSortField;
  @Field(() => SortDirection, { defaultValue: SortDirection.DESC })
  direction!: SortDirection;
}
