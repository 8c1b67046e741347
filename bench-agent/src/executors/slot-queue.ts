/**
 * FIFO counting semaphore for the open-loop concurrency cap, with a non-blocking `tryAcquire` so the
 * runner knows whether an arrival had to queue (queue time must not include timer lateness).
 */
export class SlotQueue {
  private readonly waiters: (() => void)[] = [];
  constructor(private available: number) {}

  /** Takes a slot if one is free now. */
  tryAcquire(): boolean {
    if (this.available > 0 && this.waiters.length === 0) {
      this.available -= 1;
      return true;
    }
    return false;
  }

  /** Resolves when a slot is free, in arrival order. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available += 1;
  }
}
