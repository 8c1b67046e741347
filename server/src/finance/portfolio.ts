/**
 * Portfolio: every initiative's scorecard, totals and a ranking (by NPV, then ROI).
 */
import type { Initiative } from './model.js';
import { scorecard, type Scorecard } from './scorecard.js';

export interface PortfolioEntry {
  rank: number;
  scorecard: Scorecard;
}

export interface PortfolioResult {
  /** Reporting currency; every initiative must use it (convert first). */
  currency: string;
  entries: PortfolioEntry[];
  totals: { pvCosts: number; pvBenefits: number; npv: number; roi: number | null };
  /** Initiatives whose own phase guard flags a phase mismatch. */
  flaggedInitiativeIds: string[];
}

/**
 * Scores and ranks initiatives by NPV (ties by ROI). Totals add present values, so the portfolio ROI
 * is (Σ PV benefits − Σ PV costs) / Σ PV costs — not an average of ROIs.
 * Example: A (npv 50k, pvCosts 100k) and B (npv 20k, pvCosts 10k) → ranks A, B; total roi 70k/110k = 0.636.
 */
export function portfolio(initiatives: readonly Initiative[]): PortfolioResult {
  const currencies = new Set(initiatives.map((i) => i.currency ?? 'USD'));
  if (currencies.size > 1) {
    throw new RangeError(
      `initiatives use several currencies (${[...currencies].join(', ')}); convert them to one first`,
    );
  }
  const cards = initiatives.map((i) => scorecard(i));
  cards.sort((a, b) => b.npv - a.npv || (b.roi ?? -Infinity) - (a.roi ?? -Infinity));
  const pvCosts = cards.reduce((s, c) => s + c.pvCosts, 0);
  const pvBenefits = cards.reduce((s, c) => s + c.pvBenefits, 0);
  return {
    currency: [...currencies][0] ?? 'USD',
    entries: cards.map((c, i) => ({ rank: i + 1, scorecard: c })),
    totals: {
      pvCosts,
      pvBenefits,
      npv: pvBenefits - pvCosts,
      roi: pvCosts > 0 ? (pvBenefits - pvCosts) / pvCosts : null,
    },
    flaggedInitiativeIds: cards.filter((c) => !c.phaseGuard.likeForLike).map((c) => c.initiativeId),
  };
}
