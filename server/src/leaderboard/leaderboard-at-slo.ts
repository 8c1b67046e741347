import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { costForSeconds, costPerMillionTokens } from '../finance/hourly-cost';
import { runThroughput, type LeaderboardRunRow } from './leaderboard-aggregate';
import type { RunLoad } from './run-load.repository';

@ObjectType({
  description:
    'The best operating point of a leaderboard entry: the ONE run meeting the SLO with the highest output ' +
    'tokens/s (ties: more requests, then the newer run) — the highest load that still meets the SLO, as ' +
    '"max goodput under SLO" in vLLM/GuideLLM/MLPerf. Every figure here is that run alone (ratios of its ' +
    "own sums), costed with the entry's hourlyCost, in the leaderboard's currency; the entry's other " +
    'figures are pooled over all its runIds.',
})
export class LeaderboardAtSlo {
  @Field(() => ID, { description: "The run this operating point is (one of the entry's runIds)." })
  runId!: string;
  @Field(() => Date)
  startedAt!: Date;
  @Field(() => Int, { description: 'Non-warm-up requests of this run, errors included.' })
  requests!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float, { description: 'Last response end − first send of this run, seconds.' })
  busySeconds!: number;
  @Field(() => Float, { description: 'finished − started of this run, seconds, at least busySeconds.' })
  allocatedSeconds!: number;
  @Field(() => Float, { description: 'This run only: output tokens ÷ busy seconds.' })
  outputTokensPerS!: number;
  @Field(() => Float, { description: 'This run only: requests ÷ busy seconds (achieved, not offered).' })
  requestsPerS!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'This run only: hourly cost × allocatedSeconds / 3600.',
  })
  costAllocation!: number | null;
  @Field(() => Float, { nullable: true, description: 'This run only: hourly cost × busySeconds / 3600.' })
  costUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'This run only, per million output tokens, allocation basis: costAllocation × 1e6 ÷ outputTokens.',
  })
  costPerMtokAllocation!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'This run only, per million output tokens, usage basis: costUsage × 1e6 ÷ outputTokens.',
  })
  costPerMtokUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'This run only, allocation basis: costAllocation × 1e6 ÷ (input + output tokens).',
  })
  costPerMtokTotalAllocation!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'This run only, usage basis: costUsage × 1e6 ÷ (input + output tokens).',
  })
  costPerMtokTotalUsage!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'This run only: summary.energyJoules ÷ output tokens; null when the run reported no energy.',
  })
  joulesPerOutputToken!: number | null;

  /** Not a field: this run's config.load, read for every entry's best run at once on first use. */
  runLoad!: () => Promise<RunLoad>;

  @Field(() => String, {
    nullable: true,
    description: 'The run\'s load model (config.load.type), e.g. "concurrency" or "poisson".',
  })
  get loadType(): Promise<string | null> {
    return this.runLoad().then((l) => l.loadType);
  }

  @Field(() => Float, {
    nullable: true,
    description:
      "Requests kept in flight by the run's closed loop (config.load.concurrency); null for other load models.",
  })
  get concurrency(): Promise<number | null> {
    return this.runLoad().then((l) => l.concurrency);
  }

  @Field(() => Float, {
    nullable: true,
    description:
      "Requests/s the run's open-loop load offered (config.load.ratePerS: constant, poisson, gamma, capped_rate); null for closed loops, ramps and traces, whose rate varies.",
  })
  get ratePerS(): Promise<number | null> {
    return this.runLoad().then((l) => l.ratePerS);
  }
}

/**
 * The figures of one qualifying run at `costPerHour` (null: no price); `runLoad` reads its
 * config.load when asked. Ratios of this run's sums.
 *
 * Worked example: 2,000 output tokens in busy 2 s, held 10 s, at 36 per hour → 1,000 tokens/s;
 * usage cost 36 × 2 / 3600 = 0.02 → 0.02 × 1e6 / 2,000 = 10 per Mtok; allocation 0.1 → 50 per Mtok.
 */
export function atSloOf(
  row: LeaderboardRunRow,
  costPerHour: number | null,
  runLoad: () => Promise<RunLoad>,
): LeaderboardAtSlo {
  const busySeconds = row.busyS ?? 0;
  const allocatedSeconds = Math.max(row.allocatedS ?? busySeconds, busySeconds);
  const costAllocation = costPerHour === null ? null : costForSeconds(costPerHour, allocatedSeconds);
  const costUsage = costPerHour === null ? null : costForSeconds(costPerHour, busySeconds);
  const perM = (cost: number | null, tokens: number) =>
    cost === null ? null : costPerMillionTokens(cost, tokens);
  const totalTokens = row.inputTokens + row.outputTokens;
  // An instance, so the load getters of LeaderboardAtSlo are there to resolve.
  return Object.assign(new LeaderboardAtSlo(), {
    runId: row.runId,
    startedAt: new Date(row.startedAtMs),
    requests: row.requests,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    busySeconds,
    allocatedSeconds,
    outputTokensPerS: runThroughput(row),
    requestsPerS: busySeconds > 0 ? row.requests / busySeconds : 0,
    costAllocation,
    costUsage,
    costPerMtokAllocation: perM(costAllocation, row.outputTokens),
    costPerMtokUsage: perM(costUsage, row.outputTokens),
    costPerMtokTotalAllocation: perM(costAllocation, totalTokens),
    costPerMtokTotalUsage: perM(costUsage, totalTokens),
    joulesPerOutputToken:
      row.energyJoules !== null && row.outputTokens > 0 ? row.energyJoules / row.outputTokens : null,
    runLoad,
  });
}
