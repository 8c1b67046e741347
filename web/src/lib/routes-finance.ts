/**
 * Routes of the finance pages: `#/portfolio?phase=&sort=&dir=`, `#/initiatives/:id`,
 * `#/initiatives/:id/deployment` (demand, deployment options, recommendation) and `#/hardware`
 * (hardware profiles and prices).
 * Pure functions, unit-tested in web/test/finance.test.ts.
 */
import type { FinancePhase } from '@yardstick/schema/generated/web';

export const FINANCE_PHASES: readonly FinancePhase[] = ['PILOT', 'INTEGRATION', 'OPTIMIZATION', 'PRODUCTION'];

/** Portfolio columns that can be sorted on. */
export const PORTFOLIO_SORT_KEYS = ['rank', 'name', 'npv', 'roi', 'payback', 'p10', 'probability'] as const;
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number];

/** Portfolio view as it appears in the URL; absent fields mean "all phases, ranked by NPV". */
export interface PortfolioFilters {
  phase?: FinancePhase;
  sort?: PortfolioSortKey;
  dir?: 'asc' | 'desc';
}

export type FinanceRoute =
  | { name: 'portfolio'; filters: PortfolioFilters }
  | { name: 'initiative'; id: string }
  | { name: 'deployment'; id: string }
  | { name: 'hardware' };

/** parsePortfolioFilters('phase=PILOT&sort=roi') -> { phase: 'PILOT', sort: 'roi' }; unknown values dropped. */
export function parsePortfolioFilters(query: string): PortfolioFilters {
  const params = new URLSearchParams(query);
  const filters: PortfolioFilters = {};
  const phase = params.get('phase')?.trim().toUpperCase();
  if (phase && (FINANCE_PHASES as readonly string[]).includes(phase)) filters.phase = phase as FinancePhase;
  const sort = params.get('sort');
  if (sort && (PORTFOLIO_SORT_KEYS as readonly string[]).includes(sort))
    filters.sort = sort as PortfolioSortKey;
  const dir = params.get('dir');
  if (dir === 'asc' || dir === 'desc') filters.dir = dir;
  return filters;
}

/** portfolioHash({ phase: 'PILOT' }) -> '#/portfolio?phase=PILOT'. */
export function portfolioHash(filters: PortfolioFilters = {}): string {
  const params = new URLSearchParams();
  if (filters.phase) params.set('phase', filters.phase);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.dir) params.set('dir', filters.dir);
  const query = params.toString();
  return query ? `#/portfolio?${query}` : '#/portfolio';
}

/** The scorecard page of one initiative. */
export function initiativeHash(id: string): string {
  return `#/initiatives/${encodeURIComponent(id)}`;
}

/** The deployment page of one initiative: demand, options, the ranked recommendation, the choice. */
export function deploymentHash(id: string): string {
  return `#/initiatives/${encodeURIComponent(id)}/deployment`;
}

/** The hardware profiles and prices page. */
export const HARDWARE_HASH = '#/hardware';

/** Parses the paths this file owns; undefined for any other path. */
export function parseFinanceRoute(path: string, query: string): FinanceRoute | undefined {
  if (path === '/portfolio') return { name: 'portfolio', filters: parsePortfolioFilters(query) };
  if (path === '/hardware') return { name: 'hardware' };
  const match = /^\/initiatives\/([^/]+)(\/deployment)?$/.exec(path);
  if (match?.[1]) {
    let id = match[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep the raw segment
    }
    return match[2] ? { name: 'deployment', id } : { name: 'initiative', id };
  }
  return undefined;
}
