import * as hdr from 'hdr-histogram-js';

/** Percentile summary in milliseconds; the GraphQL contract's `Percentiles` shape plus p99.9 and stddev. */
export interface Percentiles {
  count: number;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  /** 99.9th percentile. */
  p999: number | null;
  max: number | null;
  /** Population standard deviation. */
  stddev: number | null;
}

/** A histogram in serialisable form: HdrHistogram's compressed base64 plus the exact extremes (µs). */
export interface EncodedHistogram {
  /** HdrHistogram V2 compressed base64 (what the Java, Go and Rust HdrHistogram libraries read). */
  hdr: string;
  /** Exact smallest and largest values recorded, µs (the encoding keeps them only to 3 digits). */
  minUs: number | null;
  maxUs: number | null;
}

/** One hour in microseconds: the auto-resizing histogram starts here and grows if needed. */
const INITIAL_HIGHEST_US = 3_600_000_000;

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

/**
 * Latency histogram at microsecond precision (3 significant digits) over HdrHistogram. Histograms are
 * mergeable (`merge`, also through `encode`/`decode`) so per-worker, per-phase or per-agent histograms
 * combine exactly instead of averaging percentiles. The exact min and max are kept beside the buckets.
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
  private minUs = Infinity;
  private maxUs = -Infinity;

  /**
   * Rebuilds a histogram from `encode()`'s output.
   * @throws Error naming the problem when `hdr` is not an encoded histogram.
   */
  static decode(encoded: EncodedHistogram): LatencyHistogram {
    const h = new LatencyHistogram();
    if (encoded.minUs === null || encoded.maxUs === null) return h;
    let decoded: hdr.Histogram;
    try {
      decoded = hdr.decodeFromCompressedBase64(encoded.hdr);
    } catch (err) {
      throw new Error(`not an encoded HdrHistogram (${(err as Error).message})`);
    }
    // Decoded histograms have a fixed range: adding into an auto-resizing one keeps later merges safe.
    h.histogram.add(decoded);
    h.minUs = encoded.minUs;
    h.maxUs = encoded.maxUs;
    return h;
  }

  /** Serialisable form; a few hundred bytes for a typical latency distribution. */
  encode(): EncodedHistogram {
    return {
      hdr: hdr.encodeIntoCompressedBase64(this.histogram),
      minUs: this.count > 0 ? this.minUs : null,
      maxUs: this.count > 0 ? this.maxUs : null,
    };
  }

  /** Records one value in milliseconds (negative values are clamped to 0; NaN/∞ are ignored). */
  recordMs(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    const us = Math.max(0, Math.round(valueMs * 1000));
    this.histogram.recordValue(us);
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds every count of `other` into this histogram. */
  merge(other: LatencyHistogram): this {
    if (other.count === 0) return this;
    this.histogram.add(other.histogram);
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
    return this;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /**
   * Value at percentile `p` (0-100) in ms, or null when empty. HdrHistogram answers with the highest
   * value equivalent to the bucket (within 0.1%), which can exceed the largest value recorded; the
   * result is clamped to the exact recorded range so a p99 never reads above the max.
   */
  percentileMs(p: number): number | null {
    if (this.count === 0) return null;
    const us = Math.min(Math.max(this.histogram.getValueAtPercentile(p), this.minUs), this.maxUs);
    return us / 1000;
  }

  /** Summary in ms: count, mean, min, p50/p90/p95/p99/p99.9, max, stddev. */
  percentiles(): Percentiles {
    if (this.count === 0) return { ...EMPTY };
    const h = this.histogram;
    return {
      count: h.totalCount,
      mean: h.mean / 1000,
      min: this.minUs / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.maxUs / 1000,
      stddev: h.stdDeviation / 1000,
    };
  }

  /** Frees the histogram's buffers (only matters for the WebAssembly variant; harmless otherwise). */
  destroy(): void {
    this.histogram.destroy();
  }
}
