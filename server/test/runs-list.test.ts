import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardwareInput, registerAgent, startRun, startTestServer, type TestServer } from './helpers';

interface Page {
  runs: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; startedAt: string; model: string } }[];
  };
}

const PAGE = `query($filter: RunFilter, $first: Int, $after: String) {
  runs(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id startedAt model } } } }`;

describe('runs: filters and cursor pagination over 25 runs', () => {
  let t: TestServer;
  const created: { id: string; startedAt: string; model: string; quantization: string; host: string }[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'lister');
    for (let i = 0; i < 25; i++) {
      // Runs 10-14 share one start time so the id tie-break is exercised.
      const minute = i >= 10 && i < 15 ? 10 : i;
      const startedAt = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
      const model = i % 2 === 0 ? 'llama-3.1-8b' : 'qwen2.5-7b';
      const quantization = ['fp16', 'int8', 'int4'][i % 3]!;
      const host = i < 5 ? 'gpu-box' : 'cpu-box';
      const hardware = hardwareInput(
        i < 5
          ? {
              hostname: host,
              accelerators: [{ vendor: 'AMD', model: 'Instinct MI300X', memoryBytes: 192e9 }],
            }
          : { hostname: host, cpuModel: 'Intel Xeon Platinum 8480+', accelerators: [] },
      );
      const id = await startRun(t, agent.token, {
        startedAt,
        model,
        quantization,
        hardware,
        scenario: i < 20 ? 'chat' : 'rag',
      });
      created.push({ id, startedAt, model, quantization, host });
    }
    const finished = created[24]!.id;
    await t.gql(
      'mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }',
      { input: { runId: finished, status: 'FAILED' } },
      agent.token,
    );
  });
  afterAll(() => t.close());

  const newestFirst = () =>
    [...created].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
    );

  it('pages of 7 walk all runs newest first without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: { data?: Page | null } = await t.gql<Page>(PAGE, { first: 7, after });
      const page = res.data!.runs;
      expect(page.totalCount).toBe(25);
      seen.push(...page.edges.map((e) => e.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(newestFirst().map((r) => r.id));
  });

  it.each([
    [{ model: 'qwen2.5-7b' }, (r: (typeof created)[0]) => r.model === 'qwen2.5-7b'],
    [{ quantization: 'int4' }, (r: (typeof created)[0]) => r.quantization === 'int4'],
    [{ hardware: 'mi300' }, (r: (typeof created)[0]) => r.host === 'gpu-box'],
    [{ hardware: 'XEON' }, (r: (typeof created)[0]) => r.host === 'cpu-box'],
    [{ hardware: 'gpu-b' }, (r: (typeof created)[0]) => r.host === 'gpu-box'],
    [
      { scenario: 'rag', model: 'llama-3.1-8b' },
      (r: (typeof created)[0]) => created.indexOf(r) >= 20 && r.model === 'llama-3.1-8b',
    ],
    [{ status: 'FAILED' }, (r: (typeof created)[0]) => r === created[24]],
    [{ hardware: 'no-such-thing' }, () => false],
  ])('filter %j', async (filter, keep) => {
    const res = await t.gql<Page>(PAGE, { filter, first: 200 });
    const expected = newestFirst()
      .filter(keep)
      .map((r) => r.id);
    expect(res.data?.runs.totalCount).toBe(expected.length);
    expect(res.data?.runs.edges.map((e) => e.node.id)).toEqual(expected);
  });

  it('rejects first > 200 and a malformed cursor, naming the argument', async () => {
    const big = await t.gql(PAGE, { first: 201 });
    expect(big.errors?.[0]?.message).toBe('runs.first: must be 1-200');
    const bad = await t.gql(PAGE, { after: 'garbage' });
    expect(bad.errors?.[0]?.message).toMatch(/^runs\.after: /);
  });

  it('run(id) returns the run with its hardware; unknown id is null', async () => {
    const res = await t.gql<{
      run: { id: string; hardware: { hostname: string; accelerators: { model: string }[] } };
    }>(
      'query($id: ID!) { run(id: $id) { id sampleCount hardware { hostname accelerators { model memoryBytes driver } } } }',
      { id: created[0]!.id },
    );
    expect(res.data?.run.hardware.hostname).toBe('gpu-box');
    expect(res.data?.run.hardware.accelerators).toEqual([
      { model: 'Instinct MI300X', memoryBytes: 192e9, driver: null },
    ]);
    const none = await t.gql<{ run: null }>('{ run(id: "missing") { id } }');
    expect(none.data?.run).toBeNull();
  });
});
