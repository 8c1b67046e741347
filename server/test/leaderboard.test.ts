import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPEND,
  hardwareInput,
  registerAgent,
  sampleInput,
  startRun,
  startTestServer,
  type TestServer,
} from './helpers';
import { agentRunSummary } from './support/agent-run-data';

const LEADERBOARD = `query($scenario: String!, $slo: SloInput!, $asOf: DateTime, $currency: String,
  $cloudRate: CloudRate, $orderBy: LeaderboardOrder) {
  leaderboard(scenario: $scenario, slo: $slo, asOf: $asOf, currency: $currency, cloudRate: $cloudRate, orderBy: $orderBy) {
    scenario currency unprofiledRunIds priceIds rateIds
    entries {
      hardwareProfile { id name } model quantization runIds excludedRuns { runId reason }
      inputTokens outputTokens busySeconds allocatedSeconds throughputAtSloTokensPerS
      hourlyCost { costPerHour priceId rateIds }
      costAllocation costUsage costPerMtokAllocation costPerMtokUsage costPerMtokTotalAllocation
      joulesPerOutputToken energyRunIds } } }`;

interface Entry {
  hardwareProfile: { id: string; name: string };
  model: string;
  runIds: string[];
  excludedRuns: { runId: string; reason: string }[];
  inputTokens: number;
  outputTokens: number;
  busySeconds: number;
  allocatedSeconds: number;
  throughputAtSloTokensPerS: number | null;
  hourlyCost: { costPerHour: number; priceId: string; rateIds: string[] } | null;
  costAllocation: number | null;
  costUsage: number | null;
  costPerMtokAllocation: number | null;
  costPerMtokUsage: number | null;
  costPerMtokTotalAllocation: number | null;
  joulesPerOutputToken: number | null;
  energyRunIds: string[];
}
interface Board {
  leaderboard: { unprofiledRunIds: string[]; priceIds: string[]; rateIds: string[]; entries: Entry[] };
}

const gpus = (vendor: string, model: string, count: number) =>
  hardwareInput({
    accelerators: Array.from({ length: count }, () => ({ vendor, model, memoryBytes: 80e9, driver: null })),
  });

describe('leaderboard: throughput at the SLO, $/Mtok on both bases, J/token, all traceable', () => {
  let t: TestServer;
  let owner: string;
  const run: Record<string, string> = {};
  const id: Record<string, string> = {};
  const SLO = { percentile: 'P99', ttftMs: 1000 };
  const FEB = '2026-02-15T00:00:00Z';

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'leaderboard');
    owner = agent.token;
    const admin = t.adminToken;
    const mutate = async <T>(query: string, variables: Record<string, unknown>) => {
      const res = await t.gql<T>(query, variables, admin);
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const create = async (input: Record<string, unknown>) =>
      (
        await mutate<{ createHardwareProfile: { id: string } }>(
          'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
          { i: input },
        )
      ).createHardwareProfile.id;
    const price = async (input: Record<string, unknown>) =>
      (
        await mutate<{ setHardwarePrice: { id: string } }>(
          'mutation($i: SetHardwarePriceInput!) { setHardwarePrice(input: $i) { id } }',
          { i: input },
        )
      ).setHardwarePrice.id;
    id.h100 = await create({
      name: '8x H100 cloud',
      vendor: 'NVIDIA',
      acceleratorModel: 'H100',
      acceleratorCount: 8,
    });
    id.mi300 = await create({
      name: '1x MI300X owned',
      vendor: 'AMD',
      acceleratorModel: 'MI300X',
      acceleratorCount: 1,
    });
    id.h100Jan = await price({
      profileId: id.h100,
      pricing: 'CLOUD',
      currency: 'USD',
      effectiveFrom: '2026-01-01T00:00:00Z',
      onDemandPerHour: 98.32,
      reservedPerHour: 60,
    });
    id.h100Mar = await price({
      profileId: id.h100,
      pricing: 'CLOUD',
      currency: 'USD',
      effectiveFrom: '2026-03-01T00:00:00Z',
      onDemandPerHour: 120,
    });
    // 87,600 EUR over 1 year straight line = 10 EUR/h; no power figure -> no energy cost.
    id.mi300Price = await price({
      profileId: id.mi300,
      pricing: 'OWNED',
      currency: 'EUR',
      effectiveFrom: '2026-01-01T00:00:00Z',
      capex: 87_600,
      amortisationYears: 1,
    });
    id.eur = (
      await mutate<{ setCurrencyRate: { id: string } }>(
        'mutation { setCurrencyRate(input: { currency: "EUR", usdPerUnit: 1.2, effectiveFrom: "2026-01-01T00:00:00Z" }) { id } }',
        {},
      )
    ).setCurrencyRate.id;

    const h100 = gpus('NVIDIA', 'NVIDIA H100 80GB HBM3', 8);
    const mi300 = gpus('AMD', 'AMD Instinct MI300X', 1);
    const cpu = hardwareInput({ accelerators: [] });
    // name, hardware, start, allocated s, gap ms, TTFT ms, output tokens per request, energy J
    const plan = [
      ['r1', h100, '2026-02-01T00:00:00Z', 10, 100, 100, 100, 3800], // 1000 tok, busy 1.9 s
      ['r2', h100, '2026-02-02T00:00:00Z', 20, 200, 150, 100, null], // 1000 tok, busy 2.8 s
      ['slow', h100, '2026-02-03T00:00:00Z', 10, 100, 5000, 100, null], // misses TTFT p99 <= 1000
      ['mi', mi300, '2026-02-04T00:00:00Z', 10, 100, 100, 40, 1900], // 400 tok, busy 1.9 s
      ['cpu', cpu, '2026-02-05T00:00:00Z', 10, 100, 100, 10, null], // no profile
      ['late', h100, '2026-03-10T00:00:00Z', 10, 100, 100, 100, null], // after the February report date
    ] as const;
    for (const [name, hardware, startedAt, allocatedS, gap, ttft, tokens, energy] of plan) {
      run[name] = await startRun(t, agent.token, { hardware, startedAt, scenario: 'chat' });
      const samples = Array.from({ length: 10 }, (_, i) =>
        sampleInput(i, { sentAtMs: i * gap, e2eMs: 1000, ttftMs: ttft, outputTokens: tokens }),
      );
      const appended = await t.gql(
        APPEND,
        { input: { runId: run[name], batchSeq: 0, samples } },
        agent.token,
      );
      expect(appended.errors).toBeUndefined();
      const finishedAt = new Date(Date.parse(startedAt) + allocatedS * 1000).toISOString();
      const finished = await t.gql(
        'mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }',
        {
          i: {
            runId: run[name],
            status: 'COMPLETED',
            finishedAt,
            summary: agentRunSummary(samples, { energyJoules: energy || undefined }),
          },
        },
        agent.token,
      );
      expect(finished.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  const board = async (variables: Record<string, unknown>) => {
    const res = await t.gql<Board>(
      LEADERBOARD,
      { scenario: 'chat', slo: SLO, asOf: FEB, ...variables },
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard;
  };

  it('ranks by throughput at the SLO, a ratio of sums over the qualifying runs', async () => {
    const lb = await board({});
    expect(lb.entries.map((e) => e.hardwareProfile.id)).toEqual([id.h100, id.mi300]);
    const [h100, mi] = lb.entries as [Entry, Entry];
    expect(h100.runIds).toEqual([run.r1, run.r2]);
    expect(h100.excludedRuns).toEqual([{ runId: run.slow, reason: 'ttft p99 5000 ms > 1000 ms' }]);
    expect(h100.outputTokens).toBe(2000);
    expect(h100.inputTokens).toBe(2000);
    expect(h100.busySeconds).toBeCloseTo(4.7, 9);
    expect(h100.allocatedSeconds).toBe(30);
    // 2000 / 4.7 = 425.5 tokens/s (the mean of the per-run rates 526.3 and 357.1 would be 441.7).
    expect(h100.throughputAtSloTokensPerS).toBeCloseTo(2000 / 4.7, 9);
    expect(mi.throughputAtSloTokensPerS).toBeCloseTo(400 / 1.9, 9);
    expect(lb.unprofiledRunIds).toEqual([run.cpu]);
  });

  it('costs both bases from the price and rate effective at the report date', async () => {
    const lb = await board({});
    const [h100, mi] = lb.entries as [Entry, Entry];
    expect(h100.hourlyCost).toEqual({ costPerHour: 98.32, priceId: id.h100Jan, rateIds: [] });
    // Allocation: 98.32 $/h × 30 s = 0.8193 $, over 2000 output tokens -> 409.67 $/Mtok.
    expect(h100.costAllocation).toBeCloseTo((98.32 * 30) / 3600, 9);
    expect(h100.costPerMtokAllocation).toBeCloseTo((((98.32 * 30) / 3600) * 1e6) / 2000, 6);
    // Usage: busy 4.7 s only.
    expect(h100.costPerMtokUsage).toBeCloseTo((((98.32 * 4.7) / 3600) * 1e6) / 2000, 6);
    // Per million input + output tokens: 4000 tokens.
    expect(h100.costPerMtokTotalAllocation).toBeCloseTo((((98.32 * 30) / 3600) * 1e6) / 4000, 6);
    // MI300X: 10 EUR/h × 1.2 = 12 $/h; allocation 10 s over 400 tokens -> 83.33 $/Mtok.
    expect(mi.hourlyCost).toEqual({
      costPerHour: expect.closeTo(12, 9),
      priceId: id.mi300Price,
      rateIds: [id.eur],
    });
    expect(mi.costPerMtokAllocation).toBeCloseTo((((12 * 10) / 3600) * 1e6) / 400, 6);
    expect(lb.priceIds.sort()).toEqual([id.h100Jan, id.mi300Price].sort());
    expect(lb.rateIds).toEqual([id.eur]);
  });

  it('reports joules per output token over the runs that measured energy', async () => {
    const [h100, mi] = (await board({})).entries as [Entry, Entry];
    expect(h100.energyRunIds).toEqual([run.r1]);
    expect(h100.joulesPerOutputToken).toBeCloseTo(3800 / 1000, 9);
    expect(mi.joulesPerOutputToken).toBeCloseTo(1900 / 400, 9);
  });

  it('orders by cost, and uses reserved prices or another currency when asked', async () => {
    const cheapest = await board({ orderBy: 'COST_PER_MTOK_ALLOCATION' });
    expect(cheapest.entries.map((e) => e.hardwareProfile.id)).toEqual([id.mi300, id.h100]);
    const reserved = await board({ cloudRate: 'RESERVED' });
    expect(reserved.entries[0]!.hourlyCost!.costPerHour).toBe(60);
    const eur = await board({ currency: 'EUR' });
    const h100Eur = eur.entries.find((e) => e.hardwareProfile.id === id.h100)!;
    expect(h100Eur.hourlyCost!.costPerHour).toBeCloseTo(98.32 / 1.2, 9);
    expect(h100Eur.hourlyCost!.rateIds).toEqual([id.eur]);
  });

  it('is reproducible as of a date: later runs and later prices only count from their dates on', async () => {
    const march = await board({ asOf: '2026-03-15T00:00:00Z' });
    const h100 = march.entries.find((e) => e.hardwareProfile.id === id.h100)!;
    expect(h100.runIds).toEqual([run.r1, run.r2, run.late]);
    expect(h100.hourlyCost!.priceId).toBe(id.h100Mar);
    expect(h100.hourlyCost!.costPerHour).toBe(120);
    // Loosening the SLO admits the slow run.
    const loose = await board({ slo: { percentile: 'P99', ttftMs: 10_000 } });
    expect(loose.entries.find((e) => e.hardwareProfile.id === id.h100)!.runIds).toEqual([
      run.r1,
      run.r2,
      run.slow,
    ]);
  });

  it('rejects a bad SLO or currency naming the field', async () => {
    const res = await t.gql(
      LEADERBOARD,
      { scenario: 'chat', slo: { percentile: 'P99', maxErrorRate: 2 } },
      t.adminToken,
    );
    expect(res.errors?.[0]?.message).toMatch(/^leaderboard\.slo\.maxErrorRate: must be 0\.\.1/);
    const currency = await t.gql(LEADERBOARD, { scenario: 'chat', slo: SLO, currency: 'euro' }, t.adminToken);
    expect(currency.errors?.[0]?.message).toMatch(/^leaderboard\.currency: must be a code like "USD"/);
  });

  // Mutates r2: keep last.
  it('recomputes a cached run aggregate when the run gets more samples', async () => {
    expect((await board({})).entries[0]!.outputTokens).toBe(2000);
    const agentToken = (await registerAgent(t, 'unused')).token; // a second agent may not append to r2
    const more = Array.from({ length: 10 }, (_, i) =>
      sampleInput(10 + i, { sentAtMs: 2000 + i * 100, e2eMs: 1000, ttftMs: 150, outputTokens: 100 }),
    );
    const denied = await t.gql(APPEND, { input: { runId: run.r2, batchSeq: 1, samples: more } }, agentToken);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const appended = await t.gql(APPEND, { input: { runId: run.r2, batchSeq: 1, samples: more } }, owner);
    expect(appended.errors).toBeUndefined();
    const h100 = (await board({})).entries[0]!;
    // r2 now ends at 3900 ms: busy 3.9 s, 2000 tokens; the group has 3000 tokens over 5.8 s.
    expect(h100.outputTokens).toBe(3000);
    expect(h100.busySeconds).toBeCloseTo(5.8, 9);
    expect(h100.throughputAtSloTokensPerS).toBeCloseTo(3000 / 5.8, 9);
  });
});
