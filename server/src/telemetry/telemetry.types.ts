import { ArrayMaxSize, IsInt, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

/** Most readings one appendTelemetry call may carry (8 GPUs at 1 s for ~20 minutes). */
export const MAX_READINGS_PER_BATCH = 10_000;

@InputType({ description: 'One reading of one device; leave a measure out when the collector lacks it.' })
export class TelemetryReadingInput {
  @Field(() => String, { description: "'gpu:0', 'cpu-package:0', 'host' (1-64 characters)." })
  device!: string;
  @Field(() => String, { description: "'nvidia-smi', 'amd-smi', 'rocm-smi', 'rapl', 'host' (1-32)." })
  collector!: string;
  @Field(() => Date, { description: 'When the collector took the reading.' })
  at!: Date;
  @Field(() => Float, { nullable: true, description: 'Watts, >= 0.' })
  powerW?: number | null;
  @Field(() => Float, { nullable: true, description: 'Busy share, 0-100 %.' })
  utilisationPct?: number | null;
  @Field(() => Float, { nullable: true, description: 'Bytes, >= 0.' })
  memoryUsedBytes?: number | null;
  @Field(() => Float, { nullable: true, description: 'Degrees Celsius.' })
  temperatureC?: number | null;
}

@InputType()
export class AppendTelemetryInput {
  @Field(() => ID)
  runId!: string;

  @Field(() => Int, { description: 'The agent numbers its batches 0, 1, 2...; a repeated one is a retry.' })
  @IsInt()
  @Min(0, { message: 'must be >= 0' })
  @Max(2_000_000_000, { message: 'must be <= 2000000000' })
  batchSeq!: number;

  // Field checks are a plain loop in the service (telemetry-input.ts): class-validator on 10k nested
  // objects costs more than the insert.
  @Field(() => [TelemetryReadingInput])
  @ArrayMaxSize(MAX_READINGS_PER_BATCH, {
    message: `must hold at most ${MAX_READINGS_PER_BATCH} readings; split them over several appendTelemetry calls`,
  })
  readings!: TelemetryReadingInput[];
}

@ObjectType()
export class AppendTelemetryPayload {
  @Field(() => ID)
  runId!: string;
  @Field(() => Int)
  batchSeq!: number;
  @Field(() => Int, { description: 'Readings stored by this call (0 for a duplicate batch).' })
  accepted!: number;
  @Field(() => Boolean, { description: 'True when this batchSeq was stored before; nothing was written.' })
  duplicate!: boolean;
}

@ObjectType({
  description: "One device's readings taken in [startS, startS + widthS) seconds after the run's startedAt.",
})
export class TelemetryPoint {
  @Field(() => Float)
  startS!: number;
  @Field(() => Float)
  widthS!: number;
  @Field(() => Int, { description: 'Readings in the slice.' })
  readings!: number;
  @Field(() => Float, { nullable: true, description: 'Mean power, W (null: no power reading).' })
  powerAvgW!: number | null;
  @Field(() => Float, { nullable: true, description: 'Highest power reading, W.' })
  powerMaxW!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean utilisation, %.' })
  utilisationAvgPct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Highest memory in use, bytes.' })
  memoryMaxBytes!: number | null;
  @Field(() => Float, { nullable: true, description: 'Highest temperature, °C.' })
  temperatureMaxC!: number | null;
}

@ObjectType({ description: "One device's telemetry over a run, in time slices (only slices with readings)." })
export class TelemetryDeviceSeries {
  @Field(() => String, { description: "'gpu:0', 'cpu-package:0', 'host'." })
  device!: string;
  @Field(() => String)
  collector!: string;
  @Field(() => [TelemetryPoint])
  points!: TelemetryPoint[];
}
