import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake server received, operation by operation. */
export interface GraphqlLog {
  startRun: Record<string, unknown>[];
  appendSamples: { runId: string; batchSeq: number; samples: unknown[] }[];
  finishRun: { runId: string; status: string; summary?: unknown }[];
}

/**
 * A small GraphQL-shaped HTTP server for the agent's three mutations (the real server is tested by the
 * lead's e2e suite). Like the real one it is idempotent: startRun on clientRunId, appendSamples on
 * (runId, batchSeq) — duplicates are acknowledged with `duplicate: true` and not stored again.
 */
export async function startFakeGraphql(
  token: string,
): Promise<{ url: string; log: GraphqlLog; close(): Promise<void> }> {
  const log: GraphqlLog = { startRun: [], appendSamples: [], finishRun: [] };
  const runIds = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url !== '/graphql' || req.headers.authorization !== `Bearer ${token}`) {
        res.statusCode = req.url !== '/graphql' ? 404 : 401;
        res.end(JSON.stringify({ errors: [{ message: 'unauthorized or not found' }] }));
        return;
      }
      const { query, variables } = JSON.parse(raw) as {
        query: string;
        variables: { input: Record<string, unknown> };
      };
      const input = variables.input;
      let data: unknown;
      if (query.includes('startRun(')) {
        const clientRunId = String(input.clientRunId);
        if (!runIds.has(clientRunId)) {
          runIds.set(clientRunId, `run-${runIds.size + 1}`);
          log.startRun.push(input);
        }
        data = { startRun: { id: runIds.get(clientRunId), status: 'RUNNING' } };
      } else if (query.includes('appendSamples(')) {
        const { runId, batchSeq, samples } = input as { runId: string; batchSeq: number; samples: unknown[] };
        const duplicate = log.appendSamples.some((b) => b.runId === runId && b.batchSeq === batchSeq);
        if (!duplicate) log.appendSamples.push({ runId, batchSeq, samples });
        data = { appendSamples: { runId, batchSeq, accepted: duplicate ? 0 : samples.length, duplicate } };
      } else if (query.includes('finishRun(')) {
        log.finishRun.push(input as GraphqlLog['finishRun'][number]);
        data = { finishRun: { id: input.runId, status: input.status } };
      } else {
        res.end(JSON.stringify({ errors: [{ message: 'unknown operation' }] }));
        return;
      }
      res.end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
