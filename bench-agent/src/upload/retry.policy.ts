/** Exponential backoff shared by the live uploader and `yardstick-agent upload`. */
export interface RetryPolicy {
  /** First delay; each next one doubles. */
  firstDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
  /** Give up after this many retries. */
  maxRetries: number;
  /** Live uploads only: give up when the outage has lasted this long. */
  windowMs: number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'windowMs'> = {
  firstDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetries: 50,
};

/**
 * Delays between attempts: firstDelayMs, doubled each time, capped at maxDelayMs, with ±20% jitter so
 * many agents recovering from the same outage do not retry in lockstep.
 * With the defaults: ~250, 500, 1000, 2000, 4000, 4000, … ms.
 */
export function* backoffDelaysMs(policy: Partial<RetryPolicy> = {}): Generator<number, void> {
  const { firstDelayMs, maxDelayMs, maxRetries } = { ...DEFAULT_RETRY, ...policy };
  let delay = firstDelayMs;
  for (let i = 0; i < maxRetries; i += 1) {
    yield Math.round(delay * (0.8 + Math.random() * 0.4));
    delay = Math.min(delay * 2, maxDelayMs);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
