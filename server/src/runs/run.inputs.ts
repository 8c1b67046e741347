import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { HardwareInput } from '../hardware/hardware.types';
import { RunStatus } from './run.types';
import { defineSampleInputFields, type SampleRow } from './sample-input.fields';

/** Most samples one appendSamples call may carry. */
export const MAX_SAMPLES_PER_BATCH = 5000;

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

  @Field(() => JSONResolver, {
    description:
      "The run's configuration as the agent writes it: a measured run's scenario, load, stop and target, or an imported run's `import` notes (docs/metrics.md; checked against schema/src/run-config.ts, unknown shapes refused).",
  })
  config!: unknown;

  @Field(() => HardwareInput)
  @ValidateNested()
  hardware!: HardwareInput;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  startedAt?: Date | null;
}

/**
 * One request's measurements: the GraphQL face of the schema's SAMPLE_COLUMNS. Every field, its type,
 * nullability, description and check are generated from that one definition (./sample-input.fields.ts),
 * so this input, the bulk JSON and CSV bodies and the samples table cannot drift apart.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the fields are declared by defineSampleInputFields
export interface SampleInput extends SampleRow {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class SampleInput {}
defineSampleInputFields(SampleInput);
InputType({
  description: 'One request of a run, as the agent measured it (ms since run start, monotonic clock).',
})(SampleInput);

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

  @Field(() => JSONResolver, {
    nullable: true,
    description:
      "The agent's figures for the run: a measured run's summary, an imported run's `reported` figures, or a `note` on why it has none (checked against schema/src/run-summary.ts, unknown shapes refused).",
  })
  summary?: unknown;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  finishedAt?: Date | null;
}
