import type { SampleInput } from '../run/sample.types';

/** Largest seq the server stores (samples.seq is a 32-bit INTEGER). */
export const MAX_SEQ = 2_147_483_647;

/**
 * The run-wide seq of worker `index`'s request number `localSeq` (its own 0, 1, 2… with warm-up
 * first): `localSeq × workers + index`. Two workers can never produce the same seq, the value depends
 * only on the request (not on when its sample reached the parent), so a retried or replayed batch
 * carries the same seqs; and since every worker drives an equal share of the load from a common start,
 * seq order follows scheduled time (exactly so for constant-rate loads, whose workers are offset by
 * one gap each: worker w's k-th request is the merged stream's (k × workers + w)-th).
 * globalSeq(5, 1, 4) = 21.
 * @throws Error when the seq would pass the server's 32-bit limit.
 */
export function globalSeq(localSeq: number, index: number, workers: number): number {
  const seq = localSeq * workers + index;
  if (seq > MAX_SEQ) {
    throw new Error(
      `sample seq ${seq} (request ${localSeq} of worker ${index} of ${workers}) exceeds ${MAX_SEQ}: ` +
        'split the run into shorter runs',
    );
  }
  return seq;
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * One worker's sample as a sample of the whole run: run-wide seq (globalSeq) and times moved from the
 * worker's clock zero to the run's (`shiftMs` = worker clock zero − run origin, ≥ 0). Durations
 * (lag, queue, TTFT, E2E, ITL) do not depend on the origin and are kept; so is the warm-up mark.
 */
export function toRunSample(
  sample: SampleInput,
  index: number,
  workers: number,
  shiftMs: number,
): SampleInput {
  return {
    ...sample,
    seq: globalSeq(sample.seq, index, workers),
    scheduledAtMs: round3(sample.scheduledAtMs + shiftMs),
    sentAtMs: round3(sample.sentAtMs + shiftMs),
  };
}
