import { TypedDocumentString, type RunFilter } from '@yardstick/schema/generated/web';

/**
 * The pooled latency of many run groups in ONE request: one aliased `runTrends` (bucket MONTH) per
 * group, each with its own RunFilter variable. Built at run time because the number of groups (the
 * leaderboard's entries) is only known then; the fields asked for are fixed and typed below.
 *
 * Why not per-run stats: `runs { stats }` costs ~11 ms a run on the server (1,000 runs: ~11 s), while
 * one trend per group costs ~36 ms (56 groups: ~2 s). LeaderboardEntry carrying these two figures
 * would make this request unnecessary (see the web README).
 */
export interface GroupLatency {
  runCount: number;
  /** ms; null without successful requests. */
  ttftP95Ms: number | null;
  /** ms; null without multi-token responses. */
  tpotP50Ms: number | null;
}

type Variables = Record<string, RunFilter>;
type Result = Record<string, GroupLatency[]>;

/** groupLatencyDocument(2) -> `query GroupLatency($f0: RunFilter, $f1: RunFilter) { g0: runTrends(…) … }`. */
export function groupLatencyDocument(groups: number): TypedDocumentString<Result, Variables> {
  const indexes = Array.from({ length: groups }, (_, i) => i);
  const params = indexes.map((i) => `$f${i}: RunFilter`).join(', ');
  const fields = indexes
    .map((i) => `g${i}: runTrends(bucket: MONTH, filter: $f${i}) { runCount ttftP95Ms tpotP50Ms }`)
    .join('\n  ');
  return new TypedDocumentString<Result, Variables>(`query GroupLatency(${params}) {\n  ${fields}\n}`);
}

/** Variables for the filters, in order: {f0: filters[0], …}. */
export function groupLatencyVariables(filters: RunFilter[]): Variables {
  return Object.fromEntries(filters.map((f, i) => [`f${i}`, f]));
}

/**
 * Pools the month buckets of one group into one figure: the bucket with the most runs wins (a
 * scenario benchmarked within one month has exactly one bucket).
 */
export function pickGroupLatency(result: Result, index: number): GroupLatency | null {
  const buckets = result[`g${index}`] ?? [];
  return buckets.reduce<GroupLatency | null>(
    (best, b) => (!best || b.runCount > best.runCount ? b : best),
    null,
  );
}
