import { PERCENTILE_METHOD } from '@yardstick/schema/percentile';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Which latency a histogram or percentile set is about. */
export enum LatencyMetric {
  TTFT = 'TTFT',
  TPOT = 'TPOT',
  ITL = 'ITL',
  E2E = 'E2E',
}
registerEnumType(LatencyMetric, { name: 'LatencyMetric' });

const method = `${PERCENTILE_METHOD.name}, ${PERCENTILE_METHOD.sameAs}`;

@ObjectType({
  description: `Distribution of one latency in ms over the run's successful non-warm-up requests; percentiles by ${method} (docs/metrics.md), the same numbers the agent prints.`,
})
export class Percentiles {
  @Field(() => Int, {
    description: 'Values the distribution is taken over (ITL: every gap of every request).',
  })
  count!: number;
  @Field(() => Float, { nullable: true, description: 'Arithmetic mean, ms; null without values.' })
  mean!: number | null;
  @Field(() => Float, { nullable: true, description: 'Smallest value, ms.' })
  min!: number | null;
  @Field(() => Float, { nullable: true, description: '50th percentile (median), ms.' })
  p50!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile, ms.' })
  p90!: number | null;
  @Field(() => Float, { nullable: true, description: '95th percentile, ms.' })
  p95!: number | null;
  @Field(() => Float, { nullable: true, description: '99th percentile, ms.' })
  p99!: number | null;
  @Field(() => Float, { nullable: true, description: 'Largest value, ms.' })
  max!: number | null;
}

@ObjectType()
export class ErrorCount {
  @Field(() => String)
  kind!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'Run statistics over non-warm-up samples, computed in DuckDB. Latency percentiles use successful ' +
    'samples only (error_kind null); errors are samples with an error_kind.',
})
export class RunStats {
  @Field(() => Int, { description: 'Non-warm-up samples.' })
  requests!: number;
  @Field(() => Int)
  errors!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float, { nullable: true, description: 'Last response end - first send, seconds.' })
  durationS!: number | null;
  @Field(() => Float, { nullable: true, description: 'Successful requests / durationS.' })
  requestsPerS!: number | null;
  @Field(() => Float, { nullable: true })
  outputTokensPerS!: number | null;
  @Field(() => Float, { nullable: true })
  totalTokensPerS!: number | null;
  @Field(() => Percentiles)
  ttftMs!: Percentiles;
  @Field(() => Percentiles)
  tpotMs!: Percentiles;
  @Field(() => Percentiles, { description: 'Pooled chunk inter-token gaps.' })
  itlMs!: Percentiles;
  @Field(() => Percentiles)
  e2eMs!: Percentiles;
  @Field(() => [ErrorCount])
  errorsByKind!: ErrorCount[];
  @Field(() => String, {
    nullable: true,
    description:
      'Set for runs imported from another tool when some figures are that tool\'s own (e.g. "vLLM bench serve"): ' +
      'its file had no per-request data, no send times or only a sample of the requests. Show them as "reported by <tool>".',
  })
  reportedBy?: string | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'Which fields come from `reportedBy` instead of the samples, e.g. ["outputTokensPerS", "ttftMs"].',
  })
  reportedFields?: string[] | null;
}

@ObjectType()
export class HistogramBucket {
  @Field(() => Float)
  lowerMs!: number;
  @Field(() => Float)
  upperMs!: number;
  @Field(() => Int)
  count!: number;
}
