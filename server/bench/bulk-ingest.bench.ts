/**
 * Bulk sample ingest: which upload path? Measures, in one process and one run, samples/s for
 *   1. DuckDB's Appender called directly (the baseline: the ceiling for any API path),
 *   2. POST /ingest/samples with a columnar JSON body (the bulk endpoint),
 *   3. POST /ingest/samples with a text/csv body (DuckDB parses it), batches of 5,000-50,000,
 *   4. a GraphQL mutation with the same columnar input (a prototype schema served by Apollo),
 *   5. the existing GraphQL appendSamples mutation (one input object per sample),
 * each as the ratio to the baseline, first with DuckDB's `SET threads = 1` (the one-core figure),
 * then with its default threads; then, at one thread, the Appender and CSV paths into a samples
 * table without its primary key (to see what the key costs). Bodies are serialised before timing
 * (the agent's cost, not the server's). Feeds docs/adr/0003 and 0004.
 *
 *   npm run bench -- bulk-ingest          BENCH_GRAPHQL=0 skips the (slow) GraphQL paths
 */
import 'reflect-metadata';
import './quiet-logs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema } from '../src/graphql/graphql';
import { Principal, Role } from '../src/auth/principal';
import { openDatabase } from '../src/db/duckdb';
import { migrate } from '../src/db/migrate';
import { startServer } from '../src/index';
import { IngestService } from '../src/ingest/ingest.service';
import { appendSampleColumns } from '../src/ingest/sample-appender';
import { parseBulkBatch, type SampleColumns } from '../src/ingest/sample-columns';
import type { Database } from '../src/db/duckdb';
import { columnsToCsv } from '../test/fixtures/ingest-csv.fixture';
import { benchColumns, benchRunInput, columnsToRows, fmt, postJson } from './bench-server.helpers';

const BATCH = 5000; // the GraphQL mutation's maximum per call
const TOTAL = Number(process.env.BENCH_SAMPLES ?? 200_000);
const BATCHES = Math.ceil(TOTAL / BATCH);
const CSV_BATCHES = [5_000, 10_000, 50_000]; // what an agent would send
const GRAPHQL = process.env.BENCH_GRAPHQL !== '0';
const GOAL_SAMPLES_PER_S = 500_000;

interface Result {
  path: string;
  threads: string;
  samplesPerS: number;
  /** Samples per second of this process's CPU time (all threads): stable on a loaded machine. */
  samplesPerCpuS: number;
  bodyBytesPerSample: number;
  baseline?: boolean;
}

/** Wall and CPU seconds (user + system, every thread of the process) of `fn`. */
async function timed(fn: () => Promise<void>): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** DuckDB's worker threads for the whole instance ('default' = its own choice, the core count). */
async function setThreads(database: Database, threads: string) {
  await database.connection.run(threads === 'default' ? 'RESET threads' : `SET threads = ${threads}`);
}

/**
 * The samples table without its (run_id, seq) primary key, for the what-does-the-key-cost rows.
 * DuckDB cannot drop a key, so the table is rebuilt empty.
 */
async function dropSamplesKey(database: Database) {
  await database.withTransaction(async (tx) => {
    await tx.connection.run('CREATE TABLE samples_nokey AS SELECT * FROM samples LIMIT 0');
    await tx.connection.run('DROP TABLE samples');
    await tx.connection.run('ALTER TABLE samples_nokey RENAME TO samples');
  });
}

async function rawAppender(threads: string, withKey = true): Promise<Result> {
  const database = await openDatabase(':memory:');
  await migrate(database);
  await setThreads(database, threads);
  if (!withKey) await dropSamplesKey(database);
  const batches = Array.from({ length: BATCHES }, (_, b) => benchColumns(b * BATCH, BATCH, b));
  const { seconds, cpuSeconds } = await timed(async () => {
    for (const columns of batches) {
      await database.withTransaction((tx) => appendSampleColumns(tx.connection, 'raw-run', columns));
    }
  });
  await database.close();
  return {
    path: `DuckDB Appender, direct (baseline)${withKey ? '' : ', no primary key'}`,
    threads,
    samplesPerS: (BATCHES * BATCH) / seconds,
    samplesPerCpuS: (BATCHES * BATCH) / cpuSeconds,
    bodyBytesPerSample: 0,
    baseline: true,
  };
}

/** POSTs a CSV body; throws unless it was stored. */
async function postCsv(baseUrl: string, token: string, runId: string, batchSeq: number, body: string) {
  const res = await fetch(`${baseUrl}/ingest/samples?runId=${runId}&batchSeq=${batchSeq}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await res.json()) as { accepted?: number };
  if (!res.ok || !answer.accepted)
    throw new Error(`CSV batch ${batchSeq}: ${res.status} ${JSON.stringify(answer)}`);
}

/** The bench samples as CSV bodies of `batch` samples each: TOTAL samples plus one warm-up batch. */
function csvBodies(batch: number): string[] {
  const count = Math.ceil(TOTAL / batch) + 1;
  return Array.from({ length: count }, (_, b) => columnsToCsv(benchColumns(b * batch, batch, b)));
}

async function timeCsv(
  label: string,
  threads: string,
  send: (body: string, batchSeq: number) => Promise<void>,
  bodies: string[],
  batch: number,
): Promise<Result> {
  await send(bodies[0]!, 0); // warm-up batch (not counted)
  const { seconds, cpuSeconds } = await timed(async () => {
    for (let b = 1; b < bodies.length; b++) await send(bodies[b]!, b);
  });
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  return {
    path: label,
    threads,
    samplesPerS: ((bodies.length - 1) * batch) / seconds,
    samplesPerCpuS: ((bodies.length - 1) * batch) / cpuSeconds,
    bodyBytesPerSample: bytes / (bodies.length * batch),
  };
}

async function timeBodies(
  label: string,
  threads: string,
  url: string,
  token: string,
  bodies: string[],
): Promise<Result> {
  await postJson(url, token, bodies[0]!); // warm-up batch (not counted)
  const { seconds, cpuSeconds } = await timed(async () => {
    for (const body of bodies.slice(1)) await postJson(url, token, body);
  });
  const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
  return {
    path: label,
    threads,
    samplesPerS: ((bodies.length - 1) * BATCH) / seconds,
    samplesPerCpuS: ((bodies.length - 1) * BATCH) / cpuSeconds,
    bodyBytesPerSample: bytes / (bodies.length * BATCH),
  };
}

/** A GraphQL mutation taking the columnar batch, served over the same IngestService. */
async function columnarGraphqlServer(service: IngestService, principal: Principal) {
  const schema = buildSchema(`
    input SampleColumnsInput {
      seq: [Int!]! warmup: [Boolean!]! scheduledAtMs: [Float!]! sentAtMs: [Float!]! sendLagMs: [Float!]!
      queueMs: [Float!]! ttftMs: [Float] e2eMs: [Float] tpotMs: [Float] itlMs: [[Float!]!]
      inputTokens: [Int] outputTokens: [Int] outputTokensServer: [Int] outputTokensClient: [Int]
      tokenSource: [String] errorKind: [String] errorMessage: [String]
    }
    type Payload { runId: ID! batchSeq: Int! accepted: Int! duplicate: Boolean! }
    type Query { ok: Boolean }
    type Mutation { appendSampleColumns(runId: ID!, batchSeq: Int!, samples: SampleColumnsInput!): Payload! }
  `);
  const rootValue = {
    appendSampleColumns: (args: { runId: string; batchSeq: number; samples: SampleColumns }) =>
      service.appendBatch(principal, parseBulkBatch({ ...args, samples: { ...args.samples } })),
  };
  const apollo = new ApolloServer({ schema, rootValue });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '64mb' }), expressMiddleware(apollo));
  const http = createServer(app);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    close: () => apollo.stop().then(() => http.close()),
  };
}

/** An agent (token, id) and a way to start runs for it, on a running server. */
async function benchAgent(url: string, admin: string) {
  const gqlUrl = `${url}/graphql`;
  const reg = await postJson(
    gqlUrl,
    admin,
    JSON.stringify({ query: 'mutation { registerAgent(input: { name: "bench" }) { agent { id } token } }' }),
  );
  const { token, agent } = (reg.data as { registerAgent: { token: string; agent: { id: string } } })
    .registerAgent;
  const newRun = async () => {
    const res = await postJson(
      gqlUrl,
      token,
      JSON.stringify({
        query: 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
        variables: { input: benchRunInput(randomUUID()) },
      }),
    );
    return (res.data as { startRun: { id: string } }).startRun.id;
  };
  return { token, agentId: agent.id, newRun };
}

/** Every path at one DuckDB thread setting, in one server; the Appender first. */
async function measureAt(threads: string, csvSets: Map<number, string[]>): Promise<Result[]> {
  const results: Result[] = [await rawAppender(threads)];
  const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
  try {
    await setThreads(server.db, threads);
    const gqlUrl = `${server.url}/graphql`;
    const { token, agentId, newRun } = await benchAgent(server.url, server.adminToken!);
    const batches = Array.from({ length: BATCHES + 1 }, (_, b) => benchColumns(b * BATCH, BATCH, b));
    let expected = 0;

    const bulkRun = await newRun();
    const bulkBodies = batches.map((samples, b) => JSON.stringify({ runId: bulkRun, batchSeq: b, samples }));
    results.push(
      await timeBodies(
        'POST /ingest/samples, columnar JSON, 5,000/batch',
        threads,
        `${server.url}/ingest/samples`,
        token,
        bulkBodies,
      ),
    );
    expected += (BATCHES + 1) * BATCH;

    for (const [batch, bodies] of csvSets) {
      const runId = await newRun();
      const send = (body: string, batchSeq: number) => postCsv(server.url, token, runId, batchSeq, body);
      results.push(
        await timeCsv(`POST /ingest/samples, text/csv, ${fmt(batch)}/batch`, threads, send, bodies, batch),
      );
      expected += bodies.length * batch;
    }

    if (GRAPHQL) {
      const principal = Object.assign(new Principal(), {
        role: Role.AGENT,
        agentId,
        name: 'bench',
        tokenId: null,
      });
      const columnar = await columnarGraphqlServer(new IngestService(server.db), principal);
      const colRun = await newRun();
      const colBodies = batches.map((samples, b) =>
        JSON.stringify({
          query:
            'mutation($r: ID!, $b: Int!, $s: SampleColumnsInput!) { appendSampleColumns(runId: $r, batchSeq: $b, samples: $s) { accepted } }',
          variables: { r: colRun, b, s: samples },
        }),
      );
      results.push(
        await timeBodies('GraphQL mutation, columnar input', threads, columnar.url, token, colBodies),
      );
      await columnar.close();

      const rowRun = await newRun();
      const rowBodies = batches.map((samples, b) =>
        JSON.stringify({
          query: 'mutation($input: AppendSamplesInput!) { appendSamples(input: $input) { accepted } }',
          variables: { input: { runId: rowRun, batchSeq: b, samples: columnsToRows(samples) } },
        }),
      );
      results.push(await timeBodies('GraphQL appendSamples, row objects', threads, gqlUrl, token, rowBodies));
      expected += 2 * (BATCHES + 1) * BATCH;
    }

    const stored = await server.db.connection.runAndReadAll('SELECT count(*) FROM samples');
    if (Number(stored.getRowsJS()[0]![0]) !== expected)
      throw new Error(`stored ${stored.getRowsJS()[0]![0]} samples, expected ${expected}`);
  } finally {
    await server.close();
  }
  return results;
}

/** At one thread, the Appender and the largest CSV batches into a samples table without its key. */
async function measureWithoutKey(bodies: string[], batch: number): Promise<Result[]> {
  const results: Result[] = [await rawAppender('1', false)];
  const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
  try {
    await setThreads(server.db, '1');
    await dropSamplesKey(server.db);
    const { token, newRun } = await benchAgent(server.url, server.adminToken!);
    const runId = await newRun();
    const send = (body: string, batchSeq: number) => postCsv(server.url, token, runId, batchSeq, body);
    results.push(
      await timeCsv(
        `POST /ingest/samples, text/csv, ${fmt(batch)}/batch, no primary key`,
        '1',
        send,
        bodies,
        batch,
      ),
    );
  } finally {
    await server.close();
  }
  return results;
}

async function main() {
  const csvSets = new Map(CSV_BATCHES.map((batch) => [batch, csvBodies(batch)]));
  const groups = [
    await measureAt('1', csvSets),
    await measureAt('default', csvSets),
    await measureWithoutKey(csvSets.get(50_000)!, 50_000),
  ];

  console.log(
    `\nBulk sample ingest: ${fmt(TOTAL)} samples per path (+1 warm-up batch), one process, in-memory DuckDB; ` +
      'ratios are over the Appender of the same group (same threads, same key); per CPU-second = samples over the ' +
      "process's CPU time (all threads, the HTTP client included), which a loaded machine does not skew\n",
  );
  console.log(
    '| path | DuckDB threads | samples/s | ratio to raw Appender | samples per CPU-second | ratio (CPU) | body bytes/sample |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const group of groups) {
    const baseline = group.find((r) => r.baseline)!;
    for (const r of group) {
      console.log(
        `| ${r.path} | ${r.threads} | ${fmt(r.samplesPerS)} | ${(r.samplesPerS / baseline.samplesPerS).toFixed(3)} | ` +
          `${fmt(r.samplesPerCpuS)} | ${(r.samplesPerCpuS / baseline.samplesPerCpuS).toFixed(3)} | ${r.bodyBytesPerSample ? fmt(r.bodyBytesPerSample) : '-'} |`,
      );
    }
  }
  const oneCore = groups[0]!;
  const best = oneCore
    .filter((r) => r.path.includes('text/csv'))
    .sort((a, b) => b.samplesPerS - a.samplesPerS)[0]!;
  const baseline = oneCore[0]!.samplesPerS;
  console.log(
    `\n${best.samplesPerS >= GOAL_SAMPLES_PER_S ? 'GOAL MET' : 'GOAL MISSED'}: API ingest at one DuckDB thread ${fmt(best.samplesPerS)} samples/s ` +
      `(${best.path}; goal ${fmt(GOAL_SAMPLES_PER_S)}), ${(best.samplesPerS / baseline).toFixed(3)}x the raw Appender in the same process; ` +
      `${fmt(best.samplesPerCpuS)} samples per CPU-second, ${(best.samplesPerCpuS / oneCore[0]!.samplesPerCpuS).toFixed(3)}x the Appender's`,
  );
}

await main();
