/**
 * Turns leaderboard entries (hardware profile × model × quantization) into scatter points, and finds
 * the Pareto frontier. Pure functions, unit-tested in web/test/leaderboard-points.test.ts.
 */

/** The entry fields the scatter needs; latency is pooled over the entry's runs by the server. */
export interface EntryInput {
  model: string;
  quantization: string;
  runIds: string[];
  costPerMtokAllocation: number | null;
  throughputAtSloTokensPerS: number | null;
  /** p95 TTFT over every successful request of `runIds` (pooled, not averaged), ms. */
  ttftP95Ms: number | null;
  /** Median TPOT over every successful request of `runIds` (pooled), ms. */
  tpotP50Ms: number | null;
  hardwareProfile: { id: string; name: string; vendor: string; acceleratorModel: string };
  /** The best operating point: the one run meeting the SLO with the highest output tokens/s. */
  atSlo: AtSloInput | null;
  /** The profile's hourly cost in the leaderboard's currency; null without a price. */
  hourlyCost?: { costPerHour: number } | null;
}

/** The fields of `LeaderboardEntry.atSlo` the page shows. */
export interface AtSloInput {
  runId: string;
  outputTokensPerS: number;
  concurrency: number | null;
  ratePerS: number | null;
}

/** The best single run of an entry, as the table shows it. */
export interface BestAtSlo {
  runId: string;
  tokensPerS: number;
  /** The run's load, e.g. "concurrency 8" or "5 req/s"; null when its config does not say. */
  load: string | null;
}

export interface LeaderboardPoint {
  /** Stable key: profile id, model, quantization. */
  key: string;
  label: string;
  vendor: string;
  /** The profile's accelerator model ("H100"), a runs-page hardware filter. */
  hardwareModel: string;
  model: string;
  quantization: string;
  runIds: string[];
  /** Cost per million output tokens, allocation basis (the runs' own held hours, pooled); null without a price. */
  costPerMtok: number | null;
  /**
   * Cost per million output tokens if the hardware were never idle, at the best run's throughput:
   * $/h × 1e6 ÷ (atSlo tok/s × 3600). Null without a price or a run meeting the SLO.
   */
  costPerMtokAtFullUtilisation: number | null;
  /** p95 TTFT over every successful request of the entry's runs, ms; null without any. */
  ttftP95Ms: number | null;
  /** Tokens per second one user sees: 1000 ÷ the pooled median TPOT (ms). */
  tokensPerSPerUser: number | null;
  /** Pooled over runIds: Σ output tokens ÷ Σ busy seconds (a sweep's points mixed). */
  throughputTokensPerS: number | null;
  /** The highest-throughput run that meets the SLO; null when none does. */
  bestAtSlo: BestAtSlo | null;
  onFrontier: boolean;
}

/** One point per entry. An entry with pooled TPOT p50 20 ms gets tokensPerSPerUser 1000 / 20 = 50. */
export function buildPoints(entries: EntryInput[]): LeaderboardPoint[] {
  const points = entries.map((entry): LeaderboardPoint => {
    const tpot = entry.tpotP50Ms;
    return {
      key: `${entry.hardwareProfile.id}|${entry.model}|${entry.quantization}`,
      label: `${entry.hardwareProfile.name} · ${entry.model} · ${entry.quantization}`,
      vendor: entry.hardwareProfile.vendor,
      hardwareModel: entry.hardwareProfile.acceleratorModel,
      model: entry.model,
      quantization: entry.quantization,
      runIds: entry.runIds,
      costPerMtok: entry.costPerMtokAllocation,
      costPerMtokAtFullUtilisation:
        entry.hourlyCost && entry.atSlo && entry.atSlo.outputTokensPerS > 0
          ? (entry.hourlyCost.costPerHour * 1e6) / (entry.atSlo.outputTokensPerS * 3600)
          : null,
      ttftP95Ms: entry.ttftP95Ms,
      tokensPerSPerUser: tpot !== null && tpot > 0 ? 1000 / tpot : null,
      throughputTokensPerS: entry.throughputAtSloTokensPerS,
      bestAtSlo: entry.atSlo ? bestAtSloOf(entry.atSlo) : null,
      onFrontier: false,
    };
  });
  markFrontier(points, 'ttft');
  return points;
}

/** `{ runId, outputTokensPerS: 500, concurrency: 8 }` → `{ runId, tokensPerS: 500, load: 'concurrency 8' }`. */
export function bestAtSloOf(atSlo: AtSloInput): BestAtSlo {
  const load =
    atSlo.concurrency !== null
      ? `concurrency ${atSlo.concurrency}`
      : atSlo.ratePerS !== null
        ? `${atSlo.ratePerS} req/s`
        : null;
  return { runId: atSlo.runId, tokensPerS: atSlo.outputTokensPerS, load };
}

/**
 * Marks the Pareto frontier in place: a point is on it when no other point is at least as good on
 * both axes and better on one. Cheaper is better; for `ttft` lower latency is better, for `tpsUser`
 * more tokens/s per user is better. Points missing either figure are never on it.
 */
export function markFrontier(points: LeaderboardPoint[], y: 'ttft' | 'tpsUser'): void {
  const yOf = (p: LeaderboardPoint): number | null =>
    y === 'ttft' ? p.ttftP95Ms : p.tokensPerSPerUser === null ? null : -p.tokensPerSPerUser;
  for (const p of points) {
    const py = yOf(p);
    if (p.costPerMtok === null || py === null) {
      p.onFrontier = false;
      continue;
    }
    const pc = p.costPerMtok;
    p.onFrontier = !points.some((q) => {
      const qy = yOf(q);
      if (q === p || q.costPerMtok === null || qy === null) return false;
      return q.costPerMtok <= pc && qy <= py && (q.costPerMtok < pc || qy < py);
    });
  }
}

/** Distinct sorted values, for filter pick lists. */
export function distinct(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

/**
 * The cost axis scale: logarithmic when the plotted costs span a factor of `wideRatio` (default 20)
 * or more, so cheap points are not squeezed against the axis; linear otherwise or with any cost ≤ 0.
 * costAxisScale([0.4, 12]) -> 'logarithmic'; costAxisScale([1, 3]) -> 'linear'.
 */
export function costAxisScale(costs: readonly number[], wideRatio = 20): 'linear' | 'logarithmic' {
  if (costs.length < 2 || costs.some((c) => !(c > 0))) return 'linear';
  return Math.max(...costs) / Math.min(...costs) >= wideRatio ? 'logarithmic' : 'linear';
}

/** A log-axis tick worth a label: 1, 2 or 5 × 10^n. isRoundLogTick(0.5) -> true, isRoundLogTick(0.7) -> false. */
export function isRoundLogTick(value: number): boolean {
  if (!(value > 0)) return false;
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}
