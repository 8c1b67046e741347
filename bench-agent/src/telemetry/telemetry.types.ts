/**
 * Hardware telemetry sampled while a run is in progress. Each collector reads one source (one per file,
 * registered by name in telemetry.registry.ts), stamps every reading with the wall-clock time, and says
 * plainly when its source is unavailable on this machine instead of failing the run.
 */

/** One reading of one device. Absent fields were not reported by the source (e.g. "[N/A]"). */
export interface TelemetrySample {
  /** Wall-clock time of the reading, Unix epoch milliseconds. */
  tMs: number;
  /** Collector name: "nvidia-smi", "amd-smi", "rocm-smi", "rapl", "host". */
  source: string;
  /** Device within the source: "gpu0", "package-0", "host". */
  device: string;
  powerW?: number;
  utilizationPct?: number;
  memoryUsedMiB?: number;
  temperatureC?: number;
  /** Cumulative energy counter, joules since the collector started (RAPL). */
  energyJ?: number;
}

/** Whether a collector can run here, and why not. */
export type Availability = { available: true } | { available: false; reason: string };

/** Options every collector accepts. */
export interface CollectorOptions {
  /** Sampling interval, milliseconds (default 500). */
  intervalMs?: number;
  /** Executable to run instead of the one on PATH (tests point this at a fixture). */
  command?: string;
  /** Root of the sysfs tree for file-based collectors (tests point this at a fixture directory). */
  sysfsRoot?: string;
  /** Clock for sample timestamps (epoch ms); tests may pin it. */
  now?: () => number;
}

/**
 * A running source of samples. Contract: `start` never throws for a missing tool or file — it resolves
 * to `{ available: false, reason }`; `stop` ends sampling and returns every sample, oldest first.
 */
export interface Collector {
  readonly name: string;
  start(): Promise<Availability>;
  stop(): Promise<TelemetrySample[]>;
}

export type CollectorFactory = (options: CollectorOptions) => Collector;

/** Parses a reading that tools print as a number or as "[N/A]", "N/A", "[Not Supported]". */
export function numberOrUndefined(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const n = Number.parseFloat(raw.trim());
  return Number.isFinite(n) ? n : undefined;
}
