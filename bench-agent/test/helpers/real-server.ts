import { DuckDBInstance } from '@duckdb/node-api';
import { graphql, startServerProcess } from '../../../test/support/processes';

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
 * Starts the real server (test/support/processes.ts startServerProcess: a child process on a fresh
 * DuckDB file and port 0) — the agent reaches it only over HTTP, as in production — and registers an
 * agent.
 */
export async function startRealServer(dbFile: string): Promise<RealServer> {
  const server = await startServerProcess(dbFile);
  const { url, adminToken } = server;
  if (!adminToken) throw new Error(`the server printed no admin token:\n${server.output()}`);
  const gql = <T>(query: string, variables: Record<string, unknown> = {}, token = adminToken) =>
    graphql<T>(url, query, variables, token);
  const reg = await gql<{ registerAgent: { token: string } }>(
    'mutation { registerAgent(input: { name: "sample-upload-test" }) { token } }',
  );
  return {
    url,
    adminToken,
    agentToken: reg.registerAgent.token,
    dbFile,
    gql: (q, v) => gql(q, v),
    stop: server.stop,
  };
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
