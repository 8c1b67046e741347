import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendSampleBatches,
  rowsToColumns,
  SAMPLES_TABLE_LAYOUT,
  type SampleRow,
} from '../src/ingest/sample-appender';
import { MAX_BULK_SAMPLES } from '../src/ingest/sample-columns';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';
import { postBulk, sampleColumns } from './fixtures/bulk-ingest.fixture';

// POST /ingest/samples against a real server and in-memory DuckDB.

let t: TestServer;
let agent: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  t = await startTestServer();
  agent = await registerAgent(t, 'bulk-agent');
  other = await registerAgent(t, 'other-agent');
});
afterAll(() => t.close());

async function storedRows(runId: string) {
  const reader = await t.server.db.connection.runAndReadAll(
    `SELECT seq, warmup, ttft_ms, tpot_ms, itl_ms, output_tokens_client, token_source, error_kind
     FROM samples WHERE run_id = $1 ORDER BY seq`,
    [runId],
  );
  return reader.getRowObjectsJS();
}

describe('POST /ingest/samples', () => {
  it('stores a columnar batch exactly, once, and reports a retry as duplicate', async () => {
    const runId = await startRun(t, agent.token);
    const samples = sampleColumns(0, 120);
    const first = await postBulk(t.server.url, agent.token, { runId, batchSeq: 0, samples });
    expect(first).toEqual({ status: 200, body: { runId, batchSeq: 0, accepted: 120, duplicate: false } });
    const retry = await postBulk(t.server.url, agent.token, { runId, batchSeq: 0, samples });
    expect(retry.body).toMatchObject({ accepted: 0, duplicate: true });
    const rows = await storedRows(runId);
    expect(rows).toHaveLength(120);
    expect(rows[7]).toEqual({
      seq: 7,
      warmup: false,
      ttft_ms: 57,
      tpot_ms: null,
      itl_ms: [4, 5, 7],
      output_tokens_client: 31,
      token_source: 'SERVER',
      error_kind: null,
    });
    expect(rows[49]).toMatchObject({ error_kind: 'timeout', tpot_ms: null });
    expect(rows[50]).toMatchObject({ error_kind: null, tpot_ms: 5 });
    const batches = await t.server.db.connection.runAndReadAll(
      'SELECT transport, sample_count FROM sample_batches WHERE run_id = $1',
      [runId],
    );
    expect(batches.getRowsJS()).toEqual([['bulk', 120]]);
  });

  it('stores the same values as the GraphQL appendSamples mutation', async () => {
    const viaGraphql = await startRun(t, agent.token);
    const viaBulk = await startRun(t, agent.token);
    const rows = [0, 1, 2].map((seq) => sampleInput(seq));
    const res = await t.gql(
      APPEND,
      { input: { runId: viaGraphql, batchSeq: 0, samples: rows } },
      agent.token,
    );
    expect(res.errors).toBeUndefined();
    const columns = Object.fromEntries(
      Object.keys(rows[0]!).map((key) => [key, rows.map((r) => (r as Record<string, unknown>)[key])]),
    );
    const bulk = await postBulk(t.server.url, agent.token, { runId: viaBulk, batchSeq: 0, samples: columns });
    expect(bulk.status).toBe(200);
    expect(await storedRows(viaBulk)).toEqual(await storedRows(viaGraphql));
  });

  it('names the bad field and the fix, and stores nothing of a rejected batch', async () => {
    const runId = await startRun(t, agent.token);
    const cases: [unknown, string, RegExp][] = [
      [{ runId, batchSeq: -1, samples: sampleColumns(0, 2) }, 'batchSeq', /integer 0-2000000000/],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 3), ttftMs: [1, -5, 2] } },
        'samples.ttftMs.1',
        />= 0/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 3), itlMs: [[1], [2, 3, 'x'], [4]] } },
        'samples.itlMs.1.2',
        />= 0 \(milliseconds\)/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 2), itlMs: [[1], 7] } },
        'samples.itlMs.1',
        /array of gaps/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 3), outputTokens: [1, null, 2.5] } },
        'samples.outputTokens.2',
        /integer/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 3), e2eMs: [1, 2] } },
        'samples.e2eMs',
        /has 2 values but samples.seq has 3/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 2), seq: [4, 4] } },
        'samples.seq.1',
        /appears twice/,
      ],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 2), bogus: [1, 2] } },
        'samples.bogus',
        /unknown column/,
      ],
      [{ runId, batchSeq: 1, samples: { seq: [0] } }, 'samples.warmup', /is required/],
      [
        { runId, batchSeq: 1, samples: { ...sampleColumns(0, 1), errorKind: ["x'; DROP TABLE samples;--"] } },
        'samples.errorKind.0',
        /\[a-z0-9_\]/,
      ],
      [
        { runId, batchSeq: 1, samples: { seq: new Array(MAX_BULK_SAMPLES + 1).fill(0) } },
        'samples.seq',
        /split it/,
      ],
      ['{"runId": ', 'body', /malformed JSON/],
    ];
    for (const [body, field, message] of cases) {
      const res = await postBulk(t.server.url, agent.token, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error?.field, JSON.stringify(res.body)).toBe(field);
      expect(res.body.error?.message).toMatch(message);
    }
    expect(await storedRows(runId)).toEqual([]);
    // A seq stored by an earlier batch: the whole new batch is refused.
    await postBulk(t.server.url, agent.token, { runId, batchSeq: 1, samples: sampleColumns(0, 5) });
    const clash = await postBulk(t.server.url, agent.token, {
      runId,
      batchSeq: 2,
      samples: sampleColumns(3, 5),
    });
    expect(clash.status).toBe(400);
    expect(clash.body.error?.message).toMatch(/already stored/);
    expect(await storedRows(runId)).toHaveLength(5);
  });

  it('lets only the owning agent write: 401 without a token, 403 for others, 404 for unknown runs', async () => {
    const runId = await startRun(t, agent.token);
    const body = { runId, batchSeq: 0, samples: sampleColumns(0, 2) };
    expect((await postBulk(t.server.url, null, body)).status).toBe(401);
    expect((await postBulk(t.server.url, 'ys_not-a-real-token', body)).status).toBe(401);
    expect((await postBulk(t.server.url, other.token, body)).body.error?.code).toBe('FORBIDDEN');
    expect((await postBulk(t.server.url, t.adminToken, body)).status).toBe(403);
    const missing = await postBulk(t.server.url, agent.token, { ...body, runId: 'no-such-run' });
    expect(missing.status).toBe(404);
    expect(await storedRows(runId)).toEqual([]);
  });

  it('loses nothing under concurrent agents and retries (short zero-loss check, group commit)', async () => {
    const writers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const a = await registerAgent(t, `load-${i}`);
        return { token: a.token, runId: await startRun(t, a.token) };
      }),
    );
    // Every agent sends 6 batches of 50, each twice at once (a retry racing its original).
    const answers = await Promise.all(
      writers.flatMap(({ token, runId }) =>
        Array.from({ length: 12 }, (_, k) => {
          const batchSeq = k % 6;
          return postBulk(t.server.url, token, {
            runId,
            batchSeq,
            samples: sampleColumns(batchSeq * 50, 50),
          });
        }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(60);
    for (const { runId } of writers) {
      expect((await storedRows(runId)).map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    }
  });

  it('refuses only the bad batch of a group that commits together', async () => {
    const runId = await startRun(t, agent.token);
    await postBulk(t.server.url, agent.token, { runId, batchSeq: 0, samples: sampleColumns(0, 10) });
    const [good1, bad, good2] = await Promise.all([
      postBulk(t.server.url, agent.token, { runId, batchSeq: 1, samples: sampleColumns(10, 10) }),
      postBulk(t.server.url, agent.token, { runId, batchSeq: 2, samples: sampleColumns(5, 10) }), // seqs 5-9 exist
      postBulk(t.server.url, agent.token, { runId, batchSeq: 3, samples: sampleColumns(20, 10) }),
    ]);
    expect([good1!.status, bad!.status, good2!.status]).toEqual([200, 400, 200]);
    expect(bad!.body.error?.message).toMatch(/already stored/);
    expect((await storedRows(runId)).map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('rowsToColumns + the chunked Appender store GraphQL rows exactly as the row-by-row path', async () => {
    const viaGraphql = await startRun(t, agent.token);
    const viaChunks = await startRun(t, agent.token);
    const rows = [0, 1, 2, 3].map((seq) =>
      sampleInput(seq, seq === 2 ? { ttftMs: null, tokenSource: null, itlMs: [], errorKind: 'timeout' } : {}),
    );
    const res = await t.gql(
      APPEND,
      { input: { runId: viaGraphql, batchSeq: 0, samples: rows } },
      agent.token,
    );
    expect(res.errors).toBeUndefined();
    await t.server.db.withTransaction((tx) =>
      appendSampleBatches(tx.connection, [{ runId: viaChunks, samples: rowsToColumns(rows as SampleRow[]) }]),
    );
    expect(await storedRows(viaChunks)).toEqual(await storedRows(viaGraphql));
  });

  it('appends in the samples table column order (drift check of the Appender layout)', async () => {
    const reader = await t.server.db.connection.runAndReadAll(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'samples' ORDER BY ordinal_position`,
    );
    expect(reader.getRowsJS()).toEqual(SAMPLES_TABLE_LAYOUT.map((c) => [c.column, c.type.toString()]));
  });
});
