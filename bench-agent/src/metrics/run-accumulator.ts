import { LatencyValues, type EncodedValues } from './latency-values';
import { meetsSlo, type SloLimits } from './goodput';
import { ERROR_KINDS, type ErrorKind, type SampleInput } from '../run/sample.types';

/** Latencies kept per run, by metric key. `sendLagMs` and `queueMs` measure the client itself. */
export const ACCUMULATED_LATENCIES = ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs', 'sendLagMs', 'queueMs'] as const;
export type AccumulatedLatency = (typeof ACCUMULATED_LATENCIES)[number];

/** JSON form of an accumulator: counters plus every latency value, encoded exactly (base64). */
export interface AccumulatorState {
  version: 2;
  requests: number;
  successes: number;
  goodRequests: number;
  inputTokens: number;
  outputTokens: number;
  goodInputTokens: number;
  goodOutputTokens: number;
  /** Output tokens summed from the server's usage and from the client's chunk count, where each exists. */
  outputTokensServer: number;
  outputTokensClient: number;
  tokenSource: { server: number; client: number };
  /** Earliest send and latest response end, ms on the run's clock (null before the first sample). */
  firstSendMs: number | null;
  lastEndMs: number | null;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  latencies: Record<AccumulatedLatency, EncodedValues>;
}

/**
 * Streaming run statistics: `add` one sample at a time and keep counters plus each latency's values
 * (4 bytes each, latency-values.ts), not the samples themselves (they go to the spool on disk), so
 * percentiles follow the project's one method exactly. Accumulators from worker processes `merge`
 * exactly — the values are pooled; percentiles are never averaged.
 *
 * Warm-up samples are skipped. Goodput counts samples that meet `limits` (see goodput.ts).
 */
export class RunAccumulator {
  requests = 0;
  successes = 0;
  goodRequests = 0;
  inputTokens = 0;
  outputTokens = 0;
  goodInputTokens = 0;
  goodOutputTokens = 0;
  outputTokensServer = 0;
  outputTokensClient = 0;
  readonly tokenSource = { server: 0, client: 0 };
  firstSendMs: number | null = null;
  lastEndMs: number | null = null;
  readonly errorsByKind = new Map<ErrorKind, number>();
  readonly latencies: Record<AccumulatedLatency, LatencyValues>;

  constructor(readonly limits: SloLimits = {}) {
    this.latencies = Object.fromEntries(ACCUMULATED_LATENCIES.map((k) => [k, new LatencyValues()])) as Record<
      AccumulatedLatency,
      LatencyValues
    >;
  }

  /** Adds one sample (ignored when it is a warm-up sample). */
  add(s: SampleInput): void {
    if (s.warmup) return;
    this.requests += 1;
    this.extendWindow(s.sentAtMs, s.sentAtMs + (s.e2eMs ?? 0));
    this.latencies.sendLagMs.recordMs(s.sendLagMs);
    this.latencies.queueMs.recordMs(s.queueMs);
    if (s.errorKind) {
      this.errorsByKind.set(s.errorKind, (this.errorsByKind.get(s.errorKind) ?? 0) + 1);
      return;
    }
    this.successes += 1;
    const input = s.inputTokens ?? 0;
    const output = s.outputTokens ?? 0;
    this.inputTokens += input;
    this.outputTokens += output;
    this.outputTokensServer += s.outputTokensServer ?? 0;
    this.outputTokensClient += s.outputTokensClient ?? 0;
    if (s.tokenSource === 'SERVER') this.tokenSource.server += 1;
    else if (s.tokenSource === 'CLIENT') this.tokenSource.client += 1;
    if (meetsSlo(s, this.limits)) {
      this.goodRequests += 1;
      this.goodInputTokens += input;
      this.goodOutputTokens += output;
    }
    const h = this.latencies;
    if (s.ttftMs !== null) h.ttftMs.recordMs(s.ttftMs);
    if (s.tpotMs !== null) h.tpotMs.recordMs(s.tpotMs);
    if (s.e2eMs !== null) h.e2eMs.recordMs(s.e2eMs);
    for (const gap of s.itlMs) h.itlMs.recordMs(gap);
  }

  /** Adds everything `other` holds (counters summed, latencies pooled, time window widened). */
  merge(other: RunAccumulator): this {
    this.requests += other.requests;
    this.successes += other.successes;
    this.goodRequests += other.goodRequests;
    this.inputTokens += other.inputTokens;
    this.outputTokens += other.outputTokens;
    this.goodInputTokens += other.goodInputTokens;
    this.goodOutputTokens += other.goodOutputTokens;
    this.outputTokensServer += other.outputTokensServer;
    this.outputTokensClient += other.outputTokensClient;
    this.tokenSource.server += other.tokenSource.server;
    this.tokenSource.client += other.tokenSource.client;
    if (other.firstSendMs !== null && other.lastEndMs !== null) {
      this.extendWindow(other.firstSendMs, other.lastEndMs);
    }
    for (const [kind, n] of other.errorsByKind) {
      this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + n);
    }
    for (const k of ACCUMULATED_LATENCIES) this.latencies[k].merge(other.latencies[k]);
    return this;
  }

  /** Wall time of the run: last response end − first send, seconds (null when nothing ran). */
  get durationS(): number | null {
    if (this.firstSendMs === null || this.lastEndMs === null || this.lastEndMs <= this.firstSendMs) {
      return null;
    }
    return (this.lastEndMs - this.firstSendMs) / 1000;
  }

  /** Errors by kind in the contract's order. */
  errorList(): { kind: string; count: number }[] {
    return [...this.errorsByKind.entries()]
      .sort((a, b) => ERROR_KINDS.indexOf(a[0]) - ERROR_KINDS.indexOf(b[0]))
      .map(([kind, count]) => ({ kind, count }));
  }

  /** Serialisable state (what worker processes send their parent). */
  toJSON(): AccumulatorState {
    return {
      version: 2,
      requests: this.requests,
      successes: this.successes,
      goodRequests: this.goodRequests,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      goodInputTokens: this.goodInputTokens,
      goodOutputTokens: this.goodOutputTokens,
      outputTokensServer: this.outputTokensServer,
      outputTokensClient: this.outputTokensClient,
      tokenSource: { ...this.tokenSource },
      firstSendMs: this.firstSendMs,
      lastEndMs: this.lastEndMs,
      errorsByKind: Object.fromEntries(this.errorsByKind),
      latencies: Object.fromEntries(
        ACCUMULATED_LATENCIES.map((k) => [k, this.latencies[k].encode()]),
      ) as Record<AccumulatedLatency, EncodedValues>,
    };
  }

  /**
   * Rebuilds an accumulator from `toJSON()` output; `offsetMs` shifts its time window (a worker whose
   * clock started later than the parent's passes the difference).
   */
  static fromJSON(state: AccumulatorState, limits: SloLimits = {}, offsetMs = 0): RunAccumulator {
    if (state.version !== 2) throw new Error(`accumulator state version ${String(state.version)} is unknown`);
    const acc = new RunAccumulator(limits);
    acc.requests = state.requests;
    acc.successes = state.successes;
    acc.goodRequests = state.goodRequests;
    acc.inputTokens = state.inputTokens;
    acc.outputTokens = state.outputTokens;
    acc.goodInputTokens = state.goodInputTokens;
    acc.goodOutputTokens = state.goodOutputTokens;
    acc.outputTokensServer = state.outputTokensServer;
    acc.outputTokensClient = state.outputTokensClient;
    acc.tokenSource.server = state.tokenSource.server;
    acc.tokenSource.client = state.tokenSource.client;
    acc.firstSendMs = state.firstSendMs === null ? null : state.firstSendMs + offsetMs;
    acc.lastEndMs = state.lastEndMs === null ? null : state.lastEndMs + offsetMs;
    for (const [kind, n] of Object.entries(state.errorsByKind)) acc.errorsByKind.set(kind as ErrorKind, n);
    for (const k of ACCUMULATED_LATENCIES) acc.latencies[k].merge(LatencyValues.decode(state.latencies[k]));
    return acc;
  }

  private extendWindow(startMs: number, endMs: number): void {
    this.firstSendMs = this.firstSendMs === null ? startMs : Math.min(this.firstSendMs, startMs);
    this.lastEndMs = this.lastEndMs === null ? endMs : Math.max(this.lastEndMs, endMs);
  }
}
