import { performance } from 'node:perf_hooks';
import { loadOf, type ExecutorContext, type LoadExecutor } from './executor.types';

/**
 * Closed loop: `concurrency` virtual users, each sends its next request as soon as its previous one ends.
 * A request is "scheduled" the moment a user becomes free, so queue time is 0 and send lag is only the
 * client's overhead. Throughput is whatever the server sustains at that concurrency.
 */
async function runConcurrency(ctx: ExecutorContext): Promise<number> {
  const load = loadOf(ctx, 'concurrency');
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
  const users = Math.max(1, Math.floor(load.concurrency));
  await Promise.all(Array.from({ length: users }, user));
  return issued;
}

export const concurrencyModel: LoadExecutor<'concurrency'> = {
  type: 'concurrency',
  check: (_spec, stop) =>
    stop.requests === undefined && stop.durationMs === undefined
      ? ['stop: set stop.requests or stop.duration_s (or --requests / --duration)']
      : [],
  run: runConcurrency,
};
