import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPEND,
  START_RUN,
  registerAgent,
  sampleInput,
  startRun,
  startRunInput,
  startTestServer,
  type TestServer,
} from './helpers';
import { agentRunSummary } from './support/agent-run-data';

describe('run writes over real GraphQL', () => {
  let t: TestServer;
  let agent: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestServer();
    agent = await registerAgent(t, 'writer');
  });
  afterAll(() => t.close());

  const sampleCount = async (runId: string) =>
    Number(
      (
        await t.server.db.connection.runAndReadAll('SELECT count(*) FROM samples WHERE run_id = $1', [runId])
      ).getRowsJS()[0]?.[0],
    );

  it('appendSamples twice with the same batchSeq stores the batch once', async () => {
    const runId = await startRun(t, agent.token);
    const input = { runId, batchSeq: 3, samples: [0, 1, 2].map((i) => sampleInput(i)) };
    const first = await t.gql<{ appendSamples: unknown }>(APPEND, { input }, agent.token);
    expect(first.data?.appendSamples).toEqual({ runId, batchSeq: 3, accepted: 3, duplicate: false });
    const again = await t.gql<{ appendSamples: unknown }>(APPEND, { input }, agent.token);
    expect(again.data?.appendSamples).toEqual({ runId, batchSeq: 3, accepted: 0, duplicate: true });
    expect(await sampleCount(runId)).toBe(3);
    const next = await t.gql<{ appendSamples: { accepted: number } }>(
      APPEND,
      { input: { runId, batchSeq: 4, samples: [sampleInput(3, { itlMs: [], ttftMs: null })] } },
      agent.token,
    );
    expect(next.data?.appendSamples.accepted).toBe(1);
    expect(await sampleCount(runId)).toBe(4);
    const stored = (
      await t.server.db.connection.runAndReadAll(
        'SELECT itl_ms, ttft_ms FROM samples WHERE run_id = $1 ORDER BY seq',
        [runId],
      )
    ).getRowsJS();
    expect(stored[0]).toEqual([[4, 5, 6], 50]);
    expect(stored[3]).toEqual([[], null]);
  });

  it('a seq already stored under another batch rejects the whole batch', async () => {
    const runId = await startRun(t, agent.token);
    await t.gql(APPEND, { input: { runId, batchSeq: 0, samples: [sampleInput(0)] } }, agent.token);
    const res = await t.gql(
      APPEND,
      { input: { runId, batchSeq: 1, samples: [sampleInput(1), sampleInput(0)] } },
      agent.token,
    );
    expect(res.errors?.[0]?.message).toMatch(
      /^appendSamples\.input\.samples: a seq in this batch is already stored/,
    );
    expect(await sampleCount(runId)).toBe(1);
    const batches = await t.server.db.connection.runAndReadAll(
      'SELECT count(*) FROM sample_batches WHERE run_id = $1',
      [runId],
    );
    expect(Number(batches.getRowsJS()[0]?.[0])).toBe(1);
  });

  it('startRun is idempotent on (agent, clientRunId)', async () => {
    const input = startRunInput();
    const a = await t.gql<{ startRun: { id: string } }>(START_RUN, { input }, agent.token);
    const b = await t.gql<{ startRun: { id: string } }>(START_RUN, { input }, agent.token);
    expect(a.data?.startRun.id).toBeTruthy();
    expect(b.data?.startRun.id).toBe(a.data?.startRun.id);
  });

  it('finishRun sets status, summary and finishedAt', async () => {
    const runId = await startRun(t, agent.token);
    const summary = agentRunSummary([sampleInput(0), sampleInput(1)]);
    const res = await t.gql<{ finishRun: Record<string, unknown> }>(
      `mutation($input: FinishRunInput!) { finishRun(input: $input) { status summary finishedAt } }`,
      {
        input: { runId, status: 'COMPLETED', summary, finishedAt: '2026-01-01T00:00:00.000Z' },
      },
      agent.token,
    );
    expect(res.data?.finishRun).toEqual({
      status: 'COMPLETED',
      summary: JSON.parse(JSON.stringify(summary)),
      finishedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it.each([
    [
      'quantization ""',
      { quantization: '' },
      /^startRun\.input\.quantization: must be 1-32 chars \[a-z0-9_-\]$/,
    ],
    ['quantization with spaces', { quantization: 'int 8' }, /^startRun\.input\.quantization: /],
    [
      'negative cpu cores',
      { hardware: { ...startRunInput().hardware, cpuCores: -1 } },
      /^startRun\.input\.hardware\.cpuCores: must be >= 0 \(0 = unknown\)/,
    ],
    ['empty model', { model: '' }, /^startRun\.input\.model: must be 1-200 characters/],
  ])('startRun rejects %s naming the field', async (_name, overrides, message) => {
    const res = await t.gql(START_RUN, { input: startRunInput(overrides) }, agent.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
  });

  it('appendSamples rejects a batch of 5001 samples and a negative seq, naming the field', async () => {
    const runId = await startRun(t, agent.token);
    const big = Array.from({ length: 5001 }, (_, i) => sampleInput(i));
    const tooMany = await t.gql(APPEND, { input: { runId, batchSeq: 0, samples: big } }, agent.token);
    expect(tooMany.errors?.[0]?.message).toMatch(
      /^appendSamples\.input\.samples: must hold at most 5000 samples/,
    );
    const negative = await t.gql(
      APPEND,
      { input: { runId, batchSeq: 0, samples: [sampleInput(0), sampleInput(-1)] } },
      agent.token,
    );
    expect(negative.errors?.[0]?.message).toBe(
      'appendSamples.input.samples.1.seq: must be an integer 0-2147483647',
    );
    const gap = await t.gql(
      APPEND,
      { input: { runId, batchSeq: 0, samples: [sampleInput(0, { itlMs: [1, -2] })] } },
      agent.token,
    );
    expect(gap.errors?.[0]?.message).toMatch(
      /^appendSamples\.input\.samples\.0\.itlMs: item 1 must be a number >= 0 \(milliseconds\)$/,
    );
    const dup = await t.gql(
      APPEND,
      { input: { runId, batchSeq: 0, samples: [sampleInput(2), sampleInput(2)] } },
      agent.token,
    );
    expect(dup.errors?.[0]?.message).toBe('appendSamples.input.samples.1.seq: 2 appears twice in this batch');
    expect(await sampleCount(runId)).toBe(0);
    const exactly5000 = await t.gql<{ appendSamples: { accepted: number } }>(
      APPEND,
      { input: { runId, batchSeq: 0, samples: big.slice(0, 5000) } },
      agent.token,
    );
    expect(exactly5000.data?.appendSamples.accepted).toBe(5000);
    expect(await sampleCount(runId)).toBe(5000);
  });

  it('appendSamples to an unknown run is NOT_FOUND', async () => {
    const res = await t.gql(APPEND, { input: { runId: 'nope', batchSeq: 0, samples: [] } }, agent.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
