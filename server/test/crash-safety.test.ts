import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/duckdb';
import { postBulk, sampleColumns } from './fixtures/bulk-ingest.fixture';
import { hardwareInput } from './helpers';
import { startServerProcess as startServer } from '../../test/support/processes';
import { agentRunConfig } from './support/agent-run-data';

// SIGKILL the real server process (bin/yardstick-server.js) in the middle of heavy ingest, restart
// it on the same file, and check: every batch acknowledged before the kill is stored completely,
// and no batch at all (acknowledged or not) is stored partly.

const BATCH_SAMPLES = 2000;
const WRITERS = 6;
const work = mkdtempSync(join(tmpdir(), 'ys-crash-'));
const dbPath = join(work, 'crash.duckdb');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Starts `yardstick-server start` on the test's database (test/support/processes.ts). */
async function startServerProcess(): Promise<{
  child: ChildProcess;
  url: string;
  adminToken: string | null;
}> {
  const server = await startServer(dbPath, {
    env: { YARDSTICK_LOG_LEVEL: 'warn', YARDSTICK_SKIP_FIRST_RUN: '1' },
    timeoutMs: 60_000,
  });
  children.push(server.child);
  return server;
}

/** Resolves once the process has exited (by code or by signal). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, Record<string, unknown>>; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe('crash safety', () => {
  it('keeps every acknowledged batch and never half a batch across SIGKILL and restart', async () => {
    const first = await startServerProcess();
    const agent = await gql(
      first.url,
      first.adminToken!,
      'mutation { registerAgent(input: { name: "crash" }) { token } }',
      {},
    );
    const token = agent.registerAgent!.token as string;
    const started = await gql(
      first.url,
      token,
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      {
        input: {
          clientRunId: 'crash-run',
          scenario: 'smoke',
          targetUrl: 'http://127.0.0.1:1/v1',
          targetEngine: 'vllm',
          model: 'm',
          quantization: 'fp16',
          config: agentRunConfig(),
          hardware: hardwareInput(),
        },
      },
    );
    const runId = started.startRun!.id as string;

    // WRITERS loops post batches back to back; the kill lands while several are in flight.
    const acknowledged = new Set<number>();
    let nextBatch = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const batchSeq = nextBatch++;
        try {
          const res = await postBulk(first.url, token, {
            runId,
            batchSeq,
            samples: sampleColumns(batchSeq * BATCH_SAMPLES, BATCH_SAMPLES),
          });
          if (res.status === 200 && res.body.accepted === BATCH_SAMPLES) acknowledged.add(batchSeq);
          else if (!killed) throw new Error(`batch ${batchSeq}: ${res.status} ${JSON.stringify(res.body)}`);
        } catch (error) {
          if (!killed) throw error; // connection errors after the kill are expected
        }
      }
    };
    let failure: unknown = null;
    const writers = Array.from({ length: WRITERS }, () =>
      writer().catch((error: unknown) => {
        failure ??= error;
      }),
    );
    const deadline = Date.now() + 40_000;
    while (acknowledged.size < 30 && !failure && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    if (failure) throw failure;
    expect(acknowledged.size, 'batches acknowledged before the kill').toBeGreaterThanOrEqual(30);
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(nextBatch).toBeGreaterThan(acknowledged.size); // some were in flight at the kill

    // Restart on the same file (DuckDB replays its WAL); it must accept new work.
    const second = await startServerProcess();
    const after = await postBulk(second.url, token, {
      runId,
      batchSeq: 1_000_000,
      samples: sampleColumns(1_000_000 * BATCH_SAMPLES, 10),
    });
    expect(after.status).toBe(200);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const database = await openDatabase(dbPath);
    try {
      const batches = (
        await database.connection.runAndReadAll(
          `SELECT b.batch_seq, b.sample_count, count(s.seq) AS stored,
                  min(s.seq) AS lo, max(s.seq) AS hi
           FROM sample_batches b LEFT JOIN samples s
             ON s.run_id = b.run_id AND s.seq >= b.batch_seq * ${BATCH_SAMPLES}
            AND s.seq < (b.batch_seq + 1) * ${BATCH_SAMPLES}
           WHERE b.run_id = $1 GROUP BY ALL ORDER BY b.batch_seq`,
          [runId],
        )
      ).getRowObjectsJS();
      const storedSeqs = new Set(batches.map((b) => Number(b.batch_seq)));
      for (const seq of acknowledged)
        expect(storedSeqs.has(seq), `acknowledged batch ${seq} lost`).toBe(true);
      for (const b of batches) {
        expect(Number(b.stored), `batch ${b.batch_seq} half-written`).toBe(Number(b.sample_count));
      }
      // And no samples outside a recorded batch.
      const [[total]] = (
        await database.connection.runAndReadAll('SELECT count(*) FROM samples WHERE run_id = $1', [runId])
      ).getRowsJS() as [[bigint]];
      expect(Number(total)).toBe(batches.reduce((sum, b) => sum + Number(b.sample_count), 0));
    } finally {
      await database.close();
    }
  }, 90_000);
});
