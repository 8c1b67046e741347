/**
 * Leaderboard arithmetic, pure: which runs meet the SLO, and ratio-of-sums totals per
 * hardware profile × model × quantization. Costs are applied by LeaderboardService.
 */

/** One run's measured totals and latency quantiles (at the SLO's percentile), from DuckDB. */
export interface LeaderboardRunRow {
  runId: string;
  profileId: string | null;
  model: string;
  quantization: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Last response end − first send over non-warm-up samples, seconds; null without samples. */
  busyS: number | null;
  /** finished_at − started_at, seconds (the time the hardware was held for the run). */
  allocatedS: number | null;
  ttftMs: number | null;
  tpotMs: number | null;
  e2eMs: number | null;
  /** summary.energyJoules reported by the agent, when present. */
  energyJoules: number | null;
  /** runs.started_at, epoch ms: the last tie-break of the best operating point (newer wins). */
  startedAtMs: number;
}

/** Latency limits at one percentile (ms) and an error-rate ceiling; absent limits are not checked. */
export interface SloLimits {
  percentileLabel: string;
  ttftMs?: number | null;
  tpotMs?: number | null;
  e2eMs?: number | null;
  maxErrorRate?: number | null;
}

/** Why a run does not count towards its group, or null when it meets the SLO. */
export function sloFailure(row: LeaderboardRunRow, slo: SloLimits): string | null {
  if (row.requests === 0 || row.busyS === null || row.busyS <= 0) return 'no non-warm-up samples';
  const checks: [string, number | null, number | null | undefined][] = [
    ['ttft', row.ttftMs, slo.ttftMs],
    ['tpot', row.tpotMs, slo.tpotMs],
    ['e2e', row.e2eMs, slo.e2eMs],
  ];
  for (const [name, value, limit] of checks) {
    if (limit === null || limit === undefined) continue;
    if (value === null) return `${name} ${slo.percentileLabel}: no successful samples`;
    if (value > limit) return `${name} ${slo.percentileLabel} ${round(value)} ms > ${limit} ms`;
  }
  if (slo.maxErrorRate !== null && slo.maxErrorRate !== undefined) {
    const rate = row.errors / row.requests;
    if (rate > slo.maxErrorRate) return `error rate ${round(rate)} > ${slo.maxErrorRate}`;
  }
  return null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Sums over the qualifying runs of one profile × model × quantization. */
export interface LeaderboardGroup {
  profileId: string;
  model: string;
  quantization: string;
  runIds: string[];
  excludedRuns: { runId: string; reason: string }[];
  inputTokens: number;
  outputTokens: number;
  busySeconds: number;
  allocatedSeconds: number;
  /** Σ output tokens ÷ Σ busy seconds over qualifying runs; null when none qualify. */
  throughputTokensPerS: number | null;
  energyJoules: number;
  /** Output tokens of the qualifying runs that reported energy (the denominator of J/token). */
  energyOutputTokens: number;
  energyRunIds: string[];
  /** Σ energy ÷ Σ output tokens over qualifying runs with energy; null when none reported it. */
  joulesPerOutputToken: number | null;
  /** The qualifying run with the highest output throughput (see `isBetterOperatingPoint`); null when none. */
  bestRun: LeaderboardRunRow | null;
}

/** Output tokens ÷ busy seconds of one run; 0 without busy time (such a run never meets the SLO). */
export function runThroughput(row: LeaderboardRunRow): number {
  return row.busyS !== null && row.busyS > 0 ? row.outputTokens / row.busyS : 0;
}

/**
 * Whether qualifying run `a` is a better operating point than `b`: the highest load that still meets
 * the SLO, i.e. higher output tokens/s; ties go to more requests, then to the newer run (then the
 * larger id, so the choice never depends on row order).
 *
 * Example: a sweep at concurrency 1, 8, 32 giving 150, 900 and 1,400 tokens/s, where 32 misses the
 * SLO, picks the concurrency-8 run (900 tokens/s), not the pooled average of 1 and 8.
 */
export function isBetterOperatingPoint(a: LeaderboardRunRow, b: LeaderboardRunRow): boolean {
  const byRate = runThroughput(a) - runThroughput(b);
  if (byRate !== 0) return byRate > 0;
  if (a.requests !== b.requests) return a.requests > b.requests;
  if (a.startedAtMs !== b.startedAtMs) return a.startedAtMs > b.startedAtMs;
  return a.runId > b.runId;
}

/**
 * Groups runs with a profile by profile × model × quantization and sums the ones meeting the SLO.
 * Every ratio is a ratio of sums. Allocated time is at least the busy time of a run.
 *
 * Worked example: two qualifying runs of 1,000 tokens in 10 s and 3,000 tokens in 20 s give
 * 4,000 / 30 = 133.3 tokens/s (averaging the per-run rates 100 and 150 would wrongly give 125).
 * Each group also keeps its best operating point (`bestRun`), the second run here (150 tokens/s).
 */
export function aggregateGroups(rows: readonly LeaderboardRunRow[], slo: SloLimits): LeaderboardGroup[] {
  const groups = new Map<string, LeaderboardGroup>();
  for (const row of rows) {
    if (row.profileId === null) continue;
    const key = JSON.stringify([row.profileId, row.model, row.quantization]);
    let group = groups.get(key);
    if (!group) {
      group = {
        profileId: row.profileId,
        model: row.model,
        quantization: row.quantization,
        runIds: [],
        excludedRuns: [],
        inputTokens: 0,
        outputTokens: 0,
        busySeconds: 0,
        allocatedSeconds: 0,
        throughputTokensPerS: null,
        energyJoules: 0,
        energyOutputTokens: 0,
        energyRunIds: [],
        joulesPerOutputToken: null,
        bestRun: null,
      };
      groups.set(key, group);
    }
    const failure = sloFailure(row, slo);
    if (failure) {
      group.excludedRuns.push({ runId: row.runId, reason: failure });
      continue;
    }
    const busyS = row.busyS!;
    group.runIds.push(row.runId);
    group.inputTokens += row.inputTokens;
    group.outputTokens += row.outputTokens;
    group.busySeconds += busyS;
    group.allocatedSeconds += Math.max(row.allocatedS ?? busyS, busyS);
    if (!group.bestRun || isBetterOperatingPoint(row, group.bestRun)) group.bestRun = row;
    if (row.energyJoules !== null) {
      group.energyJoules += row.energyJoules;
      group.energyOutputTokens += row.outputTokens;
      group.energyRunIds.push(row.runId);
    }
  }
  for (const group of groups.values()) {
    group.throughputTokensPerS = group.busySeconds > 0 ? group.outputTokens / group.busySeconds : null;
    group.joulesPerOutputToken =
      group.energyOutputTokens > 0 ? group.energyJoules / group.energyOutputTokens : null;
  }
  return [...groups.values()];
}
