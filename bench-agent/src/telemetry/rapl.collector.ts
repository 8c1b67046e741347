import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PollingCollector } from './polling.collector';
import type { TelemetrySample } from './telemetry.types';

/** Default sysfs root of the Linux power-capping framework. */
export const POWERCAP_ROOT = '/sys/class/powercap';

/**
 * Energy consumed between two readings of a RAPL counter, µJ. The counter `energy_uj` counts up to
 * `max_energy_range_uj` and then wraps to 0 (kernel Documentation/power/powercap/powercap.rst), so a
 * smaller reading means one wrap: delta = (max − prev) + cur.
 * Example: prev 262,143,000,000, cur 1,000,000, max 262,143,328,850 → 328,850 + 1,000,000 = 1,328,850 µJ.
 */
export function raplDeltaMicroJ(prevUj: number, curUj: number, maxRangeUj: number): number {
  return curUj >= prevUj ? curUj - prevUj : maxRangeUj - prevUj + curUj;
}

interface Zone {
  dir: string;
  name: string;
  maxRangeUj: number;
  lastUj: number;
  lastTMs: number;
  totalJ: number;
}

/**
 * CPU package energy from Linux RAPL: top-level zones `intel-rapl:<n>` under the powercap root (AMD Zen
 * exposes the same interface). Reports per package the cumulative joules since start and the average
 * power over the last interval. Since Linux 5.10 `energy_uj` is readable by root only (CVE-2020-8694):
 * the collector then says so and how to fix it.
 */
export class RaplCollector extends PollingCollector {
  readonly name = 'rapl';
  private zones: Zone[] | undefined;

  private get root(): string {
    return this.options.sysfsRoot ?? POWERCAP_ROOT;
  }

  private async discover(): Promise<Zone[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch {
      throw new Error(`${this.root} does not exist (no powercap support: not Linux, or RAPL not exposed)`);
    }
    const dirs = entries.filter((e) => /^intel-rapl:\d+$/.test(e)).sort();
    if (dirs.length === 0) throw new Error(`${this.root} has no intel-rapl:<n> package zones`);
    const tMs = this.now();
    return Promise.all(
      dirs.map(async (d) => {
        const dir = path.join(this.root, d);
        const name = (await readFile(path.join(dir, 'name'), 'utf8').catch(() => d)).trim();
        const maxRangeUj = Number((await readFile(path.join(dir, 'max_energy_range_uj'), 'utf8')).trim());
        const lastUj = await this.readCounter(dir);
        return { dir, name, maxRangeUj, lastUj, lastTMs: tMs, totalJ: 0 };
      }),
    );
  }

  private async readCounter(dir: string): Promise<number> {
    const file = path.join(dir, 'energy_uj');
    try {
      return Number((await readFile(file, 'utf8')).trim());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') {
        throw new Error(
          `${file} is readable by root only; run the agent as root or "sudo chmod o+r ${file}"`,
        );
      }
      throw err;
    }
  }

  protected async read(): Promise<TelemetrySample[]> {
    if (!this.zones) {
      this.zones = await this.discover();
      return this.zones.map((z) => ({ tMs: z.lastTMs, source: this.name, device: z.name, energyJ: 0 }));
    }
    const out: TelemetrySample[] = [];
    for (const z of this.zones) {
      const tMs = this.now();
      const uj = await this.readCounter(z.dir);
      const deltaJ = raplDeltaMicroJ(z.lastUj, uj, z.maxRangeUj) / 1e6;
      const dtS = (tMs - z.lastTMs) / 1000;
      z.totalJ += deltaJ;
      z.lastUj = uj;
      z.lastTMs = tMs;
      const sample: TelemetrySample = { tMs, source: this.name, device: z.name, energyJ: z.totalJ };
      if (dtS > 0) sample.powerW = deltaJ / dtS;
      out.push(sample);
    }
    return out;
  }
}
