import { PERCENTILE_METHOD, percentileOfSorted } from '@yardstick/schema/percentile';
import type { Percentiles } from '@yardstick/schema/run-summary';

/**
 * Percentile summary in milliseconds: the contract's Percentiles (schema/src/run-summary.ts). Percentiles
 * follow the project's one method (`PERCENTILE_METHOD`: linear interpolation, the same as the server's
 * quantile_cont), so the CLI and the API print the same figure for the same run.
 */
export type { Percentiles };

/** Serialisable form of the values: their bytes, base64 (exact; what worker processes send). */
export interface EncodedValues {
  /** `i32us`: whole microseconds as Int32 (every value had at most 3 decimals); `f64`: the doubles. */
  encoding: 'i32us' | 'f64';
  base64: string;
}

const EMPTY: Percentiles = {
  count: 0,
  mean: null,
  min: null,
  p50: null,
  p90: null,
  p95: null,
  p99: null,
  p999: null,
  max: null,
  stddev: null,
};

/** Largest microsecond count an Int32 holds (~35.8 minutes). */
const I32_MAX_US = 2_147_483_647;

/**
 * Every value of one latency, kept exactly so that percentiles follow the stated method rather than a
 * histogram's approximation (an HDR histogram's p50 could differ from the server's by up to 0.1%, and
 * its bucket ends by more on small counts). Merging appends the other's values, so per-worker or
 * per-phase sets combine exactly, never by averaging percentiles.
 *
 * Memory: the agent rounds sample times to whole microseconds (sample.builder.ts), so values are kept
 * as Int32 microseconds, 4 bytes each, converted back to the very same double (k / 1000) when read; a
 * value with more decimals switches the store to Float64 (8 bytes each). A million requests' TTFT,
 * TPOT, E2E, send lag and queue time take ~20 MB; ITL adds 4 bytes per streamed chunk.
 */
export class LatencyValues {
  private i32: Int32Array | null = new Int32Array(64);
  private f64: Float64Array | null = null;
  private n = 0;
  private sum = 0;
  /** Sorted copy, kept until the next record/merge. */
  private sorted: Float64Array | null = null;

  /** Rebuilds from `encode()`'s output. @throws Error naming the problem when it is not one. */
  static decode(encoded: EncodedValues): LatencyValues {
    const bytes = Buffer.from(encoded.base64, 'base64');
    const width = encoded.encoding === 'i32us' ? 4 : encoded.encoding === 'f64' ? 8 : 0;
    if (width === 0 || bytes.length % width !== 0) {
      throw new Error(
        `not encoded latency values (encoding ${String(encoded.encoding)}, ${bytes.length} bytes)`,
      );
    }
    const copy = new Uint8Array(bytes); // aligned, owned
    const values =
      width === 4
        ? new Int32Array(copy.buffer, 0, copy.length / 4)
        : new Float64Array(copy.buffer, 0, copy.length / 8);
    const out = new LatencyValues();
    for (let i = 0; i < values.length; i += 1) {
      out.recordMs(width === 4 ? values[i]! / 1000 : values[i]!);
    }
    return out;
  }

  /** Serialisable form, exact. */
  encode(): EncodedValues {
    const view = this.i32 ? this.i32.subarray(0, this.n) : this.f64!.subarray(0, this.n);
    return {
      encoding: this.i32 ? 'i32us' : 'f64',
      base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64'),
    };
  }

  /** Records one value in milliseconds (NaN/∞ are ignored). */
  recordMs(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    this.sorted = null;
    if (this.i32) {
      const us = Math.round(valueMs * 1000);
      if (us / 1000 === valueMs && us >= -I32_MAX_US && us <= I32_MAX_US) {
        if (this.n === this.i32.length) this.i32 = grow(this.i32, Int32Array);
        this.i32[this.n++] = us;
        this.sum += valueMs;
        return;
      }
      this.toFloat64();
    }
    if (this.n === this.f64!.length) this.f64 = grow(this.f64!, Float64Array);
    this.f64![this.n++] = valueMs;
    this.sum += valueMs;
  }

  /** Adds every value of `other`. */
  merge(other: LatencyValues): this {
    for (let i = 0; i < other.n; i += 1) this.recordMs(other.at(i));
    return this;
  }

  get count(): number {
    return this.n;
  }

  /** Percentile `p` (0-100) in ms by the project's method, or null when empty. */
  percentileMs(p: number): number | null {
    return percentileOfSorted(this.sortedValues(), p);
  }

  /** Summary in ms: count, mean, min, p50/p90/p95/p99/p99.9, max, stddev. */
  percentiles(): Percentiles {
    if (this.n === 0) return { ...EMPTY };
    const sorted = this.sortedValues();
    const mean = this.sum / this.n;
    let squares = 0;
    for (let i = 0; i < this.n; i += 1) squares += (sorted[i]! - mean) ** 2;
    return {
      count: this.n,
      mean,
      min: sorted[0]!,
      p50: percentileOfSorted(sorted, 50),
      p90: percentileOfSorted(sorted, 90),
      p95: percentileOfSorted(sorted, 95),
      p99: percentileOfSorted(sorted, 99),
      p999: percentileOfSorted(sorted, 99.9),
      max: sorted[this.n - 1]!,
      stddev: Math.sqrt(squares / this.n),
    };
  }

  /** The method the percentiles follow (for reports). */
  static readonly method = PERCENTILE_METHOD;

  private at(i: number): number {
    return this.i32 ? this.i32[i]! / 1000 : this.f64![i]!;
  }

  private sortedValues(): Float64Array {
    if (!this.sorted) {
      const values = new Float64Array(this.n);
      for (let i = 0; i < this.n; i += 1) values[i] = this.at(i);
      this.sorted = values.sort();
    }
    return this.sorted;
  }

  private toFloat64(): void {
    const f64 = new Float64Array(Math.max(64, this.i32!.length));
    for (let i = 0; i < this.n; i += 1) f64[i] = this.i32![i]! / 1000;
    this.f64 = f64;
    this.i32 = null;
  }
}

function grow<T extends Int32Array | Float64Array>(array: T, Type: new (n: number) => T): T {
  const bigger = new Type(array.length * 2);
  bigger.set(array);
  return bigger;
}
