import type { TelemetrySample } from './telemetry.types';

/** One reading as the server's appendTelemetry takes it (TelemetryReadingInput). */
export interface TelemetryReading {
  /** 'gpu:0', 'cpu-package:0', 'host'. */
  device: string;
  /** Collector name: 'nvidia-smi', 'rapl', 'host', ... */
  collector: string;
  /** ISO 8601. */
  at: string;
  powerW?: number;
  utilisationPct?: number;
  memoryUsedBytes?: number;
  temperatureC?: number;
}

const MIB = 1024 * 1024;

/** The server's device id for a collector's device: gpu0 → gpu:0, package-0 → cpu-package:0. */
export function deviceId(device: string): string {
  const gpu = /^gpu(\d+)$/.exec(device);
  if (gpu) return `gpu:${gpu[1]}`;
  const pkg = /^package-(\d+)$/.exec(device);
  if (pkg) return `cpu-package:${pkg[1]}`;
  return device.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64) || 'unknown';
}

/**
 * Collector samples (oldest first) as upload readings: MiB → bytes, utilisation clamped to 0-100 %,
 * and RAPL's cumulative joules turned into watts between consecutive readings of a package
 * (ΔJ ÷ Δs; 30 J over 0.5 s → 60 W). Readings that carry no measure at all are dropped.
 */
export function toReadings(samples: readonly TelemetrySample[]): TelemetryReading[] {
  const lastEnergy = new Map<string, { tMs: number; j: number }>();
  const out: TelemetryReading[] = [];
  for (const s of samples) {
    const r: TelemetryReading = {
      device: deviceId(s.device),
      collector: s.source,
      at: new Date(s.tMs).toISOString(),
    };
    let power = s.powerW;
    if (power === undefined && s.energyJ !== undefined) {
      const key = `${s.source}/${s.device}`;
      const prev = lastEnergy.get(key);
      lastEnergy.set(key, { tMs: s.tMs, j: s.energyJ });
      if (prev && s.tMs > prev.tMs && s.energyJ >= prev.j)
        power = ((s.energyJ - prev.j) * 1000) / (s.tMs - prev.tMs);
    }
    if (power !== undefined && power >= 0) r.powerW = power;
    if (s.utilizationPct !== undefined) r.utilisationPct = Math.min(100, Math.max(0, s.utilizationPct));
    if (s.memoryUsedMiB !== undefined && s.memoryUsedMiB >= 0) r.memoryUsedBytes = s.memoryUsedMiB * MIB;
    if (s.temperatureC !== undefined) r.temperatureC = s.temperatureC;
    if (
      r.powerW !== undefined ||
      r.utilisationPct !== undefined ||
      r.memoryUsedBytes !== undefined ||
      r.temperatureC !== undefined
    )
      out.push(r);
  }
  return out;
}
