import {
  compileInitiative,
  FinanceInputError,
  likelyValues,
  type CompiledModel,
} from '../finance/cash-flows';
import type { Initiative, Phase } from '../finance/model';
import { monteCarlo } from '../finance/monte-carlo';
import { portfolio } from '../finance/portfolio';
import { recommendDeployment, type DeploymentOption } from '../finance/recommendation';
import { scorecardOf, type Scorecard } from '../finance/scorecard';
import { tcoByCategory, tvoByStream, type Breakdown } from '../finance/tco-tvo';
import { tornado } from '../finance/tornado';
import * as csv from '../finance/report-csv';
import { badInput, notFound } from '../graphql/errors';
import type { LeaderboardService } from '../leaderboard/leaderboard.service';
import { LeaderboardOrder, SloPercentile } from '../leaderboard/leaderboard.types';
import { CloudRate } from '../catalogue/catalogue.types';
import type { FinanceService } from './finance.service';
import type { WhatIfOverrides } from './finance.inputs';
import { FinanceReportKind } from './finance.enums';
import type { ScorecardRoot } from './finance-report.types';
import { estimateOf, initiativeOf, studyHours, type InitiativeBundle } from './initiative-model';
import { exportInferenceFocusCsv } from '../finance/focus-csv';
import { deviceEconomics, inferenceCostRows, type ApiPrice, type TokenMix } from './inference-economics';

const KEY = /^(costItems|valueStreams)\[(.+)\]\.([A-Za-z]+(?:\.[A-Za-z]+)?)$/;

/** Reports computed on read from the stored inputs by the pure engine; nothing here writes. */
export class FinanceReportService {
  constructor(
    private readonly finance: FinanceService,
    private readonly leaderboard: LeaderboardService,
  ) {}

  private async load(path: string, id: string): Promise<InitiativeBundle> {
    const bundle = await this.finance.bundle(id);
    if (!bundle) throw notFound(`${path}: initiative ${id}`);
    return bundle;
  }

  private compile(path: string, initiative: Initiative): CompiledModel {
    try {
      return compileInitiative(initiative);
    } catch (error) {
      if (error instanceof FinanceInputError)
        throw badInput(`${path}.${error.issues[0]!.field}`, error.issues[0]!.message);
      throw error;
    }
  }

  private root(bundle: InitiativeBundle, model: CompiledModel): ScorecardRoot {
    const evidence = bundle.valueStreams
      .filter((v) => v.timeStudyId)
      .map((v) => {
        const hours = studyHours(bundle.observations.get(v.timeStudyId!) ?? []);
        return {
          valueStreamId: v.id,
          valueStreamName: v.name,
          timeStudyId: v.timeStudyId!,
          timeStudyName: bundle.studyNames.get(v.timeStudyId!) ?? v.timeStudyId!,
          result: hours && {
            meanSavedMinutes: hours.meanSaved * 60,
            ci95LowMinutes: hours.ci95Low * 60,
            ci95HighMinutes: hours.ci95High * 60,
            nBefore: hours.nBefore,
            nAfter: hours.nAfter,
            degreesOfFreedom: hours.degreesOfFreedom,
          },
        };
      });
    return { initiativeId: bundle.initiative.id, initiativeName: bundle.initiative.name, model, evidence };
  }

  async compiled(path: string, id: string) {
    const bundle = await this.load(path, id);
    return this.root(bundle, this.compile(path, initiativeOf(bundle)));
  }

  /** The scorecard figures of a root (at likely values). */
  static scorecard(root: ScorecardRoot) {
    return { ...flattenScorecard(root, scorecardOf(root.model, likelyValues(root.model))), root };
  }

  static monteCarlo(root: ScorecardRoot, iterations: number, seed: number) {
    try {
      return monteCarlo(root.model, { iterations, seed });
    } catch (error) {
      if (error instanceof RangeError) throw badInput('monteCarlo.iterations', error.message);
      throw error;
    }
  }

  static tornado(root: ScorecardRoot) {
    return tornado(root.model);
  }

  async tco(id: string) {
    const root = await this.compiled('tcoReport.initiativeId', id);
    return breakdownOf(root, tcoByCategory(root.model, likelyValues(root.model)), null);
  }

  async tvo(id: string) {
    const bundle = await this.load('tvoReport.initiativeId', id);
    const root = this.root(bundle, this.compile('tvoReport.initiativeId', initiativeOf(bundle)));
    const names = new Map(bundle.valueStreams.map((v) => [v.id, v.name]));
    return breakdownOf(root, tvoByStream(root.model, likelyValues(root.model)), names);
  }

  /** The same computations with overrides applied in memory; nothing is stored. */
  async whatIf(id: string, overrides: WhatIfOverrides): Promise<ScorecardRoot> {
    const bundle = await this.load('whatIf.initiativeId', id);
    const initiative = structuredClone(initiativeOf(bundle));
    if (overrides.discountRatePerYear != null) initiative.discountRatePerYear = overrides.discountRatePerYear;
    if (overrides.horizonMonths != null) initiative.horizonMonths = overrides.horizonMonths;
    if (overrides.tasksPerMonth != null || overrides.growthPerMonth != null) {
      initiative.demand = {
        tasksPerMonth: overrides.tasksPerMonth ?? initiative.demand?.tasksPerMonth ?? 0,
        growthPerMonth: overrides.growthPerMonth ?? initiative.demand?.growthPerMonth ?? 0,
      };
    }
    (overrides.inputs ?? []).forEach((o, n) => {
      const m = KEY.exec(o.key);
      const list = m
        ? (initiative[m[1] as 'costItems' | 'valueStreams'] as unknown as Record<string, unknown>[])
        : [];
      const target = m ? list.find((x) => x.id === m[2]) : undefined;
      if (!m || !target) {
        throw badInput(
          `whatIf.overrides.inputs.${n}.key`,
          `unknown input "${o.key}"; use a key from roiScorecard.tornado.bars or monteCarlo.rangedInputs`,
        );
      }
      const v = o.value;
      // The same Estimate a saved input would become (initiative-model.ts#estimateOf), PERT included,
      // so a what-if equals the scorecard after saving it.
      const estimate = estimateOf(v.low ?? null, v.likely, v.high ?? null, v.distribution);
      const [field, sub] = m[3]!.split('.');
      if (sub) (target[field!] as Record<string, unknown>)[sub] = estimate;
      else target[field === 'haircut' ? 'haircutFraction' : field!] = estimate;
    });
    return this.root(bundle, this.compile('whatIf.overrides', initiative));
  }

  async portfolio() {
    const roots = new Map<string, ScorecardRoot>();
    const models: Initiative[] = [];
    for (const bundle of await this.finance.allBundles()) {
      const i = bundle.initiative;
      const engine = initiativeOf(bundle);
      roots.set(i.id, this.root(bundle, this.compile(`portfolio.initiatives[${i.name}]`, engine)));
      models.push(engine);
    }
    let result;
    try {
      result = portfolio(models);
    } catch (error) {
      if (error instanceof RangeError) throw badInput('portfolio', error.message);
      throw error;
    }
    return {
      currency: result.currency,
      totals: result.totals,
      flaggedInitiativeIds: result.flaggedInitiativeIds,
      entries: result.entries.map((e) => ({
        rank: e.rank,
        scorecard: FinanceReportService.scorecard(roots.get(e.scorecard.initiativeId)!),
      })),
    };
  }

  /** Ranks the initiative's deployment options by TCO under its latency SLO (self-hosted from stored runs). */
  async recommend(id: string, asOf = new Date()) {
    const path = 'recommendDeployment';
    const bundle = await this.load(`${path}.initiativeId`, id);
    const demand = bundle.demand;
    if (!demand)
      throw badInput(`${path}.initiativeId`, 'the initiative has no demand yet; call setDemand first');
    const latencySloMs = demand.sloE2eMs ?? Number.POSITIVE_INFINITY;
    const stored = await this.finance.children('deploymentOption', id);
    const extra = new Map<
      string,
      {
        tokensPerSecondAtSlo: number | null;
        hourlyCostPerDevice: number | null;
        runIds: string[];
        hardwareName?: string;
        /** The catalogue price row behind a self-hosted hourly cost (the FOCUS SkuPriceId). */
        price?: { id: string; pricing: string };
      }
    >();
    const options: DeploymentOption[] = [];
    for (const o of stored) {
      if (o.kind === 'API') {
        options.push({
          kind: 'api',
          name: o.name,
          inputCostPerMtok: o.inputCostPerMtok ?? 0,
          outputCostPerMtok: o.outputCostPerMtok ?? 0,
          oneTimeCost: o.oneTimeCost ?? 0,
          ...(o.latencyAtSloMs == null ? {} : { latencyAtSloMs: o.latencyAtSloMs }),
        });
        extra.set(o.name, { tokensPerSecondAtSlo: null, hourlyCostPerDevice: null, runIds: [] });
        continue;
      }
      let tokensPerSecondAtSlo = o.tokensPerSecondAtSlo;
      let hourly = o.pricePerHour;
      let runIds: string[] = [];
      let hardwareName: string | undefined;
      let price: { id: string; pricing: string } | undefined;
      if (o.kind === 'SELF_HOSTED') {
        const board = await this.leaderboard.leaderboard({
          scenario: o.scenario ?? '',
          slo: {
            percentile: demand.sloPercentile as SloPercentile,
            ttftMs: demand.sloTtftMs,
            tpotMs: demand.sloTpotMs,
            e2eMs: demand.sloE2eMs,
          },
          asOf,
          currency: bundle.initiative.currency,
          cloudRate: o.pricing === 'ON_DEMAND' ? CloudRate.ON_DEMAND : CloudRate.RESERVED,
          orderBy: LeaderboardOrder.THROUGHPUT,
        });
        const entry = board.entries.find(
          (e) =>
            e.hardwareProfile.id === o.hardwareProfileId &&
            e.model === o.model &&
            e.quantization === o.quantization,
        );
        tokensPerSecondAtSlo = entry?.throughputAtSloTokensPerS ?? null;
        hourly = entry?.hourlyCost?.costPerHour ?? o.pricePerHour;
        runIds = entry?.runIds ?? [];
        hardwareName = entry?.hardwareProfile.name;
        if (entry?.hourlyCost) price = { id: entry.hourlyCost.priceId, pricing: entry.hourlyCost.pricing };
      }
      options.push({
        kind: o.kind === 'SELF_HOSTED' ? 'self-hosted' : 'cloud-gpu',
        pricing: o.pricing === 'RESERVED' ? 'reserved' : 'on-demand',
        name: o.name,
        tokensPerSecondAtSlo,
        hourlyCostPerDevice: hourly ?? 0,
        oneTimeCost: o.oneTimeCost ?? 0,
        ...(o.latencyAtSloMs == null ? {} : { latencyAtSloMs: o.latencyAtSloMs }),
      } as DeploymentOption);
      extra.set(o.name, { tokensPerSecondAtSlo, hourlyCostPerDevice: hourly, runIds, hardwareName, price });
    }
    // The engine applies one headroom to every device option: the first option that sets one.
    const headroomFraction = stored.find((o) => o.headroomFraction != null)?.headroomFraction ?? undefined;
    const ranked = recommendDeployment(options, {
      tasksPerMonth: demand.tasksPerMonth,
      inputTokensPerTask: demand.inputTokensPerTask,
      outputTokensPerTask: demand.outputTokensPerTask,
      peakToAverage: demand.peakToAverage,
      growthPerMonth: demand.growthPerMonth,
      latencySloMs,
      horizonMonths: bundle.initiative.horizonMonths,
      discountRatePerYear: bundle.initiative.discountRatePerYear,
      headroomFraction,
    });
    const byName = new Map(stored.map((o) => [o.name, o]));
    const mix: TokenMix = {
      tasksPerMonth: demand.tasksPerMonth,
      inputTokensPerTask: demand.inputTokensPerTask,
      outputTokensPerTask: demand.outputTokensPerTask,
      peakToAverage: demand.peakToAverage,
      growthPerMonth: demand.growthPerMonth,
    };
    const apis: ApiPrice[] = stored
      .filter((o) => o.kind === 'API')
      .map((o) => ({
        optionId: o.id,
        name: o.name,
        inputCostPerMtok: o.inputCostPerMtok ?? 0,
        outputCostPerMtok: o.outputCostPerMtok ?? 0,
      }));
    return {
      initiativeId: id,
      currency: bundle.initiative.currency,
      latencySloMs: Number.isFinite(latencySloMs) ? latencySloMs : 0,
      options: ranked.map((r) => ({
        ...r,
        ...extra.get(r.name)!,
        ...deviceEconomics(
          extra.get(r.name)!.hourlyCostPerDevice,
          extra.get(r.name)!.tokensPerSecondAtSlo,
          apis,
          mix,
        ),
        headroomFraction,
        model: byName.get(r.name)!.model,
        quantization: byName.get(r.name)!.quantization,
        optionId: byName.get(r.name)!.id,
        kind: byName.get(r.name)!.kind,
        raw: r,
      })),
    };
  }

  /**
   * Self-hosted inference cost as FinOps FOCUS 1.3 CSV (allocation basis, one row per month of the
   * horizon; the initiative is the billing account, the option the resource, the catalogue price the
   * SKU price). `optionId` picks a SELF_HOSTED option; without it, the best-ranked feasible
   * self-hosted option of recommendDeployment.
   */
  async inferenceFocusCsv(id: string, optionId: string | null | undefined, asOf = new Date()) {
    const path = 'inferenceFocusCsv';
    const rec = await this.recommend(id, asOf);
    const selfHosted = rec.options.filter((o) => o.kind === 'SELF_HOSTED');
    const option = optionId
      ? selfHosted.find((o) => o.optionId === optionId)
      : selfHosted.find((o) => o.feasible);
    if (!option) {
      throw badInput(
        `${path}.${optionId ? 'optionId' : 'initiativeId'}`,
        optionId
          ? `${optionId} is not a SELF_HOSTED deployment option of initiative ${id}`
          : 'no self-hosted option meets the SLO; add one with createDeploymentOption or pass optionId',
      );
    }
    if (
      !option.feasible ||
      option.tokensPerSecondAtSlo == null ||
      option.hourlyCostPerDevice == null ||
      !option.price
    ) {
      throw badInput(`${path}.optionId`, `"${option.name}" has no cost to export: ${option.reason}`);
    }
    const bundle = await this.load(`${path}.initiativeId`, id);
    const demand = bundle.demand!;
    const stored = (await this.finance.children('deploymentOption', id)).find(
      (o) => o.id === option.optionId,
    )!;
    const rows = inferenceCostRows(
      {
        optionId: option.optionId,
        name: option.name,
        model: option.model ?? '',
        quantization: option.quantization ?? '',
        hardware: option.hardwareName ?? '',
        hardwareProfileId: stored.hardwareProfileId ?? '',
        priceId: option.price.id,
        pricing: option.price.pricing,
        tokensPerSecondAtSlo: option.tokensPerSecondAtSlo,
        hourlyCostPerDevice: option.hourlyCostPerDevice,
        headroomFraction: option.headroomFraction,
      },
      {
        tasksPerMonth: demand.tasksPerMonth,
        inputTokensPerTask: demand.inputTokensPerTask,
        outputTokensPerTask: demand.outputTokensPerTask,
        peakToAverage: demand.peakToAverage,
        growthPerMonth: demand.growthPerMonth,
      },
      {
        id: bundle.initiative.id,
        name: bundle.initiative.name,
        startDate: bundle.initiative.startDate,
        horizonMonths: bundle.initiative.horizonMonths,
        phase: bundle.initiative.phase as Phase,
        currency: bundle.initiative.currency,
      },
    );
    return exportInferenceFocusCsv(rows);
  }

  /** A report as CSV text (the formats of server/src/finance/report-csv.ts). */
  async csv(kind: FinanceReportKind, initiativeId: string | null | undefined): Promise<string> {
    if (kind === FinanceReportKind.PORTFOLIO) {
      const models = [];
      const initiatives = await this.finance.listInitiatives();
      for (const i of initiatives) models.push(initiativeOf((await this.finance.bundle(i.id))!));
      return csv.portfolioCsv(portfolio(models), new Map(initiatives.map((i) => [i.id, i.name])));
    }
    if (!initiativeId) throw badInput('financeReportCsv.initiativeId', `required for ${kind}`);
    const bundle = await this.load('financeReportCsv.initiativeId', initiativeId);
    const root = this.root(bundle, this.compile('financeReportCsv.initiativeId', initiativeOf(bundle)));
    const names = new Map([...bundle.costItems, ...bundle.valueStreams].map((x) => [x.id, x.name]));
    const values = likelyValues(root.model);
    switch (kind) {
      case FinanceReportKind.SCORECARD_MONTHS:
        return csv.scorecardMonthsCsv(scorecardOf(root.model, values));
      case FinanceReportKind.TCO:
        return csv.breakdownCsv(tcoByCategory(root.model, values));
      case FinanceReportKind.TVO:
        return csv.breakdownCsv(tvoByStream(root.model, values), names);
      case FinanceReportKind.MONTE_CARLO:
        return csv.monteCarloCsv(monteCarlo(root.model, { seed: 1 }));
      case FinanceReportKind.TORNADO:
        return csv.tornadoCsv(tornado(root.model), names);
      default: {
        const rec = await this.recommend(initiativeId);
        return csv.recommendationCsv(rec.options.map((o) => ({ ...o.raw, optionId: o.optionId })));
      }
    }
  }
}

function flattenScorecard(root: ScorecardRoot, s: Scorecard) {
  const irr = s.irr;
  return {
    ...s,
    initiativeName: root.initiativeName,
    irrPerMonth: irr.kind === 'unique' ? irr.ratePerPeriod : null,
    irrAnnual: s.irrAnnual,
    irrReason: irr.kind === 'unique' ? null : irr.reason,
    irrRatesPerMonth:
      irr.kind === 'unique' ? [irr.ratePerPeriod] : irr.kind === 'multiple' ? irr.ratesPerPeriod : [],
    evidence: root.evidence,
  };
}

function breakdownOf(root: ScorecardRoot, b: Breakdown, names: Map<string, string> | null) {
  return {
    ...b,
    initiativeId: root.initiativeId,
    rows: b.rows.map((r) => ({ ...r, label: names?.get(r.key) ?? r.key, phases: r.phases as Phase[] })),
  };
}
