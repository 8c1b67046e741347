/** Default lifetime of a new token, in days, when none is given (`--token-ttl-days` / env). */
export const DEFAULT_TOKEN_TTL_DAYS = 90;

const MS_PER_UNIT: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a lifetime like `90d`, `12h`, `30m` (or a bare number of days) into milliseconds;
 * `never` gives null (no expiry). Example: `parseDuration('2d')` → 172800000.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'never') return null;
  const match = /^(\d+(?:\.\d+)?)\s*([mhd]?)$/.exec(trimmed);
  const amount = match ? Number(match[1]) : NaN;
  if (!match || !(amount > 0) || amount > 36_500) {
    throw new Error(`"${text}" is not a lifetime: use e.g. 90d, 12h, 30m or never`);
  }
  return amount * (MS_PER_UNIT[match[2] || 'd'] ?? MS_PER_UNIT.d!);
}

/** `now + ttlMs`, or null when ttlMs is null (never expires). */
export function expiryFrom(now: Date, ttlMs: number | null): Date | null {
  return ttlMs === null ? null : new Date(now.getTime() + ttlMs);
}
