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
import { agentRunConfig, agentRunSummary, importedRun } from './support/agent-run-data';
import type { LoadOverrides } from '../../bench-agent/src/scenario/scenario.loader';

const LEADERBOARD = `query($slo: SloInput!, $orderBy: LeaderboardOrder) {
  leaderboard(scenario: "sweep", slo: $slo, asOf: "2026-02-28T00:00:00Z", orderBy: $orderBy) {
    entries {
      quantization runIds excludedRuns { runId } throughputAtSloTokensPerS costPerMtokUsage costPerMtokAllocation
      atSlo {
        runId startedAt loadType concurrency ratePerS requests inputTokens outputTokens busySeconds
        allocatedSeconds outputTokensPerS requestsPerS costAllocation costUsage costPerMtokAllocation
        costPerMtokUsage costPerMtokTotalAllocation costPerMtokTotalUsage joulesPerOutputToken } } } }`;

interface AtSlo {
  runId: string;
  startedAt: string;
  loadType: string | null;
  concurrency: number | null;
  ratePerS: number | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  busySeconds: number;
  allocatedSeconds: number;
  outputTokensPerS: number;
  requestsPerS: number;
  costAllocation: number | null;
  costUsage: number | null;
  costPerMtokAllocation: number | null;
  costPerMtokUsage: number | null;
  costPerMtokTotalAllocation: number | null;
  costPerMtokTotalUsage: number | null;
  joulesPerOutputToken: number | null;
}
interface Entry {
  quantization: string;
  runIds: string[];
  excludedRuns: { runId: string }[];
  throughputAtSloTokensPerS: number | null;
  costPerMtokUsage: number | null;
  costPerMtokAllocation: number | null;
  atSlo: AtSlo | null;
}

/** One hand-made run: `requests` samples sent `gapMs` apart, each taking `e2eMs` (busy = last send + e2e). */
interface Plan {
  name: string;
  quantization: string;
  /**
   * The agent's load overrides (`--concurrency`, `--rate`) over scenarios/smoke.yaml; the config is the
   * one the agent sends (agent-run-data.ts). null: an imported run, whose config holds its source
   * tool's settings instead (the agent's vLLM importer over a fixture).
   */
  load: LoadOverrides | null;
  startedAt: string;
  allocatedS: number;
  requests: number;
  gapMs: number;
  e2eMs: number;
  ttftMs: number;
  outputTokens: number;
  energyJ: number | null;
}

// Every sample has 100 input tokens (sampleInput's default).
const PLANS: Plan[] = [
  // A concurrency sweep of one profile × model × fp16; SLO: TTFT p99 <= 500 ms.
  // c1: busy 9 × 1000 + 1000 = 10 s, 10 × 100 = 1,000 output tokens -> 100 tok/s.
  {
    name: 'c1',
    quantization: 'fp16',
    load: { concurrency: 1 },
    startedAt: '2026-02-01T00:00:00Z',
    allocatedS: 20,
    requests: 10,
    gapMs: 1000,
    e2eMs: 1000,
    ttftMs: 100,
    outputTokens: 100,
    energyJ: null,
  },
  // c8: busy 9 × 250 + 1750 = 4 s, 10 × 200 = 2,000 output tokens -> 500 tok/s; held 10 s; 3,000 J.
  {
    name: 'c8',
    quantization: 'fp16',
    load: { concurrency: 8 },
    startedAt: '2026-02-02T00:00:00Z',
    allocatedS: 10,
    requests: 10,
    gapMs: 250,
    e2eMs: 1750,
    ttftMs: 300,
    outputTokens: 200,
    energyJ: 3000,
  },
  // c32: busy 9 × 100 + 1100 = 2 s, 4,000 tokens -> 2,000 tok/s, but TTFT 2,000 ms misses the SLO.
  {
    name: 'c32',
    quantization: 'fp16',
    load: { concurrency: 32 },
    startedAt: '2026-02-03T00:00:00Z',
    allocatedS: 10,
    requests: 10,
    gapMs: 100,
    e2eMs: 1100,
    ttftMs: 2000,
    outputTokens: 400,
    energyJ: null,
  },
  // int8: three runs at the same 263.16 tok/s (500 tok / 1.9 s = 1,000 tok / 3.8 s). Ties go to more
  // requests (t20old, t20new beat t10newest although t10newest is newest), then to the newer (t20new).
  {
    name: 't20old',
    quantization: 'int8',
    load: { ratePerS: 4 },
    startedAt: '2026-02-04T00:00:00Z',
    allocatedS: 5,
    requests: 20,
    gapMs: 100,
    e2eMs: 1900,
    ttftMs: 100,
    outputTokens: 50,
    energyJ: null,
  },
  {
    name: 't10newest',
    quantization: 'int8',
    load: { ratePerS: 2 },
    startedAt: '2026-02-06T00:00:00Z',
    allocatedS: 5,
    requests: 10,
    gapMs: 100,
    e2eMs: 1000,
    ttftMs: 100,
    outputTokens: 50,
    energyJ: null,
  },
  {
    name: 't20new',
    quantization: 'int8',
    load: { ratePerS: 5 },
    startedAt: '2026-02-05T00:00:00Z',
    allocatedS: 5,
    requests: 20,
    gapMs: 100,
    e2eMs: 1900,
    ttftMs: 100,
    outputTokens: 50,
    energyJ: null,
  },
  // fp8: its only run misses the SLO -> an entry with no best operating point.
  {
    name: 'miss',
    quantization: 'fp8',
    load: { concurrency: 4 },
    startedAt: '2026-02-07T00:00:00Z',
    allocatedS: 5,
    requests: 10,
    gapMs: 100,
    e2eMs: 1000,
    ttftMs: 900,
    outputTokens: 50,
    energyJ: null,
  },
  // bf16: one run meeting the SLO whose config has no load: 500 tok / 1.9 s = 263.16 tok/s.
  {
    name: 'noLoad',
    quantization: 'bf16',
    load: null,
    startedAt: '2026-02-08T00:00:00Z',
    allocatedS: 5,
    requests: 10,
    gapMs: 100,
    e2eMs: 1000,
    ttftMs: 100,
    outputTokens: 50,
    energyJ: null,
  },
];

describe('leaderboard atSlo: the best operating point of a sweep, not the pooled average', () => {
  let t: TestServer;
  const run: Record<string, string> = {};
  const SLO = { percentile: 'P99', ttftMs: 500 };

  beforeAll(async () => {
    t = await startTestServer();
    const agent = await registerAgent(t, 'sweeper');
    const admin = async (query: string, variables: Record<string, unknown>) => {
      const res = await t.gql<Record<string, { id: string }>>(query, variables, t.adminToken);
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const profile = await admin(
      'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
      { i: { name: '1x L40S cloud', vendor: 'NVIDIA', acceleratorModel: 'L40S', acceleratorCount: 1 } },
    );
    // 36 $/h = 0.01 $/s keeps the hand arithmetic short.
    await admin('mutation($i: SetHardwarePriceInput!) { setHardwarePrice(input: $i) { id } }', {
      i: {
        profileId: profile.createHardwareProfile!.id,
        pricing: 'CLOUD',
        currency: 'USD',
        effectiveFrom: '2026-01-01T00:00:00Z',
        onDemandPerHour: 36,
      },
    });
    const hardware = hardwareInput({
      accelerators: [{ vendor: 'NVIDIA', model: 'NVIDIA L40S', memoryBytes: 48e9, driver: null }],
    });
    for (const p of PLANS) {
      run[p.name] = await startRun(t, agent.token, {
        hardware,
        scenario: 'sweep',
        quantization: p.quantization,
        startedAt: p.startedAt,
        config:
          p.load === null
            ? importedRun('vllm', 'vllm-0.1x-aggregate.json').config
            : agentRunConfig({ overrides: p.load, quantization: p.quantization }),
      });
      const samples = Array.from({ length: p.requests }, (_, i) =>
        sampleInput(i, {
          sentAtMs: i * p.gapMs,
          e2eMs: p.e2eMs,
          ttftMs: p.ttftMs,
          outputTokens: p.outputTokens,
        }),
      );
      const appended = await t.gql(
        APPEND,
        { input: { runId: run[p.name], batchSeq: 0, samples } },
        agent.token,
      );
      expect(appended.errors).toBeUndefined();
      const finished = await t.gql(
        'mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }',
        {
          i: {
            runId: run[p.name],
            status: 'COMPLETED',
            finishedAt: new Date(Date.parse(p.startedAt) + p.allocatedS * 1000).toISOString(),
            summary: agentRunSummary(samples, { energyJoules: p.energyJ ?? undefined }),
          },
        },
        agent.token,
      );
      expect(finished.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  const board = async (orderBy?: string): Promise<Entry[]> => {
    const res = await t.gql<{ leaderboard: { entries: Entry[] } }>(
      LEADERBOARD,
      { slo: SLO, orderBy },
      t.adminToken,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard.entries;
  };
  const byQuant = (entries: Entry[], q: string) => entries.find((e) => e.quantization === q)!;

  it('picks the highest-throughput run that meets the SLO (the middle of the sweep) and costs it alone', async () => {
    const fp16 = byQuant(await board(), 'fp16');
    expect(fp16.runIds).toEqual([run.c1, run.c8]);
    expect(fp16.excludedRuns).toEqual([{ runId: run.c32 }]);
    const best = fp16.atSlo!;
    expect(best.runId).toBe(run.c8);
    expect(best.startedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(best.loadType).toBe('concurrency');
    expect(best.concurrency).toBe(8);
    expect(best.ratePerS).toBeNull();
    expect(best.requests).toBe(10);
    expect(best.outputTokens).toBe(2000);
    expect(best.inputTokens).toBe(1000);
    expect(best.busySeconds).toBeCloseTo(4, 9);
    expect(best.allocatedSeconds).toBe(10);
    expect(best.outputTokensPerS).toBeCloseTo(500, 9); // 2,000 tok / 4 s
    expect(best.requestsPerS).toBeCloseTo(2.5, 9); // 10 requests / 4 s
    // Usage: 36 $/h × 4 s / 3600 = 0.04 $; × 1e6 / 2,000 output tokens = 20 $/Mtok.
    expect(best.costUsage).toBeCloseTo(0.04, 12);
    expect(best.costPerMtokUsage).toBeCloseTo(20, 9);
    // Allocation: 36 $/h × 10 s / 3600 = 0.1 $; × 1e6 / 2,000 = 50 $/Mtok.
    expect(best.costAllocation).toBeCloseTo(0.1, 12);
    expect(best.costPerMtokAllocation).toBeCloseTo(50, 9);
    // Input + output = 3,000 tokens: 0.04 × 1e6 / 3,000 = 13.33; 0.1 × 1e6 / 3,000 = 33.33 $/Mtok.
    expect(best.costPerMtokTotalUsage).toBeCloseTo(40 / 3, 9);
    expect(best.costPerMtokTotalAllocation).toBeCloseTo(100 / 3, 9);
    expect(best.joulesPerOutputToken).toBeCloseTo(1.5, 9); // 3,000 J / 2,000 tok
  });

  it('keeps the pooled figures, which differ from the best operating point', async () => {
    const fp16 = byQuant(await board(), 'fp16');
    // Pooled over c1 + c8: 3,000 tok / 14 s = 214.29 tok/s (not 500, and not the mean 300 of 100 and 500).
    expect(fp16.throughputAtSloTokensPerS).toBeCloseTo(3000 / 14, 9);
    // Usage: 36 × 14 / 3600 = 0.14 $ over 3,000 tok = 46.67 $/Mtok; allocation 36 × 30 / 3600 = 0.3 $ -> 100.
    expect(fp16.costPerMtokUsage).toBeCloseTo(140 / 3, 9);
    expect(fp16.costPerMtokAllocation).toBeCloseTo(100, 9);
    expect(fp16.atSlo!.outputTokensPerS).not.toBeCloseTo(fp16.throughputAtSloTokensPerS!, 3);
  });

  it('breaks throughput ties by more requests, then by the newer run', async () => {
    const int8 = byQuant(await board(), 'int8');
    expect(int8.runIds).toHaveLength(3);
    const best = int8.atSlo!;
    expect(best.runId).toBe(run.t20new);
    expect(best.requests).toBe(20);
    expect(best.loadType).toBe('poisson');
    expect(best.ratePerS).toBe(5);
    expect(best.concurrency).toBeNull();
    expect(best.outputTokensPerS).toBeCloseTo(1000 / 3.8, 9); // 20 × 50 tok / (1.9 + 1.9) s
    expect(best.joulesPerOutputToken).toBeNull(); // this run reported no energy
  });

  it('leaves the load empty when the run config has none', async () => {
    const bf16 = byQuant(await board(), 'bf16').atSlo!;
    expect(bf16.runId).toBe(run.noLoad);
    expect([bf16.loadType, bf16.concurrency, bf16.ratePerS]).toEqual([null, null, null]);
  });

  it('is null when no run meets the SLO, and orders by it with BEST_RUN_THROUGHPUT', async () => {
    expect(byQuant(await board(), 'fp8').atSlo).toBeNull();
    // Pooled: int8 263.2 > fp16 214.3 tok/s; best run: fp16 500 > int8 263.2. fp8 (null) last in both.
    // bf16 (263.2 either way, equal to int8) is left out: equal values fall back to the profile name.
    const order = async (orderBy: string) =>
      (await board(orderBy)).map((e) => e.quantization).filter((q) => q !== 'bf16');
    expect(await order('POOLED_THROUGHPUT')).toEqual(['int8', 'fp16', 'fp8']);
    expect(await order('BEST_RUN_THROUGHPUT')).toEqual(['fp16', 'int8', 'fp8']);
  });
});
