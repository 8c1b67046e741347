import { performance } from 'node:perf_hooks';
import type { ExecutorContext } from './executor.types';

/**
 * Closed loop: `concurrency` virtual users, each sends its next request as soon as its previous one ends.
 * A request is "scheduled" the moment a user becomes free, so queueMs is 0 and sendLag is only overhead.
 */
export async function runConcurrency(ctx: ExecutorContext): Promise<number> {
  if (ctx.load.type !== 'concurrency') throw new Error('runConcurrency needs load.type = concurrency');
  const startAt = performance.now();
  const endAt = ctx.stop.durationMs !== undefined ? startAt + ctx.stop.durationMs : Infinity;
  const limit = ctx.stop.requests ?? Infinity;
  let issued = 0;
  const user = async (): Promise<void> => {
    while (!ctx.signal?.aborted && issued < limit) {
      const now = performance.now();
      if (now >= endAt) return;
      const seq = ctx.firstSeq + issued;
      issued += 1;
      await ctx.send({ seq, scheduledAt: now, slotAt: now });
    }
  };
  const users = Math.max(1, Math.floor(ctx.load.concurrency));
  await Promise.all(Array.from({ length: users }, user));
  return issued;
}
