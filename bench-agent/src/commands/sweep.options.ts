import os from 'node:os';
import type { Command } from 'commander';
import { positiveNumber } from './parse-options';
import { resolveWorkerCount } from '../workers/load-split';
import { parseCollectorNames } from '../telemetry/telemetry.registry';
import { loadCostProfile } from '../cost/cost-profile.loader';
import type { MeasurementOptions } from '../workers/measured-run';

/** Flags shared by `run`, `sweep` and `plan` for workers, telemetry and cost. */
export interface MeasurementFlags {
  workers?: string;
  telemetry?: string;
  telemetryIntervalMs?: number;
  priceUsdPerHour?: number;
  costProfile?: string;
  utilisation?: number;
}

/** Adds --workers, --telemetry, --telemetry-interval-ms, --price-usd-per-hour, --cost-profile, --utilisation. */
export function addMeasurementOptions(cmd: Command): Command {
  return cmd
    .option(
      '--workers <n|auto>',
      'load-generating processes (auto = one per core); use when one core cannot hold the rate. ' +
        'With more than 1, per-request samples are not uploaded: the merged summary is',
    )
    .option(
      '--telemetry <list>',
      'hardware telemetry during the run: auto, none, or a comma list of nvidia-smi, amd-smi, rocm-smi, rapl, host',
      'auto',
    )
    .option('--telemetry-interval-ms <ms>', 'telemetry sampling interval', positiveNumber, 500)
    .option('--price-usd-per-hour <usd>', 'hourly price of the hardware (cloud): adds $/Mtok', positiveNumber)
    .option(
      '--cost-profile <file>',
      'hardware cost profile YAML (capex_usd, residual_usd, years, power_kw, pue, usd_per_kwh, ...): adds $/Mtok',
    )
    .option(
      '--utilisation <0-1>',
      'share of reserved hours the hardware is busy (allocation basis)',
      positiveNumber,
      1,
    );
}

/** Turns the flags into MeasurementOptions; errors name the flag. */
export function measurementFromFlags(f: MeasurementFlags): MeasurementOptions {
  if (f.priceUsdPerHour !== undefined && f.costProfile !== undefined) {
    throw new Error('use either --price-usd-per-hour or --cost-profile, not both');
  }
  if (f.utilisation !== undefined && f.utilisation > 1) throw new Error('--utilisation must be in (0, 1]');
  return {
    workers: f.workers === undefined ? 1 : resolveWorkerCount(f.workers, os.availableParallelism()),
    telemetry: parseCollectorNames(f.telemetry ?? 'none'),
    telemetryOptions: { intervalMs: f.telemetryIntervalMs },
    cost:
      f.priceUsdPerHour !== undefined
        ? { kind: 'hourly', usdPerHour: f.priceUsdPerHour }
        : f.costProfile !== undefined
          ? { kind: 'profile', profile: loadCostProfile(f.costProfile), powerSource: 'profile' }
          : undefined,
    utilisation: f.utilisation,
  };
}
