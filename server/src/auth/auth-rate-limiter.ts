/** Defaults: 20 failed authentications per client address within 60 s lock it out for 60 s. */
export const DEFAULT_AUTH_FAILURE_LIMIT = { maxFailures: 20, windowMs: 60_000, lockoutMs: 60_000 };

export type AuthFailureLimitOptions = typeof DEFAULT_AUTH_FAILURE_LIMIT;

interface Window {
  startMs: number;
  failures: number;
  lockedUntilMs: number;
}

/**
 * Counts failed authentications (unknown, revoked, expired or malformed tokens) per client
 * address in fixed windows. Once an address reaches `maxFailures` within `windowMs`, every
 * /graphql request from it is answered 429 with Retry-After for `lockoutMs`. In memory: a
 * restart forgets the counts (an attacker gains nothing from it: tokens are 256-bit random).
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(readonly options: AuthFailureLimitOptions = DEFAULT_AUTH_FAILURE_LIMIT) {}

  /** Seconds until `address` may try again, or 0 when it is not locked out. */
  retryAfterSeconds(address: string, nowMs = Date.now()): number {
    const window = this.windows.get(address);
    if (!window || window.lockedUntilMs <= nowMs) return 0;
    return Math.ceil((window.lockedUntilMs - nowMs) / 1000);
  }

  /** Records one failed authentication from `address`. */
  recordFailure(address: string, nowMs = Date.now()): void {
    this.prune(nowMs);
    let window = this.windows.get(address);
    if (!window || nowMs - window.startMs >= this.options.windowMs) {
      window = { startMs: nowMs, failures: 0, lockedUntilMs: window?.lockedUntilMs ?? 0 };
      this.windows.set(address, window);
    }
    window.failures += 1;
    if (window.failures >= this.options.maxFailures) {
      window.lockedUntilMs = nowMs + this.options.lockoutMs;
      window.failures = 0;
      window.startMs = nowMs;
    }
  }

  /** Drops stale entries so a spray of addresses cannot grow the map without bound. */
  private prune(nowMs: number): void {
    if (this.windows.size < 10_000) return;
    for (const [address, window] of this.windows) {
      const stale = nowMs - window.startMs >= this.options.windowMs && window.lockedUntilMs <= nowMs;
      if (stale) this.windows.delete(address);
    }
  }
}
