import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { HardwareInput } from '../hardware/hardware.types';
import { RunStatus, TokenCountSource } from './run.types';

/** Most samples one appendSamples call may carry. */
export const MAX_SAMPLES_PER_BATCH = 5000;

const ms = { message: 'must be >= 0 (milliseconds)' };
const count = { message: 'must be >= 0' };

@InputType()
export class StartRunInput {
  @Field(() => String, { description: 'Client-chosen id (UUID) so a retried startRun is idempotent.' })
  @Length(1, 100, { message: 'must be 1-100 characters' })
  clientRunId!: string;

  @Field(() => String)
  @Length(1, 100, { message: 'must be 1-100 characters' })
  scenario!: string;

  @Field(() => String)
  @Length(1, 2000, { message: 'must be 1-2000 characters' })
  targetUrl!: string;

  @Field(() => String)
  @Length(1, 100, { message: 'must be 1-100 characters' })
  targetEngine!: string;

  @Field(() => String)
  @Length(1, 200, { message: 'must be 1-200 characters' })
  model!: string;

  @Field(() => String)
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'must be 1-32 chars [a-z0-9_-]' })
  quantization!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50, { message: 'must be 1-50 characters' })
  engineBackend?: string | null;

  @Field(() => JSONResolver)
  config!: unknown;

  @Field(() => HardwareInput)
  @ValidateNested()
  hardware!: HardwareInput;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  startedAt?: Date | null;
}

@InputType()
export class SampleInput {
  @Field(() => Int, { description: 'Request index within the run, unique per run.' })
  @IsInt()
  @Min(0, count)
  seq!: number;

  @Field(() => Boolean)
  warmup!: boolean;

  @Field(() => Float, { description: 'ms since run start (monotonic clock).' })
  @Min(0, ms)
  scheduledAtMs!: number;

  @Field(() => Float, { description: 'ms since run start.' })
  @Min(0, ms)
  sentAtMs!: number;

  @Field(() => Float)
  sendLagMs!: number;

  @Field(() => Float)
  @Min(0, ms)
  queueMs!: number;

  @Field(() => Float, { nullable: true, description: 'Null when no content token arrived.' })
  @IsOptional()
  @Min(0, ms)
  ttftMs?: number | null;

  @Field(() => Float, { nullable: true, description: 'Null when the request failed before any response.' })
  @IsOptional()
  @Min(0, ms)
  e2eMs?: number | null;

  @Field(() => Float, { nullable: true, description: 'Null when outputTokens < 2.' })
  @IsOptional()
  @Min(0, ms)
  tpotMs?: number | null;

  @Field(() => [Float], { description: 'Chunk inter-token gaps.' })
  @ArrayMaxSize(100_000, { message: 'must hold at most 100000 gaps' })
  @Min(0, { each: true, message: 'every gap must be >= 0 (milliseconds)' })
  itlMs!: number[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, count)
  inputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'The count used (server usage if present).' })
  @IsOptional()
  @Min(0, count)
  outputTokens?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, count)
  outputTokensServer?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0, count)
  outputTokensClient?: number | null;

  @Field(() => TokenCountSource, { nullable: true })
  tokenSource?: TokenCountSource | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Null on success; "connect" | "http_status" | "timeout" | "stream_broken" | "malformed_event" | "cancelled".',
  })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,50}$/, { message: 'must be 1-50 chars [a-z0-9_]' })
  errorKind?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 4000, { message: 'must be at most 4000 characters' })
  errorMessage?: string | null;
}

@InputType()
export class AppendSamplesInput {
  @Field(() => ID)
  runId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, count)
  @Max(2_000_000_000, { message: 'must be <= 2000000000' })
  batchSeq!: number;

  @Field(() => [SampleInput])
  @ArrayMaxSize(MAX_SAMPLES_PER_BATCH, {
    message: `must hold at most ${MAX_SAMPLES_PER_BATCH} samples; split them over several appendSamples calls`,
  })
  @ValidateNested({ each: true })
  samples!: SampleInput[];
}

@ObjectType()
export class AppendSamplesPayload {
  @Field(() => ID)
  runId!: string;
  @Field(() => Int)
  batchSeq!: number;
  @Field(() => Int)
  accepted!: number;
  @Field(() => Boolean)
  duplicate!: boolean;
}

@InputType()
export class FinishRunInput {
  @Field(() => ID)
  runId!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => JSONResolver, { nullable: true })
  summary?: unknown;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  finishedAt?: Date | null;
}
