import type { Database } from '../db/duckdb';
import { createLogger, type Logger } from './logger';
import { ServerMetrics } from './metrics';

/** The logger and metrics of one server, shared by its services and middleware. */
export interface Observability {
  logger: Logger;
  metrics: ServerMetrics;
}

/** Creates them over an open database (the metrics read its size and observe its queries). */
export function createObservability(database: Database, logger: Logger = createLogger()): Observability {
  return { logger, metrics: new ServerMetrics(database) };
}
