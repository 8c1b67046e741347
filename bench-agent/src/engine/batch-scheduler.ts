import type { GenerationModel } from './generation-model';
import { decodeCost, emptyTotals, prefillCostOf, type PhaseTotals } from './roofline';

/** One generation: exactly `maxTokens` tokens are produced (no EOS, ignore_eos semantics). */
export interface GenerationRequest {
  promptTokens: number[];
  maxTokens: number;
  /** 0 = greedy. */
  temperature: number;
  seed: number;
  /** Called once per generated token, in order, as soon as it is sampled. */
  onToken?: (tokenId: number, index: number) => void;
  /** Polled before every step; true stops this sequence (client went away). */
  isCancelled?: () => boolean;
}

export interface GenerationResult {
  tokens: number[];
  finishReason: 'length' | 'cancelled';
}

interface Sequence {
  request: GenerationRequest;
  tokens: number[];
  /** The engine's per-request state, from the prefill until release. */
  state: unknown;
  resolve: (result: GenerationResult) => void;
  reject: (error: Error) => void;
}

/**
 * Continuous batching: one loop owns the model. Each iteration admits waiting requests (prefill,
 * which also yields their first token) while fewer than `maxBatch` are active, then runs one
 * decode step for all active sequences together, then yields to the event loop so responses
 * flush and disconnects are seen. Finished or cancelled sequences leave the batch at once.
 * The same loop drives either engine through {@link GenerationModel}.
 */
export class BatchScheduler {
  private readonly waiting: Sequence[] = [];
  private readonly active: Sequence[] = [];
  private loop: Promise<void> | null = null;
  private closed = false;
  /** Running totals since start, reported by GET /health. */
  readonly totals = {
    completedSequences: 0,
    cancelledSequences: 0,
    failedSequences: 0,
    generatedTokens: 0,
    peakBatchSize: 0,
  };
  /** Work (FLOPs, bytes from the model's shape) and wall time per phase, for the roofline report. */
  readonly phases: { prefill: PhaseTotals; decode: PhaseTotals } = {
    prefill: emptyTotals(),
    decode: emptyTotals(),
  };

  private readonly maxBatch: number;

  constructor(
    private readonly model: GenerationModel,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.maxBatch = model.maxSequences;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1)
      throw new Error(`maxBatch: must be an integer ≥ 1, got ${this.maxBatch}`);
  }

  /** Queues a generation; resolves when all its tokens are out or it was cancelled. */
  submit(request: GenerationRequest): Promise<GenerationResult> {
    if (this.closed) return Promise.reject(new Error('engine is shutting down'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, tokens: [], state: null, resolve, reject });
      this.loop ??= this.run().finally(() => (this.loop = null));
    });
  }

  /** Number of sequences being decoded right now. */
  get activeCount(): number {
    return this.active.length;
  }

  /** Number of requests waiting for a batch slot. */
  get queuedCount(): number {
    return this.waiting.length;
  }

  /** Stops admitting work, cancels everything queued or running and waits for the loop to stop. */
  async close(): Promise<void> {
    this.closed = true;
    for (const seq of [...this.waiting, ...this.active]) seq.request.isCancelled = () => true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0 || this.active.length > 0) {
      try {
        this.dropCancelled();
        while (this.active.length < this.maxBatch && this.waiting.length > 0)
          await this.admit(this.waiting.shift()!);
        if (this.active.length > 0) await this.decodeStep();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.log(`engine: generation failed: ${failure.message}`);
        for (const seq of this.active.splice(0)) this.finish(seq, failure);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async admit(seq: Sequence): Promise<void> {
    if (seq.request.isCancelled?.()) return this.finish(seq, 'cancelled');
    try {
      const started = performance.now();
      const { temperature, seed } = seq.request;
      const { sequence, token } = await this.model.start(seq.request.promptTokens, { temperature, seed });
      const promptTokens = seq.request.promptTokens.length;
      this.record('prefill', started, promptTokens, prefillCostOf(this.model.cost, promptTokens));
      seq.state = sequence;
      this.emit(seq, token);
    } catch (error) {
      return this.finish(seq, error instanceof Error ? error : new Error(String(error)));
    }
    if (seq.tokens.length >= seq.request.maxTokens) this.finish(seq, 'length');
    else this.active.push(seq);
  }

  private async decodeStep(): Promise<void> {
    const batch = [...this.active];
    this.totals.peakBatchSize = Math.max(this.totals.peakBatchSize, batch.length);
    const cost = decodeCost(
      this.model.cost,
      batch.map((seq) => this.model.cachedTokens(seq.state)),
    );
    const started = performance.now();
    const next = await this.model.step(
      batch.map((seq) => ({ sequence: seq.state, token: seq.tokens.at(-1)! })),
    );
    this.record('decode', started, batch.length, cost);
    batch.forEach((seq, i) => {
      this.emit(seq, next[i]!);
      if (seq.tokens.length >= seq.request.maxTokens) this.remove(seq, 'length');
    });
  }

  private record(
    phase: 'prefill' | 'decode',
    startedMs: number,
    tokens: number,
    cost: { flops: number; bytes: number },
  ): void {
    const totals = this.phases[phase];
    totals.calls += 1;
    totals.tokens += tokens;
    totals.seconds += (performance.now() - startedMs) / 1000;
    totals.flops += cost.flops;
    totals.bytes += cost.bytes;
  }

  private dropCancelled(): void {
    for (const seq of [...this.active]) if (seq.request.isCancelled?.()) this.remove(seq, 'cancelled');
    for (const seq of [...this.waiting]) {
      if (seq.request.isCancelled?.()) {
        this.waiting.splice(this.waiting.indexOf(seq), 1);
        this.finish(seq, 'cancelled');
      }
    }
  }

  private emit(seq: Sequence, token: number): void {
    seq.tokens.push(token);
    this.totals.generatedTokens += 1;
    seq.request.onToken?.(token, seq.tokens.length - 1);
  }

  private remove(seq: Sequence, outcome: 'length' | 'cancelled'): void {
    this.active.splice(this.active.indexOf(seq), 1);
    this.finish(seq, outcome);
  }

  private finish(seq: Sequence, outcome: 'length' | 'cancelled' | Error): void {
    if (seq.state !== null) {
      const released = this.model.release(seq.state);
      if (released) released.catch((error: unknown) => this.log(`engine: release failed: ${String(error)}`));
    }
    seq.state = null;
    if (outcome instanceof Error) this.totals.failedSequences += 1;
    else if (outcome === 'cancelled') this.totals.cancelledSequences += 1;
    else this.totals.completedSequences += 1;
    if (outcome instanceof Error) seq.reject(outcome);
    else seq.resolve({ tokens: seq.tokens, finishReason: outcome });
  }
}
