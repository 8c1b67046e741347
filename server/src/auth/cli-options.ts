import { InvalidArgumentError } from 'commander';

/** Parses a number > 0 for a CLI option (e.g. `--token-ttl-days 30`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number > 0');
  return n;
}

/** `1`/`true` → true, `0`/`false` → false, unset → undefined; anything else is an error naming the variable. */
export function envFlag(name: string): boolean | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name}=${value}: use 1 or 0`);
}
