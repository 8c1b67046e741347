import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardwareInput, registerAgent, startRun, startTestServer, type TestServer } from './helpers';

interface Page {
  runs: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string } }[];
  };
}

const PAGE = `query($filter: RunFilter, $first: Int, $after: String, $orderBy: RunOrder) {
  runs(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

interface Made {
  id: string;
  agent: string;
  startedAt: string;
  model: string;
  engine: string;
  vendor: string;
  accelModel: string;
  count: number;
}

const accelerators = (vendor: string, model: string, count: number) =>
  Array.from({ length: count }, () => ({ vendor, model, memoryBytes: 80e9, driver: null }));

describe('runs: every filter, sorting and keyset paging under each order', () => {
  let t: TestServer;
  const made: Made[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    const agents = [await registerAgent(t, 'a1'), await registerAgent(t, 'a2')];
    const kinds = [
      { vendor: 'NVIDIA', accelModel: 'NVIDIA H100 80GB HBM3', count: 8 },
      { vendor: 'NVIDIA', accelModel: 'NVIDIA L40S', count: 2 },
      { vendor: 'AMD', accelModel: 'AMD Instinct MI300X', count: 8 },
      { vendor: 'CPU', accelModel: 'Intel Xeon Platinum 8480+', count: 0 },
    ];
    for (let i = 0; i < 16; i++) {
      const kind = kinds[i % 4]!;
      const agent = agents[i % 2]!;
      const startedAt = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
      const model = ['llama-3.1-8b', 'qwen2.5-7b', 'mistral-7b'][i % 3]!;
      const engine = i % 5 === 0 ? 'sglang' : 'vllm';
      const hardware = hardwareInput(
        kind.count === 0
          ? { cpuModel: kind.accelModel, accelerators: [] }
          : { accelerators: accelerators(kind.vendor, kind.accelModel, kind.count) },
      );
      const id = await startRun(t, agent.token, { startedAt, model, targetEngine: engine, hardware });
      made.push({ id, agent: agent.id, startedAt, model, engine, ...kind });
    }
  });
  afterAll(() => t.close());

  const ids = async (filter: Record<string, unknown>) => {
    const res = await t.gql<Page>(PAGE, { filter, first: 200 }, t.adminToken);
    expect(res.errors).toBeUndefined();
    expect(res.data!.runs.totalCount).toBe(res.data!.runs.edges.length);
    return res.data!.runs.edges.map((e) => e.node.id).sort();
  };
  const expected = (keep: (m: Made) => boolean) =>
    made
      .filter(keep)
      .map((m) => m.id)
      .sort();

  it('filters by hardware vendor, model and accelerator count', async () => {
    expect(await ids({ hardwareVendor: 'nvidia' })).toEqual(expected((m) => m.vendor === 'NVIDIA'));
    expect(await ids({ hardwareVendor: 'CPU' })).toEqual(expected((m) => m.count === 0));
    expect(await ids({ hardwareModel: 'h100' })).toEqual(expected((m) => m.accelModel.includes('H100')));
    expect(await ids({ hardwareModel: 'xeon' })).toEqual(expected((m) => m.count === 0));
    expect(await ids({ acceleratorCount: 8 })).toEqual(expected((m) => m.count === 8));
    expect(await ids({ acceleratorCount: 8, hardwareVendor: 'AMD' })).toEqual(
      expected((m) => m.count === 8 && m.vendor === 'AMD'),
    );
  });

  it('filters by target engine, agent and a start-date range (from inclusive, before exclusive)', async () => {
    expect(await ids({ targetEngine: 'sglang' })).toEqual(expected((m) => m.engine === 'sglang'));
    const agent = made[1]!.agent;
    expect(await ids({ agentId: agent })).toEqual(expected((m) => m.agent === agent));
    const from = made[3]!.startedAt;
    const before = made[9]!.startedAt;
    expect(await ids({ startedFrom: from, startedBefore: before })).toEqual(
      expected((m) => m.startedAt >= from && m.startedAt < before),
    );
    expect((await ids({ startedFrom: from, startedBefore: before })).length).toBe(6);
  });

  it.each([
    ['MODEL', 'ASC'],
    ['MODEL', 'DESC'],
    ['STARTED_AT', 'ASC'],
    ['TARGET_ENGINE', 'DESC'],
  ] as const)('pages through every run exactly once sorted by %s %s', async (field, direction) => {
    const key = (m: Made) => (field === 'MODEL' ? m.model : field === 'STARTED_AT' ? m.startedAt : m.engine);
    const sign = direction === 'ASC' ? 1 : -1;
    const want = [...made]
      .sort((a, b) => sign * (key(a).localeCompare(key(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      .map((m) => m.id);
    const got: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res: { data?: Page | null } = await t.gql<Page>(
        PAGE,
        { first: 3, after, orderBy: { field, direction } },
        t.adminToken,
      );
      got.push(...res.data!.runs.edges.map((e) => e.node.id));
      if (!res.data!.runs.pageInfo.hasNextPage) break;
      after = res.data!.runs.pageInfo.endCursor;
    }
    expect(got).toEqual(want);
  });

  it('rejects a cursor made under another order, saying what to do', async () => {
    const first = await t.gql<Page>(PAGE, { first: 2 }, t.adminToken);
    const res = await t.gql(
      PAGE,
      { first: 2, after: first.data!.runs.pageInfo.endCursor, orderBy: { field: 'MODEL', direction: 'ASC' } },
      t.adminToken,
    );
    expect(res.errors?.[0]?.message).toMatch(/^runs\.after: was made for orderBy STARTED_AT, not MODEL/);
    const garbage = await t.gql(PAGE, { first: 2, after: 'not-a-cursor' }, t.adminToken);
    expect(garbage.errors?.[0]?.message).toMatch(/^runs\.after: is not a cursor/);
  });
});
