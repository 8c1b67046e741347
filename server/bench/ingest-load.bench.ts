/**
 * Ingest under load: autocannon drives 50 concurrent agents (one connection each, own token, own
 * run) appending 200-sample batches to POST /ingest/samples on the real server process for 60 s.
 * Checks zero errors and zero loss (every acknowledged batch stored, nothing else), and reports
 * the append latency percentiles as ratios to GET /healthz measured the same way in the same run.
 *
 *   npm run bench -- ingest-load           (LOAD_SECONDS=10 for a quick look)
 */
import './quiet-logs';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { openDatabase } from '../src/db/duckdb';
import { benchColumns, benchRunInput, fmt, postJson } from './bench-server.helpers';
import { startServerProcess as startServer } from '../../test/support/processes';

const AGENTS = 50;
const BATCH_SAMPLES = 200;
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const BASELINE_SECONDS = Math.min(10, LOAD_SECONDS);

/** Starts `yardstick-server start` on `dbPath` (test/support/processes.ts); logs at warn. */
async function startServerProcess(
  dbPath: string,
): Promise<{ child: ChildProcess; url: string; adminToken: string }> {
  const server = await startServer(dbPath, { env: { YARDSTICK_LOG_LEVEL: 'warn' } });
  if (!server.adminToken) throw new Error(`the server printed no admin token:\n${server.output()}`);
  return { child: server.child, url: server.url, adminToken: server.adminToken };
}

function run(options: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('error', reject);
  });
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ys-load-'));
  const dbPath = join(work, 'load.duckdb');
  const server = await startServerProcess(dbPath);
  const gql = `${server.url}/graphql`;
  try {
    // 50 agents, each with its own token and run.
    const agents: { token: string; runId: string; nextBatch: number }[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const reg = await postJson(
        gql,
        server.adminToken,
        JSON.stringify({ query: `mutation { registerAgent(input: { name: "load-${i}" }) { token } }` }),
      );
      const token = (reg.data as { registerAgent: { token: string } }).registerAgent.token;
      const started = await postJson(
        gql,
        token,
        JSON.stringify({
          query: 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
          variables: { input: benchRunInput(randomUUID()) },
        }),
      );
      agents.push({ token, runId: (started.data as { startRun: { id: string } }).startRun.id, nextBatch: 0 });
    }
    const template = benchColumns(0, BATCH_SAMPLES, 7);

    const baseline = await run({
      url: `${server.url}/healthz`,
      connections: AGENTS,
      duration: BASELINE_SECONDS,
    });

    let nextAgent = 0;
    const acknowledgedKeys = new Set<string>();
    const load = await run({
      url: `${server.url}/ingest/samples`,
      connections: AGENTS,
      duration: LOAD_SECONDS,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          setupRequest(request, context) {
            // One connection = one agent: its own token, run and batch numbers.
            const agent = ((context as { agent?: (typeof agents)[number] }).agent ??=
              agents[nextAgent++ % AGENTS]!);
            const batchSeq = agent.nextBatch++;
            const samples = { ...template, seq: template.seq.map((s) => s + batchSeq * BATCH_SAMPLES) };
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
              body: JSON.stringify({ runId: agent.runId, batchSeq, samples }),
            };
          },
          onResponse(status, body) {
            if (status !== 200) return;
            const answer = JSON.parse(body) as { runId: string; batchSeq: number; accepted: number };
            if (answer.accepted === BATCH_SAMPLES) acknowledgedKeys.add(`${answer.runId}/${answer.batchSeq}`);
          },
        },
      ],
    });

    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    const acknowledged = acknowledgedKeys.size;
    const database = await openDatabase(dbPath);
    const storedBatches = (
      await database.connection.runAndReadAll(
        `SELECT b.run_id || '/' || b.batch_seq, b.sample_count,
                (SELECT count(*) FROM samples s WHERE s.run_id = b.run_id
                   AND s.seq >= b.batch_seq * ${BATCH_SAMPLES} AND s.seq < (b.batch_seq + 1) * ${BATCH_SAMPLES})
         FROM sample_batches b WHERE b.transport = 'bulk'`,
      )
    ).getRowsJS();
    const [[samples]] = (
      await database.connection.runAndReadAll('SELECT count(*) FROM samples')
    ).getRowsJS() as [[bigint]];
    await database.close();
    const storedKeys = new Set(storedBatches.map((r) => String(r[0])));
    const missing = [...acknowledgedKeys].filter((k) => !storedKeys.has(k));
    const halfWritten = storedBatches.filter((r) => Number(r[1]) !== Number(r[2]));
    const batches = storedBatches.length;

    const errors = load.errors + load.timeouts + load.non2xx;
    const lost = missing.length * BATCH_SAMPLES;
    const p = (r: Result, q: 'p50' | 'p99') => r.latency[q];
    console.log(
      `\nIngest load: ${AGENTS} agents x ${LOAD_SECONDS} s, ${BATCH_SAMPLES}-sample batches to POST /ingest/samples (real server process, file DB)\n`,
    );
    console.log('| request | requests/s | p50 ms | p99 ms | p99 ratio to /healthz |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(
      `| GET /healthz (baseline, ${BASELINE_SECONDS} s) | ${fmt(baseline.requests.average)} | ${p(baseline, 'p50')} | ${p(baseline, 'p99')} | 1.0 |`,
    );
    console.log(
      `| POST /ingest/samples | ${fmt(load.requests.average)} | ${p(load, 'p50')} | ${p(load, 'p99')} | ${fmt(p(load, 'p99') / Math.max(p(baseline, 'p99'), 1), 1)} |`,
    );
    console.log(
      `\nacknowledged batches ${fmt(acknowledged)}, stored batches ${fmt(Number(batches))}, stored samples ${fmt(Number(samples))} (${fmt(Number(samples) / LOAD_SECONDS)} samples/s)`,
    );
    const unanswered = batches - acknowledged + missing.length;
    console.log(
      `errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}; ` +
        `acknowledged but missing ${missing.length}, half-written ${halfWritten.length}, ` +
        `committed but unanswered when autocannon stopped ${unanswered}`,
    );
    console.log(`${errors === 0 ? 'GOAL MET' : 'GOAL MISSED'}: zero errors (${errors})`);
    const noLoss = lost === 0 && halfWritten.length === 0 && Number(samples) === batches * BATCH_SAMPLES;
    console.log(
      `${noLoss ? 'GOAL MET' : 'GOAL MISSED'}: zero loss (all ${acknowledged} acknowledged batches stored whole)`,
    );
    console.log(
      `p99 append latency: ${p(load, 'p99')} ms (${fmt(p(load, 'p99') / Math.max(p(baseline, 'p99'), 1), 1)}x /healthz p99 under the same 50 connections)`,
    );
    // Requests in flight when autocannon stops may commit unanswered: at most one per agent.
    if (unanswered > AGENTS) throw new Error(`${unanswered} batches stored unanswered: broken benchmark`);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
