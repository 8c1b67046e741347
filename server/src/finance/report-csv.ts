/**
 * CSV exports of the finance reports (scorecard months, TCO/TVO breakdowns, Monte Carlo summary,
 * tornado, recommendation, portfolio). Pure formatting: RFC 4180 text, one header row, amounts in the
 * report's currency with full precision (round in the spreadsheet, not here). Every row that names a
 * stored thing carries its id and its name; text cells are formula-escaped by formatCsv.
 */
import { formatCsv } from './csv.js';
import type { MonteCarloResult } from './monte-carlo.js';
import type { PortfolioResult } from './portfolio.js';
import type { RankedOption } from './recommendation.js';
import type { Scorecard } from './scorecard.js';
import type { Breakdown } from './tco-tvo.js';
import type { TornadoResult } from './tornado.js';

/** Monthly cash flows of a scorecard. Example header: `month,costs,benefits,net,cumulative_net,…`. */
export function scorecardMonthsCsv(s: Scorecard): string {
  return formatCsv(
    [
      'month',
      'costs',
      'benefits',
      'net',
      'cumulative_net',
      'discounted_net',
      'cumulative_discounted_net',
      'currency',
    ],
    s.months.map((m) => ({
      month: m.month,
      costs: m.costs,
      benefits: m.benefits,
      net: m.net,
      cumulative_net: m.cumulativeNet,
      discounted_net: m.discountedNet,
      cumulative_discounted_net: m.cumulativeDiscountedNet,
      currency: s.currency,
    })),
  );
}

/** Names of stored things by id (value streams, cost items, initiatives, options). */
export type NamesById = ReadonlyMap<string, string>;

/**
 * A TCO or TVO breakdown: one row per category/stream, one column per month (m1 … mN). `label` is the
 * value stream's name (from `names`) or the category.
 */
export function breakdownCsv(b: Breakdown, names: NamesById = new Map()): string {
  const months = b.totalByMonth.map((_, t) => `m${t + 1}`);
  const cols = ['key', 'label', 'kind', 'phases', 'total', 'present_value', 'currency', ...months];
  const row = (key: string, kind: string, phases: string, byMonth: number[], total: number, pv: number) => ({
    key,
    label: names.get(key) ?? key,
    kind,
    phases,
    total,
    present_value: pv,
    currency: b.currency,
    ...Object.fromEntries(byMonth.map((v, t) => [`m${t + 1}`, v])),
  });
  return formatCsv(cols, [
    ...b.rows.map((r) => row(r.key, r.kind, r.phases.join(' '), r.byMonth, r.total, r.presentValue)),
    row('total', '', '', b.totalByMonth, b.total, b.presentValue),
  ]);
}

/** Monte Carlo summary: one row per measure with P10/P50/P90. */
export function monteCarloCsv(mc: MonteCarloResult): string {
  return formatCsv(
    ['measure', 'p10', 'p50', 'p90', 'mean', 'iterations', 'seed'],
    [
      { measure: 'npv', ...mc.npv, iterations: mc.iterations, seed: mc.seed },
      { measure: 'roi', ...mc.roi, iterations: mc.iterations, seed: mc.seed },
      { measure: 'payback_month', ...mc.paybackMonth, iterations: mc.iterations, seed: mc.seed },
      {
        measure: 'probability_roi_positive',
        p50: mc.probabilityRoiPositive,
        iterations: mc.iterations,
        seed: mc.seed,
      },
    ],
  );
}

const INPUT_KEY = /^(costItems|valueStreams)\[(.+)\]\.(.+)$/;

/**
 * A tornado input key with the name of the thing it belongs to.
 * Example: `inputLabel('costItems[c1].amount', new Map([['c1', 'GPU lease']]))` → `GPU lease: amount`.
 */
export function inputLabel(key: string, names: NamesById): string {
  const m = INPUT_KEY.exec(key);
  return m ? `${names.get(m[2]!) ?? m[2]}: ${m[3]}` : key;
}

/** Tornado bars, largest swing first; `label` names the cost item or value stream of each input. */
export function tornadoCsv(t: TornadoResult, names: NamesById = new Map()): string {
  return formatCsv(
    ['input', 'label', 'low', 'high', 'npv_at_low', 'npv_at_high', 'swing'],
    t.bars.map((b) => ({
      input: b.input,
      label: inputLabel(b.input, names),
      low: b.low,
      high: b.high,
      npv_at_low: b.npvAtLow,
      npv_at_high: b.npvAtHigh,
      swing: b.swing,
    })),
  );
}

/**
 * Deployment ranking with the reason each option loses (`option_id` is the stored option's id), its
 * cost per million output tokens at full utilisation and realised at the plan's utilisation
 * (allocation basis), and which option serves the TCO.
 */
export function recommendationCsv(
  rows: readonly (RankedOption & { optionId?: string; selected?: boolean })[],
): string {
  return formatCsv(
    [
      'rank',
      'option_id',
      'name',
      'kind',
      'feasible',
      'selected',
      'tco_present_value',
      'peak_devices',
      'average_utilisation',
      'cost_per_mtok_full_utilisation',
      'cost_per_mtok_realised',
      'reason',
    ],
    rows.map((r) => ({
      rank: r.rank,
      option_id: r.optionId,
      name: r.name,
      kind: r.kind,
      feasible: String(r.feasible),
      selected: String(r.selected ?? false),
      tco_present_value: r.tcoPresentValue,
      peak_devices: r.peakDevices,
      average_utilisation: r.averageUtilisation,
      cost_per_mtok_full_utilisation: r.costPerMtokAtFullUtilisation,
      cost_per_mtok_realised: r.realisedCostPerMtok,
      reason: r.reason,
    })),
  );
}

/** Portfolio ranking: one row per initiative, with its id and (from `names`) its name. */
export function portfolioCsv(p: PortfolioResult, names: NamesById = new Map()): string {
  return formatCsv(
    [
      'rank',
      'initiative_id',
      'initiative_name',
      'phase',
      'pv_costs',
      'pv_benefits',
      'npv',
      'roi',
      'payback_month',
      'phase_guard',
      'guarded_npv',
      'guarded_roi',
      'guarded_payback_month',
      'currency',
    ],
    p.entries.map((e) => ({
      rank: e.rank,
      initiative_id: e.scorecard.initiativeId,
      initiative_name: names.get(e.scorecard.initiativeId),
      phase: e.scorecard.phase,
      pv_costs: e.scorecard.pvCosts,
      pv_benefits: e.scorecard.pvBenefits,
      npv: e.scorecard.npv,
      roi: e.scorecard.roi,
      payback_month: e.scorecard.paybackMonth,
      phase_guard: e.scorecard.phaseGuard.likeForLike ? 'like-for-like' : 'flagged',
      guarded_npv: e.scorecard.guarded.npv,
      guarded_roi: e.scorecard.guarded.roi,
      guarded_payback_month: e.scorecard.guarded.paybackMonth,
      currency: p.currency,
    })),
  );
}
