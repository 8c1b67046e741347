/**
 * Hash routes of the UI: `#/` (runs, with filters in the query) and `#/runs/:id` (one run).
 * Pure functions so they can be unit-tested; `router.svelte.ts` makes the current route reactive.
 */

/** Text filters of the runs page, as they appear in `#/?model=…&quantization=…`. */
export interface RunsFilters {
  model?: string;
  quantization?: string;
  scenario?: string;
  hardware?: string;
}

export const RUNS_FILTER_KEYS = ['model', 'quantization', 'scenario', 'hardware'] as const;

export type Route =
  | { name: 'runs'; filters: RunsFilters }
  | { name: 'run'; id: string }
  | { name: 'leaderboard'; filters: LeaderboardFilters }
  | { name: 'compare'; ids: string[] }
  | { name: 'fleet'; agentId?: string }
  | { name: 'sign-in' }
  | FinanceRoute
  | { name: 'not-found'; path: string };

import { parseOtherRoute, type LeaderboardFilters } from './routes-more';
import { parseFinanceRoute, type FinanceRoute } from './routes-finance';

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Reads the runs filters from a query string, dropping unknown keys and blank values. */
export function parseRunsFilters(query: string): RunsFilters {
  const params = new URLSearchParams(query);
  const filters: RunsFilters = {};
  for (const key of RUNS_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** Parses `location.hash`. parseHash('#/?quantization=int8') -> runs filtered to int8. */
export function parseHash(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = raw.indexOf('?');
  const pathPart = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = queryAt === -1 ? '' : raw.slice(queryAt + 1);
  const path = pathPart === '' ? '/' : pathPart.replace(/\/+$/, '') || '/';

  if (path === '/' || path === '/runs') return { name: 'runs', filters: parseRunsFilters(query) };
  const runMatch = /^\/runs\/([^/]+)$/.exec(path);
  if (runMatch?.[1]) return { name: 'run', id: safeDecode(runMatch[1]) };
  const other = parseOtherRoute(path, query) ?? parseFinanceRoute(path, query);
  return other ?? { name: 'not-found', path };
}

/** The hash of the runs page with these filters; blank filters are left out. */
export function runsHash(filters: RunsFilters = {}): string {
  const params = new URLSearchParams();
  for (const key of RUNS_FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `#/?${query}` : '#/';
}

/** The hash of one run's page. */
export function runHash(id: string): string {
  return `#/runs/${encodeURIComponent(id)}`;
}

/** True when both filter sets ask for the same thing (used to skip redundant reloads). */
export function sameFilters(a: RunsFilters, b: RunsFilters): boolean {
  return RUNS_FILTER_KEYS.every((key) => (a[key] ?? '') === (b[key] ?? ''));
}
