import { IsOptional, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CloudRate, HardwareProfile, HourlyCost } from '../catalogue/catalogue.types';
import { LeaderboardAtSlo } from './leaderboard-at-slo';
import type { PooledLatency } from './pooled-latency.repository';

/** The latency percentile an SLO is stated at. */
export enum SloPercentile {
  P50 = 'P50',
  P90 = 'P90',
  P95 = 'P95',
  P99 = 'P99',
}
registerEnumType(SloPercentile, { name: 'SloPercentile' });

/** SloPercentile -> quantile for quantile_cont. */
export const SLO_QUANTILE: Record<SloPercentile, number> = {
  [SloPercentile.P50]: 0.5,
  [SloPercentile.P90]: 0.9,
  [SloPercentile.P95]: 0.95,
  [SloPercentile.P99]: 0.99,
};

/** How leaderboard entries are ordered (best first; nulls last). */
export enum LeaderboardOrder {
  /** Pooled over the runs that meet the SLO: Σ output tokens ÷ Σ busy seconds over runIds. */
  POOLED_THROUGHPUT = 'POOLED_THROUGHPUT',
  /** The best operating point (the one qualifying run with the highest throughput): atSlo.outputTokensPerS. */
  BEST_RUN_THROUGHPUT = 'BEST_RUN_THROUGHPUT',
  COST_PER_MTOK_ALLOCATION = 'COST_PER_MTOK_ALLOCATION',
  COST_PER_MTOK_USAGE = 'COST_PER_MTOK_USAGE',
  JOULES_PER_TOKEN = 'JOULES_PER_TOKEN',
}
registerEnumType(LeaderboardOrder, {
  name: 'LeaderboardOrder',
  valuesConfig: {
    POOLED_THROUGHPUT: {
      description:
        'throughputAtSloTokensPerS: pooled over runIds (every run meeting the SLO), highest first. Was THROUGHPUT.',
    },
    BEST_RUN_THROUGHPUT: {
      description:
        'atSlo.outputTokensPerS: the best single run meeting the SLO, highest first. Was THROUGHPUT_AT_SLO.',
    },
  },
});

const positive = { message: 'must be >= 0 (milliseconds)' };

@InputType({
  description:
    'A run meets the SLO when each given latency at `percentile` (per run, successful samples) is <= its ' +
    'limit and its error rate is <= maxErrorRate. E.g. MLPerf llama3.1-8b server: P99, ttftMs 2000, tpotMs 100.',
})
export class SloInput {
  @Field(() => SloPercentile, { defaultValue: SloPercentile.P99 })
  percentile!: SloPercentile;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, positive)
  ttftMs?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, positive)
  tpotMs?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0, positive)
  e2eMs?: number | null;

  @Field(() => Float, { nullable: true, description: 'errors / requests, 0..1.' })
  @IsOptional()
  @Min(0, { message: 'must be 0..1' })
  @Max(1, { message: 'must be 0..1 (0.01 means 1%)' })
  maxErrorRate?: number | null;
}

@ObjectType({ description: 'The SLO a leaderboard was computed with.' })
export class Slo {
  @Field(() => SloPercentile)
  percentile!: SloPercentile;
  @Field(() => Float, { nullable: true })
  ttftMs!: number | null;
  @Field(() => Float, { nullable: true })
  tpotMs!: number | null;
  @Field(() => Float, { nullable: true })
  e2eMs!: number | null;
  @Field(() => Float, { nullable: true })
  maxErrorRate!: number | null;
}

@ObjectType()
export class ExcludedRun {
  @Field(() => ID)
  runId!: string;
  @Field(() => String, { description: 'e.g. "ttft p99 2450 ms > 2000 ms".' })
  reason!: string;
}

@ObjectType({
  description:
    'One hardware profile × model × quantization. Every ratio is a ratio of sums pooled over `runIds` (the ' +
    'runs meeting the SLO), except `atSlo`, the best single run; costs use `hourlyCost` (its priceId and ' +
    'rateIds name the assumptions).',
})
export class LeaderboardEntry {
  @Field(() => HardwareProfile)
  hardwareProfile!: HardwareProfile;
  @Field(() => String)
  model!: string;
  @Field(() => String)
  quantization!: string;
  @Field(() => [ID], { description: 'Runs meeting the SLO: the source of every number here.' })
  runIds!: string[];
  @Field(() => [ExcludedRun], { description: 'Runs of this group that miss the SLO, and why.' })
  excludedRuns!: ExcludedRun[];
  @Field(() => Float, { description: 'Σ over runIds.' })
  inputTokens!: number;
  @Field(() => Float, { description: 'Σ over runIds.' })
  outputTokens!: number;
  @Field(() => Float, { description: 'Σ (last response end − first send) over runIds, seconds.' })
  busySeconds!: number;
  @Field(() => Float, {
    description: 'Σ (finished − started) over runIds, seconds, at least the busy time of each run.',
  })
  allocatedSeconds!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Pooled over runIds: Σ output tokens ÷ Σ busy seconds, so a sweep mixes its operating points; the ' +
      'highest load meeting the SLO is atSlo.outputTokensPerS. Null when no run meets the SLO.',
  })
  throughputAtSloTokensPerS!: number | null;
  @Field(() => LeaderboardAtSlo, {
    nullable: true,
    description:
      'The best operating point: the run meeting the SLO with the highest output tokens/s, with its own ' +
      'throughput, cost per Mtok and J/token. Null when no run meets the SLO.',
  })
  atSlo!: LeaderboardAtSlo | null;
  @Field(() => HourlyCost, {
    nullable: true,
    description: 'Null when the profile has no price effective at asOf.',
  })
  hourlyCost!: HourlyCost | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over runIds: hourly cost × allocatedSeconds / 3600.',
  })
  costAllocation!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over runIds: hourly cost × busySeconds / 3600.',
  })
  costUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over runIds: costAllocation × 1e6 ÷ outputTokens.',
  })
  costPerMtokAllocation!: number | null;
  @Field(() => Float, { nullable: true, description: 'Pooled over runIds: costUsage × 1e6 ÷ outputTokens.' })
  costPerMtokUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over runIds: costAllocation × 1e6 ÷ (input + output tokens).',
  })
  costPerMtokTotalAllocation!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled over runIds: costUsage × 1e6 ÷ (input + output tokens).',
  })
  costPerMtokTotalUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Pooled over energyRunIds: Σ summary.energyJoules ÷ Σ output tokens; null when no run reported energy.',
  })
  joulesPerOutputToken!: number | null;
  @Field(() => [ID], { description: 'Qualifying runs whose summary reported energyJoules.' })
  energyRunIds!: string[];

  /** Not a field: the pooled latency of `runIds`, loaded for all entries at once on first use. */
  pooledLatency!: () => Promise<PooledLatency>;

  /**
   * Not a field: one qualifying run (one of `runIds`) as an operating point, figures as in `atSlo`;
   * null when the run is not among them (it misses the SLO, or is another entry's). Finance sizes a
   * deployment option at an explicitly chosen run with it.
   */
  atRun!: (runId: string) => LeaderboardAtSlo | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median TTFT, ms: quantile_cont(0.5) over every successful non-warm-up sample of `runIds` pooled ' +
      'together (not an average of per-run medians); null without successful samples.',
  })
  get ttftP50Ms(): Promise<number | null> {
    return this.pooledLatency().then((p) => p.ttftP50Ms);
  }

  @Field(() => Float, {
    nullable: true,
    description:
      '95th-percentile TTFT, ms: quantile_cont(0.95) over every successful non-warm-up sample of `runIds` ' +
      'pooled together (not an average of per-run p95s); null without successful samples.',
  })
  get ttftP95Ms(): Promise<number | null> {
    return this.pooledLatency().then((p) => p.ttftP95Ms);
  }

  @Field(() => Float, {
    nullable: true,
    description:
      'Median time per output token, ms: quantile_cont(0.5) over every successful non-warm-up sample of ' +
      '`runIds` pooled together (not an average of per-run medians); 1000 ÷ it is tokens/s per user.',
  })
  get tpotP50Ms(): Promise<number | null> {
    return this.pooledLatency().then((p) => p.tpotP50Ms);
  }
}

@ObjectType({
  description: 'Hardware × model × quantization ranked for one scenario under an SLO, as of a date.',
})
export class Leaderboard {
  @Field(() => String)
  scenario!: string;
  @Field(() => Date, { description: 'Runs started later, and prices/rates effective later, are ignored.' })
  asOf!: Date;
  @Field(() => String)
  currency!: string;
  @Field(() => CloudRate)
  cloudRate!: CloudRate;
  @Field(() => Slo)
  slo!: Slo;
  @Field(() => [LeaderboardEntry])
  entries!: LeaderboardEntry[];
  @Field(() => [ID], {
    description: 'COMPLETED runs of the scenario with no catalogue profile (not ranked).',
  })
  unprofiledRunIds!: string[];
  @Field(() => [ID], { description: 'Every hardware_prices row used.' })
  priceIds!: string[];
  @Field(() => [ID], { description: 'Every currency_rates row used.' })
  rateIds!: string[];
}
