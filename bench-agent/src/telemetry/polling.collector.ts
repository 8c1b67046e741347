import { execFile } from 'node:child_process';
import type { Availability, Collector, CollectorOptions, TelemetrySample } from './telemetry.types';
import { SampleBuffer } from './sample-buffer';

/**
 * Base for collectors that take one reading per interval (a one-shot command, a sysfs file). The first
 * reading happens in `start` and decides availability; later failures end sampling quietly (a run must
 * never fail because a sensor went away) and are kept in `lastError`.
 */
export abstract class PollingCollector implements Collector {
  abstract readonly name: string;
  protected readonly samples = new SampleBuffer();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  lastError: string | undefined;

  constructor(protected readonly options: CollectorOptions = {}) {}

  protected now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Takes one reading; throws with a reason a person can act on when the source is not there. */
  protected abstract read(): Promise<TelemetrySample[]>;

  async start(): Promise<Availability> {
    try {
      this.samples.push(...(await this.read()));
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
    this.timer = setInterval(() => {
      if (this.inFlight) return; // a slow tool: skip a beat rather than pile up
      this.inFlight = this.read()
        .then((s) => void this.samples.push(...s))
        .catch((err: Error) => {
          this.lastError = err.message;
        })
        .finally(() => (this.inFlight = undefined));
    }, this.options.intervalMs ?? 500);
    this.timer.unref();
    return { available: true };
  }

  async stop(): Promise<TelemetrySample[]> {
    clearInterval(this.timer);
    await this.inFlight;
    // One last reading so the energy integral covers the run's end.
    if (this.timer)
      await this.read().then(
        (s) => void this.samples.push(...s),
        () => {},
      );
    this.timer = undefined;
    return this.samples.toArray();
  }
}

/** Runs a tool once and returns stdout; the error says whether it is missing or failed. */
export function runTool(command: string, args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const detail = String(stderr).trim().split('\n')[0] ?? '';
        reject(
          new Error(
            code === 'ENOENT'
              ? `${command} not found on PATH`
              : `${command} ${args.join(' ')} failed: ${detail || err.message}`,
          ),
        );
        return;
      }
      resolve(String(stdout));
    });
  });
}
