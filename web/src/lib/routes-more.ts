/**
 * Routes of the leaderboard, compare, fleet and sign-in pages (`router.ts` keeps the runs routes).
 * Pure functions, unit-tested in web/test/routes-more.test.ts.
 */

/** Leaderboard filters as they appear in `#/leaderboard?scenario=…&model=…&vendor=…&y=…`. */
export interface LeaderboardFilters {
  scenario?: string;
  model?: string;
  vendor?: string;
  /** Y axis of the scatter: `ttft` (p95 TTFT, ms; default) or `tpsUser` (tokens/s per user). */
  y?: 'ttft' | 'tpsUser';
}

export const LEADERBOARD_FILTER_KEYS = ['scenario', 'model', 'vendor', 'y'] as const;

/** Compare takes two to four runs; more are dropped, in order. */
export const MAX_COMPARED_RUNS = 4;

type OtherRoute =
  | { name: 'leaderboard'; filters: LeaderboardFilters }
  | { name: 'compare'; ids: string[] }
  | { name: 'fleet'; agentId?: string }
  | { name: 'sign-in' };

/** Reads leaderboard filters, dropping blanks and unknown `y` values. */
export function parseLeaderboardFilters(query: string): LeaderboardFilters {
  const params = new URLSearchParams(query);
  const filters: LeaderboardFilters = {};
  for (const key of ['scenario', 'model', 'vendor'] as const) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const y = params.get('y');
  if (y === 'ttft' || y === 'tpsUser') filters.y = y;
  return filters;
}

/** The leaderboard's hash; blank filters are left out. */
export function leaderboardHash(filters: LeaderboardFilters = {}): string {
  const params = new URLSearchParams();
  for (const key of LEADERBOARD_FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `#/leaderboard?${query}` : '#/leaderboard';
}

/** compareHash(['a','b']) -> '#/compare?ids=a,b' (the first run is the baseline). */
export function compareHash(ids: string[]): string {
  return `#/compare?ids=${ids.map(encodeURIComponent).join(',')}`;
}

/** The fleet page, optionally with one agent's runs open. */
export function fleetHash(agentId?: string): string {
  return agentId ? `#/fleet?agent=${encodeURIComponent(agentId)}` : '#/fleet';
}

/** Parses the paths this file owns; undefined for any other path. */
export function parseOtherRoute(path: string, query: string): OtherRoute | undefined {
  const params = new URLSearchParams(query);
  if (path === '/leaderboard') return { name: 'leaderboard', filters: parseLeaderboardFilters(query) };
  if (path === '/compare') {
    const ids = (params.get('ids') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    return { name: 'compare', ids: [...new Set(ids)].slice(0, MAX_COMPARED_RUNS) };
  }
  if (path === '/fleet') {
    const agentId = params.get('agent')?.trim();
    return agentId ? { name: 'fleet', agentId } : { name: 'fleet' };
  }
  if (path === '/sign-in') return { name: 'sign-in' };
  return undefined;
}
