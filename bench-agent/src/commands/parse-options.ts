import { InvalidArgumentError } from 'commander';

/** Commander parser for a positive integer option; the error names the expected form. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** Commander parser for a positive number option. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** Commander parser for `--preconnect`: `auto`, or a whole number of connections (0 = none). */
export function preconnectSetting(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected auto, 0 (none) or a number of connections');
  }
  return n;
}

/** Commander parser for a TCP port (0 = any free port). */
export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0-65535');
  return n;
}

/**
 * Runs `fn` with an AbortSignal fired by the first SIGINT/SIGTERM; a second signal exits at once.
 * Handlers are removed afterwards.
 */
export async function withInterrupt<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  onFirst?: () => void,
): Promise<T> {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
}
