import { IsOptional, Length } from 'class-validator';
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
}
