import type { TelemetrySample } from './telemetry.types';

/**
 * Most readings one collector keeps (~100 bytes each, so ~10 MB). A 1-hour run at 1 s with 8 GPUs
 * is 28,800 readings: kept in full. Past the cap the buffer thins out instead of growing.
 */
export const MAX_SAMPLES_PER_COLLECTOR = 100_000;

/**
 * A collector's readings with bounded memory. When full it keeps every other reading of each device
 * (the sampling period doubles; the series still covers the whole run) and from then on keeps one in
 * `stride` of each device's readings. Each device's latest reading is always returned, so energy
 * integrals and RAPL's cumulative counter still reach the end of the run.
 * Example: cap 4, one device, readings t0..t5 → keeps t0, t2, t4 and the latest, t5.
 */
export class SampleBuffer {
  private items: TelemetrySample[] = [];
  private stride = 1;
  /** Readings offered per device (their ordinal decides which are kept). */
  private readonly offered = new Map<string, number>();
  private readonly latest = new Map<string, TelemetrySample>();

  constructor(private readonly max = MAX_SAMPLES_PER_COLLECTOR) {}

  push(...samples: TelemetrySample[]): void {
    for (const s of samples) {
      const n = this.offered.get(s.device) ?? 0;
      this.offered.set(s.device, n + 1);
      this.latest.set(s.device, s);
      if (n % this.stride !== 0) continue;
      this.items.push(s);
      if (this.items.length > this.max) this.thin();
    }
  }

  /** Readings kept, oldest first per device, plus each device's latest reading. */
  toArray(): TelemetrySample[] {
    const kept = new Set(this.items);
    const tail = [...this.latest.values()].filter((s) => !kept.has(s));
    return tail.length === 0 ? this.items : [...this.items, ...tail];
  }

  get length(): number {
    return this.items.length;
  }

  /** Keeps each device's 1st, 3rd, 5th... kept reading: ordinals stay multiples of the new stride. */
  private thin(): void {
    this.stride *= 2;
    const seen = new Map<string, number>();
    this.items = this.items.filter((s) => {
      const k = seen.get(s.device) ?? 0;
      seen.set(s.device, k + 1);
      return k % 2 === 0;
    });
  }
}
