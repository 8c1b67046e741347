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
import { financeSeed, tokenFor, type SeededInitiative } from './support/finance-seed';

// recommendDeployment through the real GraphQL API on a real in-memory DuckDB. Every expected figure is
// computed here from the formulas of docs/finance-formulas.md, not read from the engine. The portfolio
// and the phase guard: finance-api-portfolio-guard.test.ts.

const MONTHLY_RATE = Math.pow(1.1, 1 / 12) - 1; // 10 %/year effective (the default)
/** Σ 1/(1+m)^t for t = 0 … 35: month 0 undiscounted (docs/finance.md "Time and discounting"). */
const ANNUITY_36 = Array.from({ length: 36 }, (_, t) => Math.pow(1 + MONTHLY_RATE, -t)).reduce(
  (a, b) => a + b,
);
const HOURS_PER_MONTH = 8760 / 12; // 730
/** $/Mtok = $/h × 1e6 / (tok/s × 3600) (FINANCE.md). */
const costPerMtok = (perHour: number, tokPerS: number) => (perHour * 1e6) / (tokPerS * 3600);
/** U* = C_hr × 1e6 / (3600 × tok/s × API $/Mtok) (FINANCE.md). */
const breakEven = (perHour: number, tokPerS: number, apiPerMtok: number) =>
  (perHour * 1e6) / (3600 * tokPerS * apiPerMtok);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

interface Ranked {
  optionId: string;
  costPerMtokAtFullUtilisation: number | null;
  breakEven: { apiOptionId: string; apiName: string; apiCostPerMtok: number; utilisation: number }[];
  reason: string | null;
}

async function ok<T>(t: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.gql<T>(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('recommendDeployment: self-hosted from stored runs, cloud rental and API ranked by TCO', () => {
  let t: TestServer;
  let viewer: string;
  let initiative: SeededInitiative;
  const opt = {} as Record<'self' | 'unmeasured' | 'cloud' | 'slow' | 'api', string>;
  let runId: string;

  // Demand: 3M tasks/month × (1,000 in + 300 out) tokens, peak 2× average, 20 % headroom, e2e p99 ≤ 2 s.
  const TASKS = 3_000_000;
  const peakWithHeadroom = ((TASKS * 300) / (HOURS_PER_MONTH * 3600)) * 2 * 1.2; // 821.9 output tok/s
  // The stored run: 10 requests sent 100 ms apart, each 1,000 ms end to end with 100 output tokens →
  // busy from 0 to 1.9 s, 1,000 tokens → 526.3 tok/s at the SLO.
  const SELF_TPS = 1000 / 1.9;
  // Catalogue price: 87,600 $ capex straight line over 1 year, no power figure → 10 $/h.
  const SELF_PER_HOUR = 87_600 / 8760;

  beforeAll(async () => {
    t = await startTestServer();
    const analyst = await tokenFor(t, 'ANALYST');
    viewer = await tokenFor(t, 'VIEWER');
    const admin = t.adminToken;
    const profileId = (
      await ok<{ createHardwareProfile: { id: string } }>(
        t,
        'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
        { i: { name: '1x H100 owned', vendor: 'NVIDIA', acceleratorModel: 'H100', acceleratorCount: 1 } },
        admin,
      )
    ).createHardwareProfile.id;
    await ok(
      t,
      'mutation($i: SetHardwarePriceInput!) { setHardwarePrice(input: $i) { id } }',
      {
        i: {
          profileId,
          pricing: 'OWNED',
          currency: 'USD',
          effectiveFrom: '2026-01-01T00:00:00Z',
          capex: 87_600,
          amortisationYears: 1,
        },
      },
      admin,
    );
    const agent = await registerAgent(t, 'finance-bench');
    runId = await startRun(t, agent.token, {
      scenario: 'chat',
      model: 'llama-3.1-70b',
      quantization: 'fp8',
      startedAt: '2026-02-01T00:00:00Z',
      hardware: hardwareInput({
        accelerators: [{ vendor: 'NVIDIA', model: 'NVIDIA H100 80GB HBM3', memoryBytes: 80e9, driver: null }],
      }),
    });
    const samples = Array.from({ length: 10 }, (_, i) =>
      sampleInput(i, { sentAtMs: i * 100, e2eMs: 1000, ttftMs: 100, outputTokens: 100 }),
    );
    await ok(t, APPEND, { input: { runId, batchSeq: 0, samples } }, agent.token);
    await ok(
      t,
      'mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }',
      {
        i: {
          runId,
          status: 'COMPLETED',
          finishedAt: '2026-02-01T00:00:10Z',
          summary: agentRunSummary(samples),
        },
      },
      agent.token,
    );

    initiative = await financeSeed(t, analyst).createInitiative({ name: 'Support assistant' });
    await initiative.setDemand({
      tasksPerMonth: TASKS,
      inputTokensPerTask: 1000,
      outputTokensPerTask: 300,
      peakToAverage: 2,
      sloPercentile: 'P99',
      sloE2eMs: 2000,
    });
    opt.self = await initiative.addDeploymentOption({
      name: 'Owned H100',
      kind: 'SELF_HOSTED',
      hardwareProfileId: profileId,
      model: 'llama-3.1-70b',
      quantization: 'fp8',
      scenario: 'chat',
      oneTimeCost: 5_000,
      headroomFraction: 0.2,
    });
    opt.unmeasured = await initiative.addDeploymentOption({
      name: 'Owned H100, unbenchmarked model',
      kind: 'SELF_HOSTED',
      hardwareProfileId: profileId,
      model: 'mixtral-8x22b',
      quantization: 'fp16',
      scenario: 'chat',
    });
    opt.cloud = await initiative.addDeploymentOption({
      name: 'Rented L40S',
      kind: 'CLOUD_GPU',
      pricing: 'ON_DEMAND',
      pricePerHour: 8,
      tokensPerSecondAtSlo: 400,
      latencyAtSloMs: 1500,
    });
    opt.slow = await initiative.addDeploymentOption({
      name: 'Rented T4',
      kind: 'CLOUD_GPU',
      pricing: 'RESERVED',
      pricePerHour: 1,
      tokensPerSecondAtSlo: 2000,
      latencyAtSloMs: 3000,
    });
    opt.api = await initiative.addDeploymentOption({
      name: 'Hosted API',
      kind: 'API',
      inputCostPerMtok: 3,
      outputCostPerMtok: 15,
    });
  });
  afterAll(() => t.close());

  it('ranks the feasible options by present-value TCO and says why each loses', async () => {
    const { recommendDeployment: rec } = await ok<{
      recommendDeployment: { currency: string; latencySloMs: number; options: Ranked[] };
    }>(
      t,
      `query($id: ID!) { recommendDeployment(initiativeId: $id, asOf: "2026-03-01T00:00:00Z") {
        currency latencySloMs options { optionId name kind feasible rank tcoPresentValue peakDevices reason
          tokensPerSecondAtSlo hourlyCostPerDevice runIds costPerMtokAtFullUtilisation
          breakEven { apiOptionId apiName apiCostPerMtok utilisation } } } }`,
      { id: initiative.id },
      viewer,
    );
    expect(rec.currency).toBe('USD');
    expect(rec.latencySloMs).toBe(2000);
    const by = (optionId: string) => rec.options.find((o) => o.optionId === optionId)!;

    // Independent figures: devices = ceil(peak × 1.2 ÷ tok/s per device), allocation basis 730 h/month.
    const selfDevices = Math.ceil(peakWithHeadroom / SELF_TPS); // 2
    const cloudDevices = Math.ceil(peakWithHeadroom / 400); // 3
    expect([selfDevices, cloudDevices]).toEqual([2, 3]);
    const pvSelf = 5_000 + selfDevices * SELF_PER_HOUR * HOURS_PER_MONTH * ANNUITY_36;
    const pvCloud = cloudDevices * 8 * HOURS_PER_MONTH * ANNUITY_36;
    const pvApi = TASKS * ((1000 * 3 + 300 * 15) / 1e6) * ANNUITY_36; // $22,500/month
    expect(pvSelf).toBeLessThan(pvCloud);
    expect(pvCloud).toBeLessThan(pvApi);

    expect(rec.options.map((o) => o.optionId)).toEqual([
      opt.self,
      opt.cloud,
      opt.api,
      opt.unmeasured,
      opt.slow,
    ]);
    expect(by(opt.self)).toMatchObject({
      kind: 'SELF_HOSTED',
      feasible: true,
      rank: 1,
      reason: null,
      peakDevices: 2,
      runIds: [runId],
      hourlyCostPerDevice: expect.closeTo(SELF_PER_HOUR, 9),
      tokensPerSecondAtSlo: expect.closeTo(SELF_TPS, 9),
      tcoPresentValue: expect.closeTo(pvSelf, 4),
    });
    expect(by(opt.cloud)).toMatchObject({
      rank: 2,
      peakDevices: 3,
      tcoPresentValue: expect.closeTo(pvCloud, 4),
    });
    expect(by(opt.api)).toMatchObject({
      rank: 3,
      peakDevices: null,
      tcoPresentValue: expect.closeTo(pvApi, 4),
    });
    const loses = (pv: number) =>
      `costs ${fmt(pv - pvSelf)} more over 36 months in present value ` +
      `(+${Math.round(((pv - pvSelf) / pvSelf) * 100)} %) than Owned H100`;
    expect(by(opt.cloud).reason).toBe(loses(pvCloud));
    expect(by(opt.api).reason).toBe(loses(pvApi));
    expect(by(opt.unmeasured)).toMatchObject({
      feasible: false,
      rank: null,
      tcoPresentValue: null,
      tokensPerSecondAtSlo: null,
      reason: 'no measured operating point meets the 2000 ms SLO',
    });
    expect(by(opt.slow)).toMatchObject({
      feasible: false,
      rank: null,
      reason: 'latency 3000 ms exceeds the SLO of 2000 ms',
    });
  });

  it('gives each device option its $/Mtok and break-even utilisation against the API', async () => {
    const { recommendDeployment: rec } = await ok<{ recommendDeployment: { options: Ranked[] } }>(
      t,
      `query($id: ID!) { recommendDeployment(initiativeId: $id, asOf: "2026-03-01T00:00:00Z") {
        options { optionId costPerMtokAtFullUtilisation breakEven { apiOptionId apiName apiCostPerMtok utilisation } } } }`,
      { id: initiative.id },
      viewer,
    );
    const by = (optionId: string) => rec.options.find((o) => o.optionId === optionId)!;
    // The API per million OUTPUT tokens at this mix: (1,000 × $3 + 300 × $15) ÷ 300 = $25.
    const apiPerOutputMtok = (1000 * 3 + 300 * 15) / 300;
    expect(apiPerOutputMtok).toBe(25);
    expect(by(opt.self).costPerMtokAtFullUtilisation).toBeCloseTo(costPerMtok(10, SELF_TPS), 9); // $5.28
    expect(by(opt.self).breakEven).toEqual([
      {
        apiOptionId: opt.api,
        apiName: 'Hosted API',
        apiCostPerMtok: expect.closeTo(25, 9),
        utilisation: expect.closeTo(breakEven(10, SELF_TPS, 25), 9), // 0.211
      },
    ]);
    expect(by(opt.self).breakEven[0]!.utilisation).toBeCloseTo(0.2111, 4);
    expect(by(opt.cloud).breakEven[0]!.utilisation).toBeCloseTo(breakEven(8, 400, 25), 9); // 0.222
    // An API costs the same per token however busy it is: its price per output Mtok at this mix.
    expect(by(opt.api).costPerMtokAtFullUtilisation).toBeCloseTo(apiPerOutputMtok, 9);
    expect(by(opt.api).breakEven).toEqual([]);
    expect(by(opt.unmeasured).breakEven).toEqual([]);
  });

  it('refuses an initiative without demand, naming the field and the fix', async () => {
    const bare = await financeSeed(t, t.adminToken).createInitiative({ name: 'No demand' });
    const res = await t.gql(
      'query($id: ID!) { recommendDeployment(initiativeId: $id) { currency } }',
      { id: bare.id },
      viewer,
    );
    expect(res.errors?.[0]?.message).toMatch(/^recommendDeployment\.initiativeId: .*call setDemand first/);
  });
});
