import { performance } from 'node:perf_hooks';
import { sleepUntil } from '../util/clock';
import { SlotQueue } from './slot-queue';
import type { ExecutorContext, SlotLengths } from './executor.types';

/** One planned arrival: its offset from the phase start (ms) and, for trace replay, its token lengths. */
export interface Arrival {
  offsetMs: number;
  lengths?: SlotLengths;
}

/**
 * Shared engine of every open-loop model: sends each arrival at its ABSOLUTE time (phase start + offset),
 * independent of how slow earlier responses are, so timer lateness never accumulates. With
 * `maxConcurrency` an arrival waits for a free slot (FIFO) and that wait is its queue time
 * (slotAt − scheduledAt); send lag (sentAt − scheduledAt, measured by the target driver) includes the
 * queue time plus the client's own lateness (timers, event loop).
 * Returns the number of requests sent.
 */
export async function runOpenLoop(
  ctx: ExecutorContext,
  arrivals: Iterable<Arrival>,
  maxConcurrency: number | undefined,
): Promise<number> {
  const slots =
    maxConcurrency !== undefined && maxConcurrency > 0 ? new SlotQueue(maxConcurrency) : undefined;
  let capBlockedUntil = -Infinity; // when the runner last got a slot after waiting for one
  const startAt = performance.now();
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  for (const arrival of arrivals) {
    const scheduledAt = startAt + arrival.offsetMs;
    await sleepUntil(scheduledAt, ctx.signal);
    if (ctx.signal?.aborted) break;
    while (performance.now() < scheduledAt); // timers may fire up to ~1 ms early: never send before schedule
    // Queue time is the wait for a slot, from the scheduled time when the runner was itself stuck behind
    // the cap then (earlier arrivals queued), else from when it woke: timer lateness stays in send lag.
    let queueMs = 0;
    if (slots) {
      const stuck = scheduledAt < capBlockedUntil;
      const queuedFrom = stuck ? scheduledAt : performance.now();
      const waited = !slots.tryAcquire();
      if (waited) await slots.acquire();
      const gotAt = performance.now();
      if (waited) capBlockedUntil = gotAt;
      if (stuck || waited) queueMs = gotAt - queuedFrom;
    }
    if (ctx.signal?.aborted) {
      slots?.release();
      break;
    }
    const seq = ctx.firstSeq + issued;
    issued += 1;
    const p = ctx
      .send({ seq, scheduledAt, slotAt: scheduledAt + queueMs, lengths: arrival.lengths })
      .finally(() => {
        slots?.release();
        inFlight.delete(p);
      });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return issued;
}

/** Wraps plain offsets as arrivals. */
export function* asArrivals(offsetsMs: Iterable<number>): Generator<Arrival> {
  for (const offsetMs of offsetsMs) yield { offsetMs };
}

/** Shared check: open-loop models need a stop condition, else the schedule would never end. */
export function requireStop(stop: { requests?: number; durationMs?: number }): string[] {
  return stop.requests === undefined && stop.durationMs === undefined
    ? ['stop: an open-loop schedule needs stop.requests or stop.duration_s (or --requests / --duration)']
    : [];
}
