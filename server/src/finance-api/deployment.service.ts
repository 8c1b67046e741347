import { CloudRate } from '../catalogue/catalogue.types';
import type { DeploymentOptionRecord } from '../db/tables';
import type { Phase, ServingPlan } from '../finance/model';
import {
  recommendDeployment,
  servingPlanOf,
  type DeploymentDemand,
  type DeploymentOption,
  type RankedOption,
} from '../finance/recommendation';
import { badInput } from '../graphql/errors';
import type { LeaderboardQuery, LeaderboardService } from '../leaderboard/leaderboard.service';
import type { Leaderboard, LeaderboardEntry } from '../leaderboard/leaderboard.types';
import { LeaderboardOrder, SloPercentile } from '../leaderboard/leaderboard.types';
import type { HourlyCost } from '../catalogue/catalogue.types';
import { OperatingPointSource, ServingChoice } from './finance.enums';
import { deviceEconomics, type ApiPrice, type BreakEven, type TokenMix } from './inference-economics';
import type { InitiativeBundle } from './initiative-model';

// The deployment options of an initiative priced against stored runs and catalogue prices, ranked
// (recommendDeployment), and the one whose serving cost the TCO carries: the analyst's choice, else
// the recommendation's rank 1. Self-hosted throughput is the operating point rule of docs/finance.md:
// the best single run meeting the SLO (the leaderboard entry's atSlo) or the run the option names —
// never the pooled average of every qualifying run, which is only reported, labelled as pooled.

/** Leaderboards computed once per scenario, SLO, currency and rate within one report. */
export type LeaderboardMemo = Map<string, Promise<Leaderboard>>;

/** Where a self-hosted option's throughput at the SLO comes from. */
export interface OperatingPointTrace {
  source: OperatingPointSource;
  /** The one run sized at: its throughput, load and cost per Mtok (LeaderboardAtSlo). */
  run: NonNullable<LeaderboardEntry['atSlo']>;
  /** Pooled over every qualifying run (Σ tokens ÷ Σ busy s): reported for comparison, never used. */
  pooledOutputTokensPerS: number | null;
  qualifyingRunIds: string[];
  excludedRunIds: string[];
  scenario: string;
  hardwareProfileId: string;
  hardwareProfileName: string;
  model: string;
  quantization: string;
  leaderboardAsOf: Date;
}

/** One option as ranked, with what it rests on. */
export interface RankedDeploymentRow extends Omit<RankedOption, 'kind'> {
  optionId: string;
  kind: DeploymentOptionRecord['kind'];
  model: string | null;
  quantization: string | null;
  tokensPerSecondAtSlo: number | null;
  hourlyCostPerDevice: number | null;
  /** The catalogue price behind a self-hosted hourly cost (priceId, effective date, rates). */
  hourlyCost: HourlyCost | null;
  hardwareName: string | null;
  runIds: string[];
  operatingPoint: OperatingPointTrace | null;
  breakEven: BreakEven[];
  headroomFraction: number | undefined;
  /** True for the option whose serving cost the TCO carries. */
  selected: boolean;
  phase: Phase;
  startMonth: number;
  throughputUncertaintyFraction: number | null;
  raw: RankedOption;
}

/** The serving cost's source: which option, why it, and the plan the engine prices. */
export interface ServingResolution {
  choice: ServingChoice;
  option: RankedDeploymentRow;
  plan: ServingPlan;
}

export interface DeploymentEvaluation {
  initiativeId: string;
  currency: string;
  latencySloMs: number;
  asOf: Date;
  options: RankedDeploymentRow[];
  serving: ServingResolution | null;
  /** Why there is no serving cost (null when there is one). */
  servingNote: string | null;
}

interface Priced {
  record: DeploymentOptionRecord;
  engine: DeploymentOption;
  hourlyCost: HourlyCost | null;
  hardwareName: string | null;
  operatingPoint: OperatingPointTrace | null;
}

/** Prices and ranks deployment options; picks the serving option. */
export class DeploymentService {
  constructor(private readonly leaderboard: LeaderboardService) {}

  /**
   * Every option of the bundle priced as of `asOf` and ranked; null without demand.
   * `memo` shares leaderboards between initiatives of one report (the portfolio).
   */
  async evaluate(
    bundle: InitiativeBundle,
    asOf: Date,
    memo: LeaderboardMemo = new Map(),
  ): Promise<DeploymentEvaluation | null> {
    const demand = bundle.demand;
    if (!demand) return null;
    const currency = bundle.initiative.currency;
    const latencySloMs = demand.sloE2eMs ?? Number.POSITIVE_INFINITY;
    const priced: Priced[] = [];
    for (const record of bundle.deploymentOptions) priced.push(await this.price(record, bundle, asOf, memo));
    const byId = new Map(priced.map((p) => [p.record.id, p]));
    // The engine applies one headroom to every device option: the first option that sets one.
    const headroomFraction =
      bundle.deploymentOptions.find((o) => o.headroomFraction != null)?.headroomFraction ?? undefined;
    const deploymentDemand: DeploymentDemand = {
      tasksPerMonth: demand.tasksPerMonth,
      inputTokensPerTask: demand.inputTokensPerTask,
      outputTokensPerTask: demand.outputTokensPerTask,
      peakToAverage: demand.peakToAverage,
      growthPerMonth: demand.growthPerMonth,
      latencySloMs,
      horizonMonths: bundle.initiative.horizonMonths,
      discountRatePerYear: bundle.initiative.discountRatePerYear,
      headroomFraction,
    };
    const ranked = recommendDeployment(
      priced.map((p) => p.engine),
      deploymentDemand,
    );
    const mix: TokenMix = { ...deploymentDemand, growthPerMonth: demand.growthPerMonth };
    const apis: ApiPrice[] = bundle.deploymentOptions
      .filter((o) => o.kind === 'API')
      .map((o) => ({
        optionId: o.id,
        name: o.name,
        inputCostPerMtok: o.inputCostPerMtok ?? 0,
        outputCostPerMtok: o.outputCostPerMtok ?? 0,
      }));
    const selectedId = bundle.initiative.selectedDeploymentOptionId;
    const chosen = selectedId ? ranked.find((r) => r.id === selectedId) : undefined;
    const servingId = chosen ? chosen.id : ranked.find((r) => r.rank === 1)?.id;
    const options: RankedDeploymentRow[] = ranked.map((r) => {
      const p = byId.get(r.id)!;
      const device = p.engine.kind === 'api' ? null : p.engine;
      return {
        ...r,
        optionId: r.id,
        kind: p.record.kind,
        model: p.record.model,
        quantization: p.record.quantization,
        tokensPerSecondAtSlo: device?.tokensPerSecondAtSlo ?? null,
        hourlyCostPerDevice: device && !p.engine.unavailableReason ? device.hourlyCostPerDevice : null,
        hourlyCost: p.hourlyCost,
        hardwareName: p.hardwareName,
        runIds: p.operatingPoint?.qualifyingRunIds ?? [],
        operatingPoint: p.operatingPoint,
        breakEven: device
          ? deviceEconomics(device.hourlyCostPerDevice, device.tokensPerSecondAtSlo, apis, mix).breakEven
          : [],
        headroomFraction,
        selected: r.id === servingId && r.feasible,
        phase: (p.record.phase ?? 'production') as Phase,
        startMonth: p.record.startMonth ?? 0,
        throughputUncertaintyFraction: p.record.throughputUncertaintyFraction,
        raw: r,
      };
    });
    const servingRow = options.find((o) => o.selected) ?? null;
    let servingNote: string | null = null;
    if (!servingRow) {
      const chosenRow = options.find((o) => o.optionId === selectedId);
      servingNote = chosenRow
        ? `the chosen option "${chosenRow.name}" cannot serve: ${chosenRow.reason}`
        : options.length === 0
          ? 'no deployment option yet: add one (createDeploymentOption) for the serving cost'
          : `no deployment option can serve the demand (${options.map((o) => `${o.name}: ${o.reason}`).join('; ')})`;
    }
    return {
      initiativeId: bundle.initiative.id,
      currency,
      latencySloMs: Number.isFinite(latencySloMs) ? latencySloMs : 0,
      asOf,
      options,
      serving: servingRow
        ? {
            choice: chosen ? ServingChoice.ANALYST : ServingChoice.RECOMMENDATION,
            option: servingRow,
            plan: planOf(byId.get(servingRow.optionId)!, headroomFraction),
          }
        : null,
      servingNote,
    };
  }

  /** One stored option as the engine's option; self-hosted ones read the leaderboard. */
  private async price(
    record: DeploymentOptionRecord,
    bundle: InitiativeBundle,
    asOf: Date,
    memo: LeaderboardMemo,
  ): Promise<Priced> {
    const common = {
      id: record.id,
      name: record.name,
      oneTimeCost: record.oneTimeCost ?? 0,
      phase: (record.phase ?? 'production') as Phase,
      startMonth: record.startMonth ?? 0,
      ...(record.latencyAtSloMs == null ? {} : { latencyAtSloMs: record.latencyAtSloMs }),
    };
    const none = { record, hourlyCost: null, hardwareName: null, operatingPoint: null };
    if (record.kind === 'API') {
      return {
        ...none,
        engine: {
          ...common,
          kind: 'api',
          inputCostPerMtok: record.inputCostPerMtok ?? 0,
          outputCostPerMtok: record.outputCostPerMtok ?? 0,
        },
      };
    }
    const pricing = record.pricing === 'RESERVED' ? 'reserved' : 'on-demand';
    if (record.kind === 'CLOUD_GPU') {
      return {
        ...none,
        engine: {
          ...common,
          kind: 'cloud-gpu',
          pricing,
          tokensPerSecondAtSlo: record.tokensPerSecondAtSlo,
          hourlyCostPerDevice: record.pricePerHour ?? 0,
        },
      };
    }
    const demand = bundle.demand!;
    const query: LeaderboardQuery = {
      scenario: record.scenario ?? '',
      slo: {
        percentile: demand.sloPercentile as SloPercentile,
        ttftMs: demand.sloTtftMs,
        tpotMs: demand.sloTpotMs,
        e2eMs: demand.sloE2eMs,
      },
      asOf,
      currency: bundle.initiative.currency,
      cloudRate: record.pricing === 'ON_DEMAND' ? CloudRate.ON_DEMAND : CloudRate.RESERVED,
      orderBy: LeaderboardOrder.BEST_RUN_THROUGHPUT,
    };
    const key = JSON.stringify([query.scenario, query.slo, query.currency, query.cloudRate, asOf.getTime()]);
    if (!memo.has(key)) memo.set(key, this.leaderboard.leaderboard(query));
    const board = await memo.get(key)!;
    const entry = board.entries.find(
      (e) =>
        e.hardwareProfile.id === record.hardwareProfileId &&
        e.model === record.model &&
        e.quantization === record.quantization,
    );
    const chosenRun = record.runId ? (entry?.atRun(record.runId) ?? null) : null;
    const run = record.runId ? chosenRun : (entry?.atSlo ?? null);
    const operatingPoint: OperatingPointTrace | null =
      entry && run
        ? {
            source: record.runId ? OperatingPointSource.CHOSEN_RUN : OperatingPointSource.BEST_RUN_AT_SLO,
            run,
            pooledOutputTokensPerS: entry.throughputAtSloTokensPerS,
            qualifyingRunIds: entry.runIds,
            excludedRunIds: entry.excludedRuns.map((x) => x.runId),
            scenario: board.scenario,
            hardwareProfileId: entry.hardwareProfile.id,
            hardwareProfileName: entry.hardwareProfile.name,
            model: entry.model,
            quantization: entry.quantization,
            leaderboardAsOf: board.asOf,
          }
        : null;
    const excluded = entry?.excludedRuns.find((x) => x.runId === record.runId);
    const unavailableReason =
      entry && record.runId && !chosenRun
        ? `run ${record.runId} is not one of this entry's runs meeting the SLO` +
          (excluded ? ` (${excluded.reason})` : '')
        : entry && run && !entry.hourlyCost
          ? `${entry.hardwareProfile.name} has no price effective ${asOf.toISOString().slice(0, 10)}: set one (setHardwarePrice)`
          : undefined;
    return {
      record,
      hourlyCost: entry?.hourlyCost ?? null,
      hardwareName: entry?.hardwareProfile.name ?? null,
      operatingPoint,
      engine: {
        ...common,
        kind: 'self-hosted',
        // Null when no run meets the SLO: the engine says "no measured operating point meets …".
        tokensPerSecondAtSlo: run ? run.outputTokensPerS : null,
        hourlyCostPerDevice: entry?.hourlyCost?.costPerHour ?? 0,
        ...(unavailableReason ? { unavailableReason } : {}),
      },
    };
  }
}

/** The serving plan of a priced option, with its throughput uncertainty as a range. */
function planOf(p: Priced, headroomFraction: number | undefined): ServingPlan {
  const plan = servingPlanOf(p.engine, { headroomFraction });
  if (!plan) throw badInput('serving', `${p.record.name} has no throughput at the SLO`);
  const u = p.record.throughputUncertaintyFraction;
  if (plan.kind === 'devices' && u) {
    const tps = plan.tokensPerSecondPerDevice as number;
    plan.tokensPerSecondPerDevice = { low: tps * (1 - u), likely: tps, high: tps * (1 + u) };
  }
  return plan;
}
