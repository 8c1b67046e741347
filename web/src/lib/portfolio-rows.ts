/**
 * Rows of the portfolio table: the GraphQL portfolio joined with the Monte Carlo bands, filtered by
 * phase and sorted by a column. NPV, ROI and payback are the guarded (headline) figures: only the value
 * the counted costs can buy (RoiScorecard.guarded). Pure, unit-tested in web/test/finance.test.ts.
 */
import type { MonteCarloBandFragment, PortfolioScorecardFragment } from '@yardstick/schema/generated/web';
import { evidenceGrade, type EvidenceGrade } from './finance-format';
import type { PortfolioFilters, PortfolioSortKey } from './routes-finance';

export interface PortfolioRow {
  rank: number;
  scorecard: PortfolioScorecardFragment;
  /** Null until the Monte Carlo request answers (or when it failed). */
  band: MonteCarloBandFragment | null;
  grade: EvidenceGrade;
  flagged: boolean;
}

/** Joins entries with bands (by initiative id) and grades their evidence. */
export function buildPortfolioRows(
  entries: readonly { rank: number; scorecard: PortfolioScorecardFragment }[],
  bands: ReadonlyMap<string, MonteCarloBandFragment>,
  flaggedIds: readonly string[],
): PortfolioRow[] {
  const flagged = new Set(flaggedIds);
  return entries.map((e) => ({
    rank: e.rank,
    scorecard: e.scorecard,
    band: bands.get(e.scorecard.initiativeId) ?? null,
    grade: evidenceGrade(e.scorecard.evidence),
    flagged: flagged.has(e.scorecard.initiativeId),
  }));
}

/** The value a column sorts by; null sorts last whatever the direction. */
function sortValue(row: PortfolioRow, key: PortfolioSortKey): number | string | null {
  switch (key) {
    case 'rank':
      return row.rank;
    case 'name':
      return row.scorecard.initiativeName.toLowerCase();
    case 'npv':
      return row.scorecard.guarded.npv;
    case 'roi':
      return row.scorecard.guarded.roi;
    case 'payback':
      return row.scorecard.guarded.paybackMonth;
    case 'p10':
      return row.band?.npv.p10 ?? null;
    case 'probability':
      return row.band?.probabilityRoiPositive ?? null;
  }
}

/** The direction a column sorts in when first clicked: figures best-first, names and ranks ascending. */
export function defaultDirection(key: PortfolioSortKey): 'asc' | 'desc' {
  return key === 'rank' || key === 'name' || key === 'payback' ? 'asc' : 'desc';
}

/** Filters by phase and sorts (default: rank, i.e. NPV descending). Ties keep the NPV rank order. */
export function viewPortfolioRows(rows: readonly PortfolioRow[], filters: PortfolioFilters): PortfolioRow[] {
  const key = filters.sort ?? 'rank';
  const dir = filters.dir ?? defaultDirection(key);
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .filter((r) => !filters.phase || r.scorecard.phase === filters.phase)
    .sort((a, b) => {
      const va = sortValue(a, key);
      const vb = sortValue(b, key);
      if (va === null && vb === null) return a.rank - b.rank;
      if (va === null) return 1;
      if (vb === null) return -1;
      const cmp = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
      return cmp === 0 ? a.rank - b.rank : sign * cmp;
    });
}

/**
 * Totals over the shown rows of the guarded (headline) figures: PV costs, PV benefits (only what the
 * counted costs can buy), NPV and ROI = (benefits − costs) / costs.
 */
export function portfolioTotals(rows: readonly PortfolioRow[]): {
  pvCosts: number;
  pvBenefits: number;
  npv: number;
  roi: number | null;
} {
  const pvCosts = rows.reduce((s, r) => s + r.scorecard.guarded.pvCosts, 0);
  const pvBenefits = rows.reduce((s, r) => s + r.scorecard.guarded.pvBenefits, 0);
  return {
    pvCosts,
    pvBenefits,
    npv: rows.reduce((s, r) => s + r.scorecard.guarded.npv, 0),
    roi: pvCosts > 0 ? (pvBenefits - pvCosts) / pvCosts : null,
  };
}
