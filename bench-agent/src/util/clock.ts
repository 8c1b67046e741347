import { performance } from 'node:perf_hooks';

/**
 * Resolves at (or just after) the absolute monotonic time `atMs` (a `performance.now()` value).
 * Schedules are absolute so timer lateness never accumulates: a late wake-up shortens the next wait.
 */
export function sleepUntil(atMs: number, signal?: AbortSignal): Promise<void> {
  const delayMs = atMs - performance.now();
  if (delayMs <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, delayMs);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Counting semaphore used as the concurrency cap; `acquire` resolves in FIFO order. */
export class Semaphore {
  private readonly waiters: (() => void)[] = [];
  constructor(private available: number) {}

  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available += 1;
  }
}
