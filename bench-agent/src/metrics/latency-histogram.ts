import * as hdr from 'hdr-histogram-js';

/** Percentile summary in milliseconds; the GraphQL contract's `Percentiles` shape. */
export interface Percentiles {
  count: number;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One hour in microseconds: the auto-resizing histogram starts here and grows if needed. */
const INITIAL_HIGHEST_US = 3_600_000_000;

/**
 * Latency histogram at microsecond precision (3 significant digits) over HdrHistogram. Histograms are
 * mergeable (`merge`) so per-worker or per-phase histograms combine exactly instead of averaging
 * percentiles.
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });

  /** Records one value in milliseconds (negative values are clamped to 0). */
  recordMs(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    this.histogram.recordValue(Math.max(0, Math.round(valueMs * 1000)));
  }

  /** Adds every count of `other` into this histogram. */
  merge(other: LatencyHistogram): this {
    this.histogram.add(other.histogram);
    return this;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /**
   * Value at percentile `p` (0-100) in ms, or null when empty. HdrHistogram answers with the highest
   * value equivalent to the bucket (within 0.1%), which can exceed the largest value recorded; the
   * result is clamped to the recorded maximum so a p99 never reads above the max.
   */
  percentileMs(p: number): number | null {
    if (this.count === 0) return null;
    return Math.min(this.histogram.getValueAtPercentile(p), this.histogram.maxValue) / 1000;
  }

  /** Summary in ms: count, mean, min, p50/p90/p95/p99, max. */
  percentiles(): Percentiles {
    if (this.count === 0) {
      return { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
    }
    const h = this.histogram;
    return {
      count: h.totalCount,
      mean: h.mean / 1000,
      min:
        h.minNonZeroValue === Number.MAX_SAFE_INTEGER
          ? 0
          : Math.min(h.minNonZeroValue, h.getValueAtPercentile(0)) / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      max: h.maxValue / 1000,
    };
  }

  /** Frees the histogram's buffers (only matters for the WebAssembly variant; harmless otherwise). */
  destroy(): void {
    this.histogram.destroy();
  }
}
