import {
  compileInitiative,
  FinanceInputError,
  likelyValues,
  type CompiledModel,
} from '../finance/cash-flows';
import type { Initiative, Phase } from '../finance/model';
import { monteCarlo } from '../finance/monte-carlo';
import { portfolio } from '../finance/portfolio';
import { scorecardOf, type Scorecard } from '../finance/scorecard';
import { tcoByCategory, tvoByStream, type Breakdown } from '../finance/tco-tvo';
import { tornado } from '../finance/tornado';
import * as csv from '../finance/report-csv';
import { badInput, notFound } from '../graphql/errors';
import type { LeaderboardService } from '../leaderboard/leaderboard.service';
import type { FinanceService } from './finance.service';
import type { WhatIfOverrides } from './finance.inputs';
import { FinanceReportKind } from './finance.enums';
import type { ScorecardRoot } from './finance-report.types';
import { DeploymentReportService } from './deployment-report.service';
import { DeploymentService, type DeploymentEvaluation, type LeaderboardMemo } from './deployment.service';
import { initiativeOf, studyHours, type InitiativeBundle } from './initiative-model';
import { applyOverrides } from './what-if';

/**
 * Reports computed on read from the stored inputs by the pure engine; nothing here writes. Every
 * scorecard carries the serving cost of the initiative's selected (or recommended) deployment option,
 * priced as of now against the stored runs and catalogue prices (DeploymentService).
 */
export class FinanceReportService {
  readonly deployments: DeploymentReportService;
  private readonly deployment: DeploymentService;

  constructor(
    private readonly finance: FinanceService,
    leaderboard: LeaderboardService,
  ) {
    this.deployment = new DeploymentService(leaderboard);
    this.deployments = new DeploymentReportService(finance, this.deployment);
  }

  private async load(path: string, id: string): Promise<InitiativeBundle> {
    const bundle = await this.finance.bundle(id);
    if (!bundle) throw notFound(`${path}: initiative ${id}`);
    return bundle;
  }

  private compile(path: string, initiative: Initiative, overrides?: WhatIfOverrides): CompiledModel {
    try {
      return compileInitiative(initiative);
    } catch (error) {
      if (!(error instanceof FinanceInputError)) throw error;
      const issue = error.issues[0]!;
      // An overridden input's problem is reported at the override that set it.
      const n = (overrides?.inputs ?? []).findIndex((o) => issue.field === o.key);
      if (n >= 0) throw badInput(`whatIf.overrides.inputs.${n}.value`, issue.message);
      throw badInput(`${path}.${issue.field}`, issue.message);
    }
  }

  /** The bundle's deployment evaluation (null without demand) and the engine Initiative with its serving. */
  private async withServing(bundle: InitiativeBundle, memo?: LeaderboardMemo) {
    const deployment = await this.deployment.evaluate(bundle, new Date(), memo);
    return { deployment, initiative: initiativeOf(bundle, deployment?.serving?.plan ?? null) };
  }

  private root(
    bundle: InitiativeBundle,
    model: CompiledModel,
    deployment: DeploymentEvaluation | null,
  ): ScorecardRoot {
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
    return {
      initiativeId: bundle.initiative.id,
      initiativeName: bundle.initiative.name,
      model,
      evidence,
      deployment,
      streamNames: new Map(bundle.valueStreams.map((v) => [v.id, v.name])),
      itemNames: new Map([...bundle.costItems, ...bundle.valueStreams].map((x) => [x.id, x.name])),
    };
  }

  async compiled(path: string, id: string, memo?: LeaderboardMemo): Promise<ScorecardRoot> {
    const bundle = await this.load(path, id);
    const { deployment, initiative } = await this.withServing(bundle, memo);
    return this.root(bundle, this.compile(path, initiative), deployment);
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
    return breakdownOf(root, tcoByCategory(root.model, likelyValues(root.model)), tcoLabels(root));
  }

  async tvo(id: string) {
    // Value does not depend on the serving cost: no deployment evaluation (no leaderboard) here.
    const bundle = await this.load('tvoReport.initiativeId', id);
    const root = this.root(bundle, this.compile('tvoReport.initiativeId', initiativeOf(bundle)), null);
    return breakdownOf(root, tvoByStream(root.model, likelyValues(root.model)), root.streamNames);
  }

  /** The same computations with overrides applied in memory; nothing is stored. */
  async whatIf(id: string, overrides: WhatIfOverrides): Promise<ScorecardRoot> {
    const bundle = await this.load('whatIf.initiativeId', id);
    const { deployment, initiative } = await this.withServing(bundle);
    return this.root(
      bundle,
      this.compile('whatIf.overrides', applyOverrides(initiative, overrides), overrides),
      deployment,
    );
  }

  async portfolio() {
    const roots = new Map<string, ScorecardRoot>();
    const models: Initiative[] = [];
    const memo: LeaderboardMemo = new Map(); // one leaderboard per scenario and SLO, not per initiative
    for (const bundle of await this.finance.allBundles()) {
      const i = bundle.initiative;
      const { deployment, initiative } = await this.withServing(bundle, memo);
      roots.set(
        i.id,
        this.root(bundle, this.compile(`portfolio.initiatives[${i.name}]`, initiative), deployment),
      );
      models.push(initiative);
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

  /** A report as CSV text (the formats of server/src/finance/report-csv.ts). */
  async csv(kind: FinanceReportKind, initiativeId: string | null | undefined): Promise<string> {
    if (kind === FinanceReportKind.PORTFOLIO) {
      const p = await this.portfolio();
      const roots = p.entries.map((e) => e.scorecard.root);
      return csv.portfolioCsv(
        portfolio(roots.map((r) => r.model.initiative)),
        new Map(roots.map((r) => [r.initiativeId, r.initiativeName])),
      );
    }
    if (!initiativeId) throw badInput('financeReportCsv.initiativeId', `required for ${kind}`);
    if (kind === FinanceReportKind.RECOMMENDATION) {
      const rec = await this.deployments.recommend(initiativeId);
      return csv.recommendationCsv(
        rec.options.map((o) => ({ ...o.raw, optionId: o.optionId, selected: o.selected })),
      );
    }
    const root = await this.compiled('financeReportCsv.initiativeId', initiativeId);
    const values = likelyValues(root.model);
    switch (kind) {
      case FinanceReportKind.SCORECARD_MONTHS:
        return csv.scorecardMonthsCsv(scorecardOf(root.model, values));
      case FinanceReportKind.TCO:
        return csv.breakdownCsv(tcoByCategory(root.model, values), tcoLabels(root));
      case FinanceReportKind.TVO:
        return csv.breakdownCsv(tvoByStream(root.model, values), root.itemNames);
      case FinanceReportKind.MONTE_CARLO:
        return csv.monteCarloCsv(monteCarlo(root.model, { seed: 1 }));
      default:
        return csv.tornadoCsv(tornado(root.model), root.itemNames);
    }
  }
}

/** Row labels of a TCO: the serving row names its deployment option. */
function tcoLabels(root: ScorecardRoot): Map<string, string> {
  const option = root.deployment?.serving?.option;
  return new Map(option ? [['serving', `serving: ${option.name}`]] : []);
}

function flattenScorecard(root: ScorecardRoot, s: Scorecard) {
  const irr = s.irr;
  const names = root.streamNames;
  return {
    ...s,
    initiativeName: root.initiativeName,
    irrPerMonth: irr.kind === 'unique' ? irr.ratePerPeriod : null,
    irrAnnual: s.irrAnnual,
    irrReason: irr.kind === 'unique' ? null : irr.reason,
    irrRatesPerMonth:
      irr.kind === 'unique' ? [irr.ratePerPeriod] : irr.kind === 'multiple' ? irr.ratesPerPeriod : [],
    evidence: root.evidence,
    phaseGuard: {
      ...s.phaseGuard,
      productionCosts: s.phaseGuard.productionCosts.map((c) => ({ ...c, line: c.key })),
    },
    guarded: {
      ...s.guarded,
      excluded: s.guarded.excluded.map((x) => ({
        ...x,
        valueStreamId: x.lineId,
        name: names.get(x.lineId) ?? x.lineId,
      })),
    },
    serving: servingOf(root, s),
  };
}

/** The serving trace of a scorecard: the option, why it, its plan's figures and present value. */
function servingOf(root: ScorecardRoot, s: Scorecard) {
  const d = root.deployment;
  const row = s.tco.rows.find((r) => r.key === 'serving');
  return {
    choice: d?.serving?.choice ?? null,
    option: d?.serving?.option ?? null,
    note: d ? d.servingNote : 'the initiative has no demand yet: setDemand gives the serving cost',
    presentValue: row?.presentValue ?? 0,
    total: row?.total ?? 0,
    byMonth: row?.byMonth ?? [],
    asOf: d?.asOf ?? null,
  };
}

function breakdownOf(root: ScorecardRoot, b: Breakdown, names: Map<string, string>) {
  return {
    ...b,
    initiativeId: root.initiativeId,
    rows: b.rows.map((r) => ({ ...r, label: names.get(r.key) ?? r.key, phases: r.phases as Phase[] })),
  };
}
