import type { Database } from '../db/duckdb';
import type { HardwareProfileRecord } from '../db/tables';
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { CloudRate } from '../catalogue/catalogue.types';
import { hourlyCostOf } from '../catalogue/profile-pricing';
import type { CurrencyService } from '../currency/currency.service';
import { CURRENCY_CODE } from '../currency/currency.types';
import { costForSeconds, costPerMillionTokens } from '../finance/hourly-cost';
import { badInput } from '../graphql/errors';
import { aggregateGroups, type LeaderboardGroup } from './leaderboard-aggregate';
import { atSloOf } from './leaderboard-at-slo';
import { leaderboardRuns, pricesAsOf } from './leaderboard.repository';
import { pooledLatencyLoader, type PooledLatency } from './pooled-latency.repository';
import { NO_LOAD, runLoadLoader, runLoads, type RunLoad } from './run-load.repository';
import {
  LeaderboardOrder,
  SLO_QUANTILE,
  SloPercentile,
  LeaderboardEntry,
  type Leaderboard,
  type SloInput,
} from './leaderboard.types';

/** Arguments of one leaderboard query. */
export interface LeaderboardQuery {
  scenario: string;
  slo: SloInput;
  asOf: Date;
  currency: string;
  cloudRate: CloudRate;
  orderBy: LeaderboardOrder;
}

const ORDER_VALUE: Record<LeaderboardOrder, (e: LeaderboardEntry) => number | null> = {
  // Negated so that "smaller is better" sorts every order ascending.
  [LeaderboardOrder.POOLED_THROUGHPUT]: (e) =>
    e.throughputAtSloTokensPerS === null ? null : -e.throughputAtSloTokensPerS,
  [LeaderboardOrder.BEST_RUN_THROUGHPUT]: (e) => (e.atSlo === null ? null : -e.atSlo.outputTokensPerS),
  [LeaderboardOrder.COST_PER_MTOK_ALLOCATION]: (e) => e.costPerMtokAllocation,
  [LeaderboardOrder.COST_PER_MTOK_USAGE]: (e) => e.costPerMtokUsage,
  [LeaderboardOrder.JOULES_PER_TOKEN]: (e) => e.joulesPerOutputToken,
};

/** Ranks hardware × model × quantization for a scenario under an SLO, with costs as of a date. */
export class LeaderboardService {
  constructor(
    private readonly database: Database,
    private readonly catalogue: CatalogueService,
    private readonly currency: CurrencyService,
  ) {}

  async leaderboard(query: LeaderboardQuery): Promise<Leaderboard> {
    if (!CURRENCY_CODE.test(query.currency))
      throw badInput('leaderboard.currency', 'must be a code like "USD"');
    const percentile = query.slo.percentile ?? SloPercentile.P99;
    const slo = {
      percentile,
      ttftMs: query.slo.ttftMs ?? null,
      tpotMs: query.slo.tpotMs ?? null,
      e2eMs: query.slo.e2eMs ?? null,
      maxErrorRate: query.slo.maxErrorRate ?? null,
    };
    const rows = await leaderboardRuns(this.database, query.scenario, query.asOf, SLO_QUANTILE[percentile]);
    const groups = aggregateGroups(rows, { ...slo, percentileLabel: percentile.toLowerCase() });
    const rowsById = new Map(rows.map((r) => [r.runId, r]));
    const profiles = new Map((await this.catalogue.list()).map((p) => [p.id, p]));
    const convert = await this.currency.converterAsOf(query.asOf, 'leaderboard.currency');
    const prices = await pricesAsOf(this.database, query.asOf); // one lookup, not one per entry
    const priceIds = new Set<string>();
    const rateIds = new Set<string>();
    const entries: LeaderboardEntry[] = [];
    const costed = groups.filter((g) => profiles.has(g.profileId)); // a deleted profile: nothing to cost on
    const latency = pooledLatencyLoader(
      this.database,
      costed.map((g) => g.runIds),
    );
    // config.load of each entry's best run, read in one statement only if some atSlo asks for it.
    const loadOf = runLoadLoader(
      this.database,
      costed.flatMap((g) => (g.bestRun ? [g.bestRun.runId] : [])),
    );
    for (const [index, group] of costed.entries()) {
      const profile = profiles.get(group.profileId)!;
      const price = prices.get(profile.id) ?? null;
      const hourly = price ? hourlyCostOf(profile, price, query.cloudRate, query.currency, convert) : null;
      if (hourly) {
        priceIds.add(hourly.priceId);
        hourly.rateIds.forEach((id) => rateIds.add(id));
      }
      const entry = entryOf(profile, group, hourly, loadOf, () => latency(index));
      // A chosen operating point (finance: a deployment option sized at one run) among the qualifying runs.
      entry.atRun = (runId) => {
        const row = group.runIds.includes(runId) ? rowsById.get(runId) : undefined;
        if (!row) return null;
        return atSloOf(row, hourly ? hourly.costPerHour : null, () =>
          runLoads(this.database, [runId]).then((m) => m.get(runId) ?? NO_LOAD),
        );
      };
      entries.push(entry);
    }
    const value = ORDER_VALUE[query.orderBy];
    entries.sort(
      (a, b) =>
        compareNullsLast(value(a), value(b)) || a.hardwareProfile.name.localeCompare(b.hardwareProfile.name),
    );
    return {
      scenario: query.scenario,
      asOf: query.asOf,
      currency: query.currency,
      cloudRate: query.cloudRate,
      slo,
      entries,
      unprofiledRunIds: rows.filter((r) => r.profileId === null).map((r) => r.runId),
      priceIds: [...priceIds],
      rateIds: [...rateIds],
    };
  }
}

function compareNullsLast(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a - b;
}

function entryOf(
  profile: HardwareProfileRecord,
  group: LeaderboardGroup,
  hourly: LeaderboardEntry['hourlyCost'],
  loadOf: (runId: string) => Promise<RunLoad>,
  pooledLatency: () => Promise<PooledLatency>,
): LeaderboardEntry {
  const costAllocation = hourly ? costForSeconds(hourly.costPerHour, group.allocatedSeconds) : null;
  const costUsage = hourly ? costForSeconds(hourly.costPerHour, group.busySeconds) : null;
  const perM = (cost: number | null, tokens: number) =>
    cost === null ? null : costPerMillionTokens(cost, tokens);
  const totalTokens = group.inputTokens + group.outputTokens;
  const best = group.bestRun;
  // An instance, so the latency getters of LeaderboardEntry are there to resolve.
  return Object.assign(new LeaderboardEntry(), {
    hardwareProfile: profile as LeaderboardEntry['hardwareProfile'],
    model: group.model,
    quantization: group.quantization,
    runIds: group.runIds,
    excludedRuns: group.excludedRuns,
    inputTokens: group.inputTokens,
    outputTokens: group.outputTokens,
    busySeconds: group.busySeconds,
    allocatedSeconds: group.allocatedSeconds,
    throughputAtSloTokensPerS: group.throughputTokensPerS,
    atSlo: best ? atSloOf(best, hourly ? hourly.costPerHour : null, () => loadOf(best.runId)) : null,
    hourlyCost: hourly,
    costAllocation,
    costUsage,
    costPerMtokAllocation: perM(costAllocation, group.outputTokens),
    costPerMtokUsage: perM(costUsage, group.outputTokens),
    costPerMtokTotalAllocation: perM(costAllocation, totalTokens),
    costPerMtokTotalUsage: perM(costUsage, totalTokens),
    joulesPerOutputToken: group.joulesPerOutputToken,
    energyRunIds: group.energyRunIds,
    pooledLatency,
  });
}
