import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Run } from './run.types';

@ObjectType({ description: 'One requested quantile of a latency (quantile_cont, linear interpolation).' })
export class QuantileValue {
  @Field(() => Float, { description: 'e.g. 0.999' })
  quantile!: number;
  @Field(() => Float, { nullable: true, description: 'Milliseconds; null without successful samples.' })
  valueMs!: number | null;
}

@ObjectType({
  description:
    "One time slice of a run: requests that ENDED in [startS, startS + widthS) seconds after the run's " +
    'first non-warm-up send (failed requests without an end count at their send time).',
})
export class RunSeriesPoint {
  @Field(() => Float)
  startS!: number;
  @Field(() => Float)
  widthS!: number;
  @Field(() => Int)
  requests!: number;
  @Field(() => Int)
  errors!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float, { description: 'outputTokens / widthS.' })
  outputTokensPerS!: number;
  @Field(() => Float, { nullable: true })
  ttftP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  ttftP95Ms!: number | null;
  @Field(() => Float, { nullable: true })
  e2eP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  e2eP95Ms!: number | null;
}

@ObjectType({
  description: 'One measure across the compared runs, with differences from the first (baseline).',
})
export class ComparedMetric {
  @Field(() => String, {
    description:
      'A metric key of docs/metrics.md (schema/src/metrics.ts), with a percentile where it has one: e.g. "ttftMs.p99", "outputTokensPerS".',
  })
  metric!: string;
  @Field(() => String, { description: 'e.g. "ms", "tokens/s", "ratio".' })
  unit!: string;
  @Field(() => Boolean, { description: 'True for throughput; false for latency and error rate.' })
  higherIsBetter!: boolean;
  @Field(() => [Float], { nullable: 'items', description: 'One per run, in the order of `ids`.' })
  values!: (number | null)[];
  @Field(() => [Float], { nullable: 'items', description: 'value − baseline value (0 for the baseline).' })
  deltas!: (number | null)[];
  @Field(() => [Float], {
    nullable: 'items',
    description: '(value − baseline) / baseline × 100; null when the baseline is 0 or missing.',
  })
  deltaPercents!: (number | null)[];
}

@ObjectType({ description: 'Runs side by side; the first id is the baseline every delta is measured from.' })
export class RunComparison {
  @Field(() => ID)
  baselineRunId!: string;
  @Field(() => [ID])
  runIds!: string[];
  @Field(() => [Run])
  runs!: Run[];
  @Field(() => [ComparedMetric])
  metrics!: ComparedMetric[];
}

/** Width of a trend bucket (calendar units, UTC). */
export enum TimeBucket {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(TimeBucket, {
  name: 'TimeBucket',
  description: 'Calendar bucket (UTC; weeks start on Monday).',
});

@ObjectType({
  description:
    'Runs started in one calendar bucket. Throughput is a ratio of sums (Σ output tokens ÷ Σ busy seconds); ' +
    'latency percentiles pool every successful non-warm-up sample of those runs.',
})
export class TrendPoint {
  @Field(() => Date)
  bucketStart!: Date;
  @Field(() => Int)
  runCount!: number;
  @Field(() => [ID], { description: 'The runs behind every number of this point.' })
  runIds!: string[];
  @Field(() => Int)
  requests!: number;
  @Field(() => Int)
  errors!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float, { description: 'Σ over runs of (last response end − first send), seconds.' })
  busySeconds!: number;
  @Field(() => Float, { nullable: true })
  outputTokensPerS!: number | null;
  @Field(() => Float, { nullable: true })
  ttftP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  ttftP95Ms!: number | null;
  @Field(() => Float, { nullable: true })
  tpotP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  e2eP95Ms!: number | null;
}
