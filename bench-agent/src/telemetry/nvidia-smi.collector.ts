import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SampleBuffer } from './sample-buffer';
import {
  numberOrUndefined,
  type Collector,
  type CollectorOptions,
  type TelemetrySample,
  type Availability,
} from './telemetry.types';

/** The fields asked for, in order. nvidia-smi prints them in this order on each line. */
export const NVIDIA_QUERY_FIELDS = [
  'timestamp',
  'index',
  'power.draw',
  'utilization.gpu',
  'memory.used',
  'temperature.gpu',
] as const;

/**
 * Parses one line of `nvidia-smi --query-gpu=timestamp,index,power.draw,utilization.gpu,memory.used,
 * temperature.gpu --format=csv,noheader,nounits`, e.g.
 *   `2024/05/14 09:12:33.417, 0, 287.45, 97, 74213, 63`
 * The timestamp is local time in "YYYY/MM/DD HH:MM:SS.msec" (nvidia-smi(1), "timestamp" query field);
 * with `nounits` power is W, memory MiB, temperature °C, utilisation %; unsupported fields print
 * "[N/A]" or "[Not Supported]". Returns null for lines that are not readings (blank, errors).
 */
export function parseNvidiaSmiLine(line: string): TelemetrySample | null {
  const parts = line.split(',').map((p) => p.trim());
  if (parts.length !== NVIDIA_QUERY_FIELDS.length) return null;
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(parts[0]!);
  const index = Number(parts[1]);
  if (!m || !Number.isInteger(index)) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const tMs = new Date(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms ? +ms.padEnd(3, '0') : 0).getTime();
  const sample: TelemetrySample = { tMs, source: 'nvidia-smi', device: `gpu${index}` };
  const power = numberOrUndefined(parts[2]);
  const util = numberOrUndefined(parts[3]);
  const mem = numberOrUndefined(parts[4]);
  const temp = numberOrUndefined(parts[5]);
  if (power !== undefined) sample.powerW = power;
  if (util !== undefined) sample.utilizationPct = util;
  if (mem !== undefined) sample.memoryUsedMiB = mem;
  if (temp !== undefined) sample.temperatureC = temp;
  return sample;
}

/**
 * NVIDIA GPUs through `nvidia-smi ... -lms <intervalMs>`: one long-running process that prints a line per
 * GPU per interval (cheaper and steadier than spawning it every interval). Unavailable when the
 * executable is missing or prints no reading within 5 s (no driver, no GPU).
 */
export class NvidiaSmiCollector implements Collector {
  readonly name = 'nvidia-smi';
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly samples = new SampleBuffer();
  private stderr = '';

  constructor(private readonly options: CollectorOptions = {}) {}

  start(): Promise<Availability> {
    const command = this.options.command ?? 'nvidia-smi';
    const args = [
      `--query-gpu=${NVIDIA_QUERY_FIELDS.join(',')}`,
      '--format=csv,noheader,nounits',
      `-lms`,
      String(this.options.intervalMs ?? 500),
    ];
    return new Promise((resolve) => {
      let settled = false;
      const settle = (a: Availability): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(a);
      };
      const child = spawn(command, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
      }) as unknown as ChildProcessWithoutNullStreams;
      this.child = child;
      const timer = setTimeout(() => {
        settle({ available: false, reason: `${command} printed no reading within 5 s${this.stderrNote()}` });
        child.kill();
      }, 5000);
      child.on('error', (err: NodeJS.ErrnoException) =>
        settle({
          available: false,
          reason: err.code === 'ENOENT' ? `${command} not found on PATH` : err.message,
        }),
      );
      // 'close', not 'exit': 'exit' can fire before stderr is drained, and the tool's own message
      // (e.g. "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver") is the reason.
      child.on('close', (code) =>
        settle({ available: false, reason: `${command} exited with code ${code}${this.stderrNote()}` }),
      );
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-500)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const sample = parseNvidiaSmiLine(line);
        if (!sample) return;
        this.samples.push(sample);
        settle({ available: true });
      });
    });
  }

  async stop(): Promise<TelemetrySample[]> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    return this.samples.toArray();
  }

  private stderrNote(): string {
    const text = this.stderr.trim();
    return text ? ` (${text.split('\n')[0]})` : '';
  }
}
