/**
 * Bulk sample ingest: which upload path? Measures, in one process and one run, samples/s for
 *   1. DuckDB's Appender called directly (the baseline: the ceiling for any API path),
 *   2. POST /ingest/samples with a columnar JSON body (the bulk endpoint),
 *   3. a GraphQL mutation with the same columnar input (a prototype schema served by Apollo),
 *   4. the existing GraphQL appendSamples mutation (one input object per sample),
 * each as the ratio to the baseline. Bodies are serialised before timing (the agent's cost, not
 * the server's). Feeds docs/adr/0003-bulk-sample-ingest.md.
 *
 *   npm run bench -- bulk-ingest
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
import { benchColumns, benchRunInput, columnsToRows, fmt, postJson } from './bench-server.helpers';

const BATCH = 5000; // the GraphQL mutation's maximum per call
const TOTAL = Number(process.env.BENCH_SAMPLES ?? 200_000);
const BATCHES = Math.ceil(TOTAL / BATCH);
const GOAL_SAMPLES_PER_S = 500_000;

interface Result {
  path: string;
  samplesPerS: number;
  bodyBytesPerSample: number;
}

async function rawAppender(): Promise<Result> {
  const database = await openDatabase(':memory:');
  await migrate(database);
  const batches = Array.from({ length: BATCHES }, (_, b) => benchColumns(b * BATCH, BATCH, b));
  const started = performance.now();
  for (const columns of batches) {
    await database.withTransaction((tx) => appendSampleColumns(tx.connection, 'raw-run', columns));
  }
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return {
    path: 'DuckDB Appender, direct (baseline)',
    samplesPerS: (BATCHES * BATCH) / seconds,
    bodyBytesPerSample: 0,
  };
}

async function timeBodies(label: string, url: string, token: string, bodies: string[]): Promise<Result> {
  await postJson(url, token, bodies[0]!); // warm-up batch (not counted)
  const started = performance.now();
  for (const body of bodies.slice(1)) await postJson(url, token, body);
  const seconds = (performance.now() - started) / 1000;
  const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
  return {
    path: label,
    samplesPerS: ((bodies.length - 1) * BATCH) / seconds,
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

async function main() {
  const results: Result[] = [await rawAppender()];
  const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
  try {
    const gqlUrl = `${server.url}/graphql`;
    const admin = server.adminToken!;
    const reg = await postJson(
      gqlUrl,
      admin,
      JSON.stringify({
        query: 'mutation { registerAgent(input: { name: "bench" }) { agent { id } token } }',
      }),
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
    const batches = Array.from({ length: BATCHES + 1 }, (_, b) => benchColumns(b * BATCH, BATCH, b));

    const bulkRun = await newRun();
    const bulkBodies = batches.map((samples, b) => JSON.stringify({ runId: bulkRun, batchSeq: b, samples }));
    results.push(
      await timeBodies(
        'POST /ingest/samples, columnar JSON',
        `${server.url}/ingest/samples`,
        token,
        bulkBodies,
      ),
    );

    const principal = Object.assign(new Principal(), {
      role: Role.AGENT,
      agentId: agent.id,
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
    results.push(await timeBodies('GraphQL mutation, columnar input', columnar.url, token, colBodies));
    await columnar.close();

    const rowRun = await newRun();
    const rowBodies = batches.map((samples, b) =>
      JSON.stringify({
        query: 'mutation($input: AppendSamplesInput!) { appendSamples(input: $input) { accepted } }',
        variables: { input: { runId: rowRun, batchSeq: b, samples: columnsToRows(samples) } },
      }),
    );
    results.push(await timeBodies('GraphQL appendSamples, row objects', gqlUrl, token, rowBodies));

    const stored = await server.db.connection.runAndReadAll('SELECT count(*) FROM samples');
    const expected = 3 * (BATCHES + 1) * BATCH;
    if (Number(stored.getRowsJS()[0]![0]) !== expected)
      throw new Error(`stored ${stored.getRowsJS()[0]![0]} samples, expected ${expected}`);
  } finally {
    await server.close();
  }

  const baseline = results[0]!.samplesPerS;
  console.log(
    `\nBulk sample ingest: ${fmt(BATCHES * BATCH)} samples per path in batches of ${fmt(BATCH)}, one process, in-memory DuckDB\n`,
  );
  console.log('| path | samples/s | ratio to raw Appender | JSON bytes/sample |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.path} | ${fmt(r.samplesPerS)} | ${(r.samplesPerS / baseline).toFixed(3)} | ${r.bodyBytesPerSample ? fmt(r.bodyBytesPerSample) : '-'} |`,
    );
  }
  const bulk = results[1]!;
  console.log(
    `\n${bulk.samplesPerS >= GOAL_SAMPLES_PER_S ? 'GOAL MET' : 'GOAL MISSED'}: API ingest ${fmt(bulk.samplesPerS)} samples/s ` +
      `(goal ${fmt(GOAL_SAMPLES_PER_S)}), ${(bulk.samplesPerS / baseline).toFixed(3)}x the raw Appender in the same process`,
  );
}

await main();
