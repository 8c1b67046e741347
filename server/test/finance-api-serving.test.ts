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
import { agentRunConfig, agentRunSummary } from './support/agent-run-data';
import { financeSeed, tokenFor, type SeededInitiative } from './support/finance-seed';

// From measurement to money through the real GraphQL API on a real DuckDB: stored runs and a catalogue
// price give a self-hosted option's throughput at its real operating point (the best single run meeting
// the SLO, never the pooled average), its serving cost flows into roiScorecard / tcoReport / Monte Carlo /
// tornado / CSV, and every figure traces back to the option, the run and the price. Expected figures
// are computed here from the formulas of docs/finance-formulas.md.

const HOURS = 730;
const RATE_M = 1.1 ** (1 / 12) - 1;
const pvOf = (flow: (t: number) => number) =>
  Array.from({ length: 36 }, (_, t) => flow(t) / (1 + RATE_M) ** t).reduce((a, b) => a + b, 0);
const devicesFor = (tasks: number, out: number, peak: number, tps: number) =>
  Math.ceil((((tasks * out) / (HOURS * 3600)) * peak * 1.2) / tps - 1e-9);

/** One run: n requests of `out` tokens, sent `gapMs` apart, each `e2eMs` end to end. */
interface RunShape {
  concurrency: number;
  gapMs: number;
  e2eMs: number;
  out: number;
}
const N = 10;
/** busy = last response end − first send; tok/s = Σ output tokens ÷ busy. */
const busyS = (r: RunShape) => ((N - 1) * r.gapMs + r.e2eMs) / 1000;
const tokPerS = (r: RunShape) => (N * r.out) / busyS(r);

const C1: RunShape = { concurrency: 1, gapMs: 1000, e2eMs: 900, out: 100 }; // 101 tok/s
const C4: RunShape = { concurrency: 4, gapMs: 250, e2eMs: 1000, out: 100 }; // 307.7 tok/s
const C16: RunShape = { concurrency: 16, gapMs: 20, e2eMs: 2500, out: 300 }; // 1,119 tok/s, misses 2 s
const C8: RunShape = { concurrency: 8, gapMs: 100, e2eMs: 1500, out: 100 }; // 416.7 tok/s, lands later

interface Scorecard {
  npv: number;
  pvCosts: number;
  serving: {
    choice: string | null;
    presentValue: number;
    note: string | null;
    option: {
      optionId: string;
      tokensPerSecondAtSlo: number;
      hourlyCostPerDevice: number;
      realisedCostPerMtok: number;
      costPerMtokAtFullUtilisation: number;
      hourlyCost: { priceId: string; priceEffectiveFrom: string } | null;
      operatingPoint: {
        source: string;
        pooledOutputTokensPerS: number;
        qualifyingRunIds: string[];
        run: { runId: string; outputTokensPerS: number; concurrency: number | null };
      } | null;
    } | null;
  };
}
const SCORECARD = `query($id: ID!) { roiScorecard(initiativeId: $id) { npv pvCosts
  serving { choice presentValue note option { optionId tokensPerSecondAtSlo hourlyCostPerDevice realisedCostPerMtok
    costPerMtokAtFullUtilisation hourlyCost { priceId priceEffectiveFrom }
    operatingPoint { source pooledOutputTokensPerS qualifyingRunIds run { runId outputTokensPerS concurrency } } } } } }`;

describe('serving cost from stored runs and prices into the scorecard', () => {
  let t: TestServer;
  let analyst: string;
  let agentToken: string;
  let profileId: string;
  let firstPriceId: string;
  let initiative: SeededInitiative;
  const run: Record<string, string> = {};
  const opt: Record<string, string> = {};
  const TASKS = 3_000_000;
  const VALUE = 60_000;

  async function ok<T>(query: string, variables: Record<string, unknown>, token = analyst) {
    const res = await t.gql<T>(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  async function storeRun(shape: RunShape, startedAt: string) {
    const id = await startRun(t, agentToken, {
      scenario: 'chat',
      model: 'llama-3.1-8b',
      quantization: 'fp8',
      startedAt,
      config: agentRunConfig({ overrides: { concurrency: shape.concurrency }, quantization: 'fp8' }),
      hardware: hardwareInput({
        accelerators: [{ vendor: 'NVIDIA', model: 'NVIDIA L40S', memoryBytes: 48e9, driver: null }],
      }),
    });
    const samples = Array.from({ length: N }, (_, i) =>
      sampleInput(i, { sentAtMs: i * shape.gapMs, e2eMs: shape.e2eMs, ttftMs: 100, outputTokens: shape.out }),
    );
    await ok(APPEND, { input: { runId: id, batchSeq: 0, samples } }, agentToken);
    await ok(
      'mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }',
      {
        i: {
          runId: id,
          status: 'COMPLETED',
          finishedAt: startedAt.replace('00:00Z', '00:30Z'),
          summary: agentRunSummary(samples),
        },
      },
      agentToken,
    );
    return id;
  }

  async function scorecard(id = initiative.id) {
    return (await ok<{ roiScorecard: Scorecard }>(SCORECARD, { id })).roiScorecard;
  }

  beforeAll(async () => {
    t = await startTestServer();
    analyst = await tokenFor(t, 'ANALYST');
    agentToken = (await registerAgent(t, 'l40s-box')).token;
    profileId = (
      await ok<{ createHardwareProfile: { id: string } }>(
        'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
        { i: { name: '1x L40S', vendor: 'NVIDIA', acceleratorModel: 'L40S', acceleratorCount: 1 } },
      )
    ).createHardwareProfile.id;
    firstPriceId = (
      await ok<{ setHardwarePrice: { id: string } }>(
        'mutation($i: SetHardwarePriceInput!) { setHardwarePrice(input: $i) { id } }',
        {
          i: {
            profileId,
            pricing: 'CLOUD',
            currency: 'USD',
            effectiveFrom: '2026-01-01T00:00:00Z',
            onDemandPerHour: 2,
            reservedPerHour: 1.5,
          },
        },
      )
    ).setHardwarePrice.id;
    run.c1 = await storeRun(C1, '2026-02-01T10:00:00Z');
    run.c4 = await storeRun(C4, '2026-02-01T11:00:00Z');
    run.c16 = await storeRun(C16, '2026-02-01T12:00:00Z');

    initiative = await financeSeed(t, analyst).createInitiative({ name: 'Support assistant' });
    await initiative.setDemand({
      tasksPerMonth: TASKS,
      outputTokensPerTask: 300,
      peakToAverage: 2,
      sloPercentile: 'P99',
      sloE2eMs: 2000,
    });
    await initiative.addValueStream({
      name: 'Work avoided',
      kind: 'COST_AVOIDANCE',
      params: [{ name: 'amountPerMonth', value: { likely: VALUE } }],
    });
    opt.self = await initiative.addDeploymentOption({
      name: 'L40S reserved',
      kind: 'SELF_HOSTED',
      hardwareProfileId: profileId,
      model: 'llama-3.1-8b',
      quantization: 'fp8',
      scenario: 'chat',
      pricing: 'RESERVED',
      oneTimeCost: 5_000,
    });
    opt.api = await initiative.addDeploymentOption({
      name: 'Hosted API',
      kind: 'API',
      inputCostPerMtok: 3,
      outputCostPerMtok: 15,
    });
  });
  afterAll(() => t.close());

  it('sizes the self-hosted option at the best single run meeting the SLO, not the pooled average', async () => {
    const s = await scorecard();
    const o = s.serving.option!;
    expect(s.serving.choice).toBe('RECOMMENDATION');
    expect(o.optionId).toBe(opt.self);
    expect(o.operatingPoint).toMatchObject({
      source: 'BEST_RUN_AT_SLO',
      run: { runId: run.c4, concurrency: 4 },
      qualifyingRunIds: expect.arrayContaining([run.c1, run.c4]),
    });
    expect(o.operatingPoint!.qualifyingRunIds).not.toContain(run.c16); // 2.5 s misses the 2 s SLO
    expect(o.tokensPerSecondAtSlo).toBeCloseTo(tokPerS(C4), 9);
    // Pooled over c1 and c4 (Σ tokens ÷ Σ busy) is reported, labelled, and not used.
    const pooled = (2 * N * 100) / (busyS(C1) + busyS(C4));
    expect(o.operatingPoint!.pooledOutputTokensPerS).toBeCloseTo(pooled, 9);
    expect(devicesFor(TASKS, 300, 2, pooled)).toBeGreaterThan(devicesFor(TASKS, 300, 2, tokPerS(C4)));
    // Traceable to the price version: the reserved rate of the 2026-01-01 price.
    expect(o.hourlyCostPerDevice).toBe(1.5);
    expect(o.hourlyCost).toEqual({ priceId: firstPriceId, priceEffectiveFrom: '2026-01-01T00:00:00.000Z' });
    const full = (1.5 * 1e6) / (tokPerS(C4) * 3600);
    expect(o.costPerMtokAtFullUtilisation).toBeCloseTo(full, 9);
    const devices = devicesFor(TASKS, 300, 2, tokPerS(C4));
    expect(o.realisedCostPerMtok).toBeCloseTo((devices * 1.5 * HOURS * 1e6) / (TASKS * 300), 9);
  });

  it('lowers NPV by exactly the serving cost’s present value', async () => {
    const s = await scorecard();
    const devices = devicesFor(TASKS, 300, 2, tokPerS(C4));
    const servingPv = pvOf((m) => devices * 1.5 * HOURS + (m === 0 ? 5_000 : 0));
    expect(s.serving.presentValue).toBeCloseTo(servingPv, 6);
    expect(s.pvCosts).toBeCloseTo(servingPv, 6);
    expect(s.npv).toBeCloseTo(pvOf(() => VALUE) - servingPv, 6);
    const { tcoReport } = await ok<{
      tcoReport: { rows: { key: string; label: string; presentValue: number }[] };
    }>('query($id: ID!) { tcoReport(initiativeId: $id) { rows { key label presentValue } } }', {
      id: initiative.id,
    });
    expect(tcoReport.rows).toEqual([
      { key: 'serving', label: 'serving: L40S reserved', presentValue: expect.closeTo(servingPv, 6) },
    ]);
    const { financeReportCsv } = await ok<{ financeReportCsv: string }>(
      'query($id: ID!) { financeReportCsv(report: TCO, initiativeId: $id) }',
      { id: initiative.id },
    );
    expect(financeReportCsv.split('\n')[1]).toMatch(
      /^serving,serving: L40S reserved,infrastructure,production,/,
    );
  });

  it('changes when a new price or a faster run lands', async () => {
    await ok('mutation($i: SetHardwarePriceInput!) { setHardwarePrice(input: $i) { id } }', {
      i: {
        profileId,
        pricing: 'CLOUD',
        currency: 'USD',
        effectiveFrom: '2026-03-01T00:00:00Z',
        reservedPerHour: 1.2,
      },
    });
    expect((await scorecard()).serving.option!.hourlyCostPerDevice).toBe(1.2);
    run.c8 = await storeRun(C8, '2026-03-02T10:00:00Z');
    const s = await scorecard();
    expect(s.serving.option!.operatingPoint!.run.runId).toBe(run.c8);
    const devices = devicesFor(TASKS, 300, 2, tokPerS(C8));
    expect(s.serving.presentValue).toBeCloseTo(
      pvOf((m) => devices * 1.2 * HOURS + (m === 0 ? 5_000 : 0)),
      6,
    );
  });

  it('sizes at an explicitly chosen run, and refuses one that misses the SLO', async () => {
    await ok('mutation($i: UpdateDeploymentOptionInput!) { updateDeploymentOption(input: $i) { id } }', {
      i: { id: opt.self, runId: run.c1 },
    });
    const chosen = (await scorecard()).serving.option!;
    expect(chosen.operatingPoint).toMatchObject({ source: 'CHOSEN_RUN', run: { runId: run.c1 } });
    expect(chosen.tokensPerSecondAtSlo).toBeCloseTo(tokPerS(C1), 9);

    await ok('mutation($i: UpdateDeploymentOptionInput!) { updateDeploymentOption(input: $i) { id } }', {
      i: { id: opt.self, runId: run.c16 },
    });
    const { recommendDeployment } = await ok<{
      recommendDeployment: { options: { optionId: string; feasible: boolean; reason: string }[] };
    }>(
      'query($id: ID!) { recommendDeployment(initiativeId: $id) { options { optionId feasible reason } } }',
      {
        id: initiative.id,
      },
    );
    expect(recommendDeployment.options.find((o) => o.optionId === opt.self)).toMatchObject({
      feasible: false,
      reason: expect.stringMatching(
        new RegExp(`run ${run.c16} is not one of this entry's runs meeting the SLO \\(e2e p99`),
      ),
    });
    await ok('mutation($i: UpdateDeploymentOptionInput!) { updateDeploymentOption(input: $i) { id } }', {
      i: { id: opt.self, runId: run.c8 },
    });
  });

  it('an analyst’s choice wins over the recommendation and says so', async () => {
    await ok(
      'mutation($i: SelectDeploymentOptionInput!) { selectDeploymentOption(input: $i) { id selectedDeploymentOptionId } }',
      {
        i: { initiativeId: initiative.id, optionId: opt.api },
      },
    );
    const s = await scorecard();
    expect(s.serving.choice).toBe('ANALYST');
    expect(s.serving.option!.optionId).toBe(opt.api);
    // 3M tasks × (1,000 in × $3 + 300 out × $15) / 1e6 = $22,500 a month.
    expect(s.serving.presentValue).toBeCloseTo(
      pvOf(() => TASKS * ((1000 * 3 + 300 * 15) / 1e6)),
      6,
    );
    const other = await financeSeed(t, analyst).createInitiative({ name: 'Other' });
    const res = await t.gql(
      'mutation($i: SelectDeploymentOptionInput!) { selectDeploymentOption(input: $i) { id } }',
      { i: { initiativeId: other.id, optionId: opt.self } },
      analyst,
    );
    expect(res.errors?.[0]?.message).toMatch(
      /^selectDeploymentOption\.input\.optionId: no deployment option/,
    );
    await ok('mutation($i: SelectDeploymentOptionInput!) { selectDeploymentOption(input: $i) { id } }', {
      i: { initiativeId: initiative.id, optionId: null },
    });
    expect((await scorecard()).serving.choice).toBe('RECOMMENDATION');
  });

  it('samples demand and throughput uncertainty in the Monte Carlo and the tornado', async () => {
    await initiative.setDemand({
      tasksPerMonth: TASKS,
      tasksPerMonthLow: 2_000_000,
      tasksPerMonthHigh: 5_000_000,
      outputTokensPerTask: 300,
      peakToAverage: 2,
      sloPercentile: 'P99',
      sloE2eMs: 2000,
    });
    await ok('mutation($i: UpdateDeploymentOptionInput!) { updateDeploymentOption(input: $i) { id } }', {
      i: { id: opt.self, throughputUncertaintyFraction: 0.2 },
    });
    const { roiScorecard } = await ok<{
      roiScorecard: {
        npv: number;
        monteCarlo: { rangedInputs: string[]; npv: { p10: number; p90: number } };
        tornado: { bars: { input: string; npvAtLow: number; npvAtHigh: number }[] };
      };
    }>(
      `query($id: ID!) { roiScorecard(initiativeId: $id) { npv
        monteCarlo(iterations: 10000, seed: 3) { rangedInputs npv { p10 p90 } }
        tornado { bars { input npvAtLow npvAtHigh } } } }`,
      { id: initiative.id },
    );
    expect(roiScorecard.monteCarlo.rangedInputs).toEqual([
      'demand.tasksPerMonth',
      'serving.tokensPerSecondPerDevice',
    ]);
    expect(roiScorecard.monteCarlo.npv.p10).toBeLessThan(roiScorecard.npv);
    const bar = roiScorecard.tornado.bars.find((b) => b.input === 'demand.tasksPerMonth')!;
    const tps = tokPerS(C8);
    const at = (tasks: number) =>
      pvOf((m) => devicesFor(tasks, 300, 2, tps) * 1.2 * HOURS + (m === 0 ? 5_000 : 0));
    expect(bar.npvAtHigh).toBeCloseTo(roiScorecard.npv - (at(5_000_000) - at(TASKS)), 6);
    // whatIf overrides the same key.
    const { whatIf } = await ok<{ whatIf: { npv: number } }>(
      `query($id: ID!) { whatIf(initiativeId: $id, overrides: { inputs: [
        { key: "serving.tokensPerSecondPerDevice", value: { likely: ${tps / 2} } }] }) { npv } }`,
      { id: initiative.id },
    );
    const halfSpeed = pvOf((m) => devicesFor(TASKS, 300, 2, tps / 2) * 1.2 * HOURS + (m === 0 ? 5_000 : 0));
    expect(whatIf.npv).toBeCloseTo(roiScorecard.npv - (halfSpeed - at(TASKS)), 6);
  });
});
