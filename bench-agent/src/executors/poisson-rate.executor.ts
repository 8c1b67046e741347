import { performance } from 'node:perf_hooks';
import { poissonOffsetsMs } from './poisson-schedule';
import { Semaphore, sleepUntil } from '../util/clock';
import type { ExecutorContext } from './executor.types';

/**
 * Open loop: requests arrive as a Poisson process at `ratePerS`, each sent at its ABSOLUTE scheduled time
 * (phase start + precomputed offset), independent of how slow responses are. With `maxConcurrency` a
 * request waits for a free slot (that wait is its queueMs) instead of piling up without bound.
 */
export async function runPoissonRate(ctx: ExecutorContext): Promise<number> {
  if (ctx.load.type !== 'poisson') throw new Error('runPoissonRate needs load.type = poisson');
  const offsets = poissonOffsetsMs(ctx.seed, ctx.load.ratePerS, {
    count: ctx.stop.requests,
    durationMs: ctx.stop.durationMs,
  });
  const cap = ctx.load.maxConcurrency;
  const slots = cap !== undefined && cap > 0 ? new Semaphore(cap) : undefined;
  const startAt = performance.now();
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  for (const offset of offsets) {
    const scheduledAt = startAt + offset;
    await sleepUntil(scheduledAt, ctx.signal);
    if (ctx.signal?.aborted) break;
    if (slots) await slots.acquire();
    if (ctx.signal?.aborted) {
      slots?.release();
      break;
    }
    const seq = ctx.firstSeq + issued;
    issued += 1;
    const p = ctx.send({ seq, scheduledAt, slotAt: performance.now() }).finally(() => {
      slots?.release();
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return issued;
}
