import { statSync } from 'node:fs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/duckdb';

// Every metric the server exports at GET /metrics, in one place (names carry units, per
// Prometheus conventions: _seconds, _bytes, _total). One Registry per server, so tests that start
// several servers in one process do not share counters.

/** How samples arrived: the GraphQL appendSamples mutation or POST /ingest/samples. */
export type IngestTransport = 'graphql' | 'bulk';

/** The part of the metrics the ingest path reports to. */
export interface IngestMetrics {
  samplesIngested(rows: number, transport: IngestTransport): void;
}

// Latency buckets in seconds: 0.5 ms .. 10 s, roughly x2.5 apart.
const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Size of the database file plus its write-ahead log in bytes (0 for ':memory:'). */
export function databaseSizeBytes(path: string): number {
  if (path === ':memory:') return 0;
  let bytes = 0;
  for (const file of [path, `${path}.wal`]) {
    try {
      bytes += statSync(file).size;
    } catch {
      // No WAL right after a checkpoint: nothing to add.
    }
  }
  return bytes;
}

/** The server's Prometheus metrics. */
export class ServerMetrics implements IngestMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'yardstick_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'yardstick_http_request_duration_seconds',
    help: 'HTTP request latency from arrival to the last byte sent, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'yardstick_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by operation type and first root field (e.g. query/runs).',
    labelNames: ['operation', 'field', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly dbQueryDuration = new Histogram({
    name: 'yardstick_db_query_duration_seconds',
    help: 'DuckDB statement latency (statements issued through drizzle), by read/write connection.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly ingestSamples = new Counter({
    name: 'yardstick_ingest_samples_total',
    help: 'Samples stored (acknowledged after commit), by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly ingestBatches = new Counter({
    name: 'yardstick_ingest_batches_total',
    help: 'Sample batches stored (duplicates of stored batches not counted), by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  constructor(database: Database) {
    new Gauge({
      name: 'yardstick_db_size_bytes',
      help: 'Size of the DuckDB file plus its WAL in bytes (0 for an in-memory database).',
      registers: [this.registry],
      collect() {
        this.set(databaseSizeBytes(database.path));
      },
    });
    new Gauge({
      name: 'yardstick_db_pending_writes',
      help: 'Transactions queued for the single write connection, the running one included.',
      registers: [this.registry],
      collect() {
        this.set(database.pendingWrites());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'yardstick_' });
    database.observeQueries(({ durationMs, ok, kind }) =>
      this.dbQueryDuration.observe({ kind, outcome: ok ? 'ok' : 'error' }, durationMs / 1000),
    );
  }

  samplesIngested(rows: number, transport: IngestTransport): void {
    this.ingestSamples.inc({ transport }, rows);
    this.ingestBatches.inc({ transport });
  }
}
