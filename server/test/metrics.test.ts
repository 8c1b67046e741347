import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/duckdb';
import { logErrorOnce } from '../src/observability/logger';
import { observeHttp } from '../src/observability/http-observability';
import { ServerMetrics } from '../src/observability/metrics';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';
import { postBulk, sampleColumns } from './fixtures/bulk-ingest.fixture';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** One Prometheus sample value, e.g. value(text, 'yardstick_ingest_samples_total{transport="bulk"}'). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests, ingested rows, latencies and reports the database size in Prometheus text', async () => {
    const agent = await registerAgent(t, 'metrics-agent');
    const runId = await startRun(t, agent.token);
    await t.gql(
      APPEND,
      { input: { runId, batchSeq: 0, samples: [0, 1, 2].map((s) => sampleInput(s)) } },
      agent.token,
    );
    await postBulk(t.server.url, agent.token, { runId, batchSeq: 1, samples: sampleColumns(10, 25) });
    await postBulk(t.server.url, agent.token, { runId, batchSeq: 1, samples: sampleColumns(10, 25) }); // duplicate
    const res = await fetch(`${t.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(value(text, 'yardstick_ingest_samples_total{transport="graphql"}')).toBe(3);
    expect(value(text, 'yardstick_ingest_samples_total{transport="bulk"}')).toBe(25);
    expect(value(text, 'yardstick_ingest_batches_total{transport="bulk"}')).toBe(1);
    expect(
      value(text, 'yardstick_http_requests_total{method="POST",route="/ingest/samples",status="200"}'),
    ).toBe(2);
    expect(
      value(
        text,
        'yardstick_graphql_operation_duration_seconds_count{operation="mutation",field="appendSamples",outcome="ok"}',
      ),
    ).toBe(1);
    expect(
      value(text, 'yardstick_db_query_duration_seconds_count{kind="read",outcome="ok"}'),
    ).toBeGreaterThan(0);
    expect(text).toMatch(
      /^yardstick_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/graphql"\} \d+$/m,
    );
    expect(value(text, 'yardstick_db_size_bytes')).toBe(0); // in-memory database
    expect(value(text, 'yardstick_db_pending_writes')).toBe(0);
  });

  it('reports the size of a database file and its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ys-metrics-'));
    const database = await openDatabase(join(dir, 'm.duckdb'));
    await database.withTransaction(({ connection }) =>
      connection.run('CREATE TABLE x AS SELECT range AS i FROM range(100000)'),
    );
    const metrics = new ServerMetrics(database);
    const size = value(await metrics.registry.metrics(), 'yardstick_db_size_bytes');
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    expect(size).toBeGreaterThan(10_000);
  });
});

describe('structured logs', () => {
  it('writes one JSON line per request with its request id, echoed to the client', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const database = await openDatabase(':memory:');
    const metrics = new ServerMetrics(database);
    const app = express();
    app.use(observeHttp(logger, metrics));
    app.get('/boom', (req, res) => {
      const errorId = logErrorOnce(req.log, new Error('disk on fire'));
      res.status(500).json({ errorId });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/boom`, { headers: { 'x-request-id': 'req-42' } });
    const { errorId } = (await res.json()) as { errorId: string };
    const evil = await fetch(`http://127.0.0.1:${port}/boom`, {
      headers: { 'x-request-id': 'bad id\u00e9 {}' },
    });
    await evil.json();
    await new Promise((r) => server.close(r));
    await database.close();
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(evil.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // unsafe ids are replaced
    const errors = lines.filter((l) => l.msg === 'unexpected error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      level: 50,
      requestId: 'req-42',
      errorId,
      err: { message: 'disk on fire' },
    });
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests[0]).toMatchObject({ requestId: 'req-42', method: 'GET', status: 500, route: 'other' });
    expect(typeof requests[0]!.durationMs).toBe('number');
  });
});
