import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The server's structured JSON logger (one JSON object per line on stdout). Level from
 * YARDSTICK_LOG_LEVEL (trace|debug|info|warn|error|fatal|silent); 'silent' under vitest unless set.
 */
export function createLogger(
  level = process.env.YARDSTICK_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
): Logger {
  return pino({ level, base: { service: 'yardstick-server' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * Logs an unexpected error once, with a fresh id, and returns the id, so the answer to the client
 * can say "internal error (id ...)" and an operator can grep the log for it.
 */
export function logErrorOnce(logger: Logger, error: unknown, context: Record<string, unknown> = {}): string {
  const errorId = randomUUID();
  logger.error({ ...context, errorId, err: error }, 'unexpected error');
  return errorId;
}
