import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_BIN = path.join(REPO_ROOT, 'server/bin/yardstick-server.js');

/** A real `yardstick-server` process on a DuckDB file, with an admin and a registered agent token. */
export interface RealServer {
  url: string;
  adminToken: string;
  agentToken: string;
  dbFile: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** SIGTERM, then waits for the exit (the DuckDB file is free afterwards). */
  stop(): Promise<void>;
}

/**
 * Starts the real server (`server/bin/yardstick-server.js start`) as a child process on a fresh DuckDB
 * file and port 0 — the agent reaches it only over HTTP, as in production — and registers an agent.
 */
export async function startRealServer(dbFile: string): Promise<RealServer> {
  const child = spawn(
    process.execPath,
    [SERVER_BIN, 'start', '--db', dbFile, '--port', '0', '--no-first-run-bench'],
    // From the repo root, whatever the caller's cwd: tsx reads the tsconfig (decorators) from there.
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const out = await waitFor(child, /running at (http:\/\/127\.0\.0\.1:\d+)/);
  const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  const adminToken = /(ys_[A-Za-z0-9_-]+)/.exec(out)?.[1];
  if (!adminToken) throw new Error(`the server printed no admin token:\n${out}`);
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token = adminToken) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  };
  const reg = await gql<{ registerAgent: { token: string } }>(
    'mutation { registerAgent(input: { name: "sample-upload-test" }) { token } }',
  );
  return {
    url,
    adminToken,
    agentToken: reg.registerAgent.token,
    dbFile,
    gql: (q, v) => gql(q, v),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

function waitFor(child: ChildProcess, ready: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`yardstick-server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`yardstick-server exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** One stored sample's identity, read from the server's DuckDB file (stop the server first). */
export interface StoredSample {
  seq: number;
  warmup: boolean;
}

/**
 * The samples and sample batches the server stored for a run, read straight from its DuckDB file
 * (read-only). GraphQL has no per-sample field yet, and the seq set is what "exactly once" is about.
 */
export async function readStoredSamples(
  dbFile: string,
  runId: string,
): Promise<{
  samples: StoredSample[];
  batches: { batchSeq: number; transport: string }[];
  transports: string[];
}> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = await connection.runAndReadAll(
      'SELECT seq, warmup FROM samples WHERE run_id = $id ORDER BY seq',
      { id: runId },
    );
    const batchRows = await connection.runAndReadAll(
      'SELECT batch_seq, transport FROM sample_batches WHERE run_id = $id ORDER BY batch_seq',
      { id: runId },
    );
    const batches = batchRows
      .getRowObjectsJS()
      .map((r) => ({ batchSeq: Number(r.batch_seq), transport: String(r.transport) }));
    return {
      samples: rows.getRowObjectsJS().map((r) => ({ seq: Number(r.seq), warmup: Boolean(r.warmup) })),
      batches,
      transports: [...new Set(batches.map((b) => b.transport))].sort(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
