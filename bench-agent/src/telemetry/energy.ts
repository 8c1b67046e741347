import type { TelemetrySample } from './telemetry.types';

/**
 * Energy from power samples by the trapezoid rule: Σ (P[i] + P[i−1]) / 2 × (t[i] − t[i−1]), joules.
 * Samples must belong to one device; they are sorted by time first.
 * Example: 100 W at t = 0 s, 200 W at t = 1 s, 200 W at t = 3 s → 150 × 1 + 200 × 2 = 550 J.
 */
export function trapezoidJoules(samples: readonly { tMs: number; powerW?: number }[]): number {
  const points = samples.filter((s) => s.powerW !== undefined).sort((a, b) => a.tMs - b.tMs);
  let joules = 0;
  for (let i = 1; i < points.length; i += 1) {
    const dtS = (points[i]!.tMs - points[i - 1]!.tMs) / 1000;
    joules += ((points[i]!.powerW! + points[i - 1]!.powerW!) / 2) * dtS;
  }
  return joules;
}

/** Energy of one device over a run. */
export interface DeviceEnergy {
  source: string;
  device: string;
  joules: number;
  /** Joules ÷ covered seconds. */
  averagePowerW: number | null;
  /** Time the samples cover, seconds. */
  coveredS: number;
  /** "counter": from a cumulative energy counter (RAPL); "trapezoid": integrated from power readings. */
  method: 'counter' | 'trapezoid';
}

/**
 * Energy per device within [fromMs, toMs] (epoch ms; defaults: all samples). Counters (energyJ) give the
 * exact difference; power readings are integrated with the trapezoid rule. Host CPU load samples carry
 * no power and are skipped.
 */
export function energyByDevice(
  samples: readonly TelemetrySample[],
  fromMs = -Infinity,
  toMs = Infinity,
): DeviceEnergy[] {
  const groups = new Map<string, TelemetrySample[]>();
  for (const s of samples) {
    if (s.tMs < fromMs || s.tMs > toMs) continue;
    if (s.powerW === undefined && s.energyJ === undefined) continue;
    const key = `${s.source}\u0000${s.device}`;
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  const out: DeviceEnergy[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.tMs - b.tMs);
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const coveredS = (last.tMs - first.tMs) / 1000;
    const counters = list.filter((s) => s.energyJ !== undefined);
    const joules =
      counters.length >= 2
        ? counters[counters.length - 1]!.energyJ! - counters[0]!.energyJ!
        : trapezoidJoules(list);
    out.push({
      source: first.source,
      device: first.device,
      joules,
      averagePowerW: coveredS > 0 ? joules / coveredS : null,
      coveredS,
      method: counters.length >= 2 ? 'counter' : 'trapezoid',
    });
  }
  return out.sort((a, b) => `${a.source}${a.device}`.localeCompare(`${b.source}${b.device}`));
}

/** Energy efficiency of a run. */
export interface EnergyEfficiency {
  joules: number;
  /** J ÷ output tokens. 550 J over 1,100 output tokens → 0.5 J/token. */
  joulesPerOutputToken: number | null;
  /** Output tokens ÷ J (the reciprocal): 2 tokens/J in the example. */
  outputTokensPerJoule: number | null;
}

/** J per output token and tokens per J; null where there were no tokens or no energy. */
export function energyEfficiency(joules: number, outputTokens: number): EnergyEfficiency {
  return {
    joules,
    joulesPerOutputToken: outputTokens > 0 ? joules / outputTokens : null,
    outputTokensPerJoule: joules > 0 ? outputTokens / joules : null,
  };
}
