import { AmdSmiCollector } from './amd-smi.collector';
import { HostCollector } from './host.collector';
import { NvidiaSmiCollector } from './nvidia-smi.collector';
import { RaplCollector } from './rapl.collector';
import { RocmSmiCollector } from './rocm-smi.collector';
import { energyByDevice, energyEfficiency, type DeviceEnergy, type EnergyEfficiency } from './energy';
import type { Collector, CollectorFactory, CollectorOptions, TelemetrySample } from './telemetry.types';

/** Collectors registered by name (`--telemetry nvidia-smi,rapl,host`). */
export const COLLECTORS: Record<string, CollectorFactory> = {
  'nvidia-smi': (o) => new NvidiaSmiCollector(o),
  'amd-smi': (o) => new AmdSmiCollector(o),
  'rocm-smi': (o) => new RocmSmiCollector(o),
  rapl: (o) => new RaplCollector(o),
  host: (o) => new HostCollector(o),
};

/** What `auto` tries: every collector; the unavailable ones are reported and skipped. */
export const AUTO_COLLECTORS = ['nvidia-smi', 'amd-smi', 'rapl', 'host'];

/** Per-collector options, keyed by collector name (tests point `command`/`sysfsRoot` at fixtures). */
export type TelemetryOptions = CollectorOptions & {
  perCollector?: Record<string, CollectorOptions>;
  /** Hears the report (readings included) when the session stops: how `run` uploads the readings. */
  onReport?: (report: TelemetryReport) => void;
};

/** Telemetry of one run, stored in the run summary as `telemetry`. */
export interface TelemetryReport {
  collectors: { name: string; available: boolean; reason?: string; samples: number }[];
  samples: TelemetrySample[];
  energy: DeviceEnergy[];
  /** Accelerator energy (GPU collectors) plus CPU package energy (RAPL), joules. */
  totalJoules: number;
  /** Average power over the run, W (total joules ÷ the longest covered span). */
  averagePowerW: number | null;
  efficiency?: EnergyEfficiency;
}

/** Parses `--telemetry` ("auto", "none", or a comma list); the error lists the known names. */
export function parseCollectorNames(value: string): string[] {
  if (value === 'none') return [];
  if (value === 'auto') return AUTO_COLLECTORS;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!COLLECTORS[n])
      throw new Error(
        `--telemetry: unknown collector "${n}"; use auto, none or any of: ${Object.keys(COLLECTORS).join(', ')}`,
      );
  }
  return names;
}

/** A set of collectors started together for one run. */
export class TelemetrySession {
  private readonly running: Collector[] = [];
  private readonly status: TelemetryReport['collectors'] = [];
  private onReport: TelemetryOptions['onReport'];

  private constructor() {}

  /** Starts the named collectors in parallel; unavailable ones are recorded with their reason. */
  static async start(names: readonly string[], options: TelemetryOptions = {}): Promise<TelemetrySession> {
    const session = new TelemetrySession();
    const { perCollector, onReport, ...common } = options;
    session.onReport = onReport;
    await Promise.all(
      names.map(async (name) => {
        const factory = COLLECTORS[name];
        if (!factory) throw new Error(`unknown telemetry collector "${name}"`);
        const collector = factory({ ...common, ...perCollector?.[name] });
        const a = await collector.start();
        if (a.available) session.running.push(collector);
        session.status.push(
          a.available
            ? { name, available: true, samples: 0 }
            : { name, available: false, reason: a.reason, samples: 0 },
        );
      }),
    );
    return session;
  }

  /** One line per collector: "nvidia-smi: sampling" or "rapl: unavailable (...)". */
  describe(): string[] {
    return this.status.map((s) => `${s.name}: ${s.available ? 'sampling' : `unavailable (${s.reason})`}`);
  }

  /** Stops sampling; energy counts samples within [fromMs, toMs] (epoch ms) when given. */
  async stop(outputTokens?: number, fromMs?: number, toMs?: number): Promise<TelemetryReport> {
    const samples: TelemetrySample[] = [];
    for (const c of this.running) {
      const got = await c.stop();
      samples.push(...got);
      const st = this.status.find((s) => s.name === c.name);
      if (st) st.samples = got.length;
    }
    samples.sort((a, b) => a.tMs - b.tMs);
    const energy = energyByDevice(samples, fromMs, toMs);
    const totalJoules = energy.reduce((a, e) => a + e.joules, 0);
    const spanS = Math.max(0, ...energy.map((e) => e.coveredS));
    const report: TelemetryReport = {
      collectors: this.status,
      samples,
      energy,
      totalJoules,
      averagePowerW: spanS > 0 ? totalJoules / spanS : null,
    };
    if (outputTokens !== undefined && energy.length > 0)
      report.efficiency = energyEfficiency(totalJoules, outputTokens);
    this.onReport?.(report);
    return report;
  }
}
