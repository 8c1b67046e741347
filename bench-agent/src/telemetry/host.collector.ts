import os from 'node:os';
import { PollingCollector } from './polling.collector';
import type { TelemetrySample } from './telemetry.types';

interface CpuTimes {
  busyMs: number;
  totalMs: number;
}

function cpuTimes(): CpuTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    const total = t.user + t.nice + t.sys + t.idle + t.irq;
    totalMs += total;
    busyMs += total - t.idle;
  }
  return { busyMs, totalMs };
}

/**
 * Host CPU load (busy share of all cores since the previous reading, %) and memory in use
 * (total − free, MiB) from Node's `os` module; available everywhere.
 */
export class HostCollector extends PollingCollector {
  readonly name = 'host';
  private last: CpuTimes | undefined;

  protected read(): Promise<TelemetrySample[]> {
    const now = cpuTimes();
    const sample: TelemetrySample = {
      tMs: this.now(),
      source: this.name,
      device: 'host',
      memoryUsedMiB: Math.round((os.totalmem() - os.freemem()) / 1048576),
    };
    if (this.last && now.totalMs > this.last.totalMs) {
      sample.utilizationPct = (100 * (now.busyMs - this.last.busyMs)) / (now.totalMs - this.last.totalMs);
    }
    this.last = now;
    return Promise.resolve([sample]);
  }
}
