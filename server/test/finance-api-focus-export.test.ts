import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/finance/csv';
import { FOCUS_EXPORT_APPLICABILITY } from '../src/finance/focus-csv';
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
import { checkFocusCsv, focusModel12, focusModel13 } from './support/focus-rule-model';

// inferenceFocusCsv: self-hosted inference cost as FinOps FOCUS 1.3 rows over real GraphQL and DuckDB,
// checked against the FinOps Foundation's FOCUS requirements models (fixtures/focus/SOURCES.md), read
// back with an independent CSV parse and through the importFocusCsv mutation.

const EXPORT = `query($id: ID!, $optionId: ID) {
  inferenceFocusCsv(initiativeId: $id, optionId: $optionId, asOf: "2026-03-01T00:00:00Z") }`;

async function ok<T>(t: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.gql<T>(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('inferenceFocusCsv: FOCUS 1.3 export of self-hosted inference cost', () => {
  let t: TestServer;
  let analyst: string;
  let viewer: string;
  let initiative: SeededInitiative;
  let profileId: string;
  let priceId: string;
  const opt = {} as Record<'self' | 'unmeasured' | 'api', string>;

  // The stored run: 10 requests 100 ms apart, 1,000 ms each, 100 output tokens → 1,000 / 1.9 tok/s.
  const TPS = 1000 / 1.9;
  // Demand: 1M tasks/month growing 10 %/month, 500 in + 200 out tokens, peak 3×, 20 % headroom.
  const tasks = (month: number) => 1_000_000 * 1.1 ** month;
  const devices = (month: number) => Math.ceil((((tasks(month) * 200) / (730 * 3600)) * 3 * 1.2) / TPS);

  beforeAll(async () => {
    t = await startTestServer();
    analyst = await tokenFor(t, 'ANALYST');
    viewer = await tokenFor(t, 'VIEWER');
    profileId = (
      await ok<{ createHardwareProfile: { id: string } }>(
        t,
        'mutation($i: CreateHardwareProfileInput!) { createHardwareProfile(input: $i) { id } }',
        { i: { name: '1x H100 owned', vendor: 'NVIDIA', acceleratorModel: 'H100', acceleratorCount: 1 } },
        t.adminToken,
      )
    ).createHardwareProfile.id;
    // 87,600 $ straight line over one year, no power figure → $10/h.
    const price = await ok<{ setHardwarePrice: { id: string } }>(
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
      t.adminToken,
    );
    priceId = price.setHardwarePrice.id;
    const agent = await registerAgent(t, 'focus-bench');
    const runId = await startRun(t, agent.token, {
      scenario: 'chat',
      model: 'llama-3.1-8b',
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

    initiative = await financeSeed(t, analyst).createInitiative({
      name: 'Ticket triage',
      phase: 'PILOT',
      horizonMonths: 12,
      startDate: '2026-01-01T00:00:00.000Z',
    });
    await initiative.setDemand({
      tasksPerMonth: 1_000_000,
      inputTokensPerTask: 500,
      outputTokensPerTask: 200,
      peakToAverage: 3,
      growthPerMonth: 0.1,
      sloE2eMs: 2000,
    });
    opt.self = await initiative.addDeploymentOption({
      name: 'Owned H100',
      kind: 'SELF_HOSTED',
      hardwareProfileId: profileId,
      model: 'llama-3.1-8b',
      quantization: 'fp8',
      scenario: 'chat',
    });
    opt.unmeasured = await initiative.addDeploymentOption({
      name: 'Owned H100, other model',
      kind: 'SELF_HOSTED',
      hardwareProfileId: profileId,
      model: 'qwen-2.5-72b',
      quantization: 'fp16',
      scenario: 'chat',
    });
    opt.api = await initiative.addDeploymentOption({
      name: 'Hosted API',
      kind: 'API',
      inputCostPerMtok: 0.2,
      outputCostPerMtok: 0.6,
    });
  });
  afterAll(() => t.close());

  it('passes every checkable MUST rule of the FOCUS 1.3 and 1.2 requirements models', async () => {
    const { inferenceFocusCsv: text } = await ok<{ inferenceFocusCsv: string }>(
      t,
      EXPORT,
      { id: initiative.id },
      viewer,
    );
    for (const model of [focusModel13(), focusModel12()]) {
      const result = checkFocusCsv(model, text, FOCUS_EXPORT_APPLICABILITY);
      expect(result.mustFailed, model.name).toEqual([]);
      expect(result.mustUnsupported, model.name).toEqual([]);
      expect(result.mustLeaves.length, model.name).toBeGreaterThan(140);
    }
  });

  it('writes one FOCUS row per month with the x_ columns and allocation-basis cost', async () => {
    const { inferenceFocusCsv: text } = await ok<{ inferenceFocusCsv: string }>(
      t,
      EXPORT,
      { id: initiative.id },
      viewer,
    );
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    const col = (row: string[], name: string) => row[header!.indexOf(name)]!;
    for (const c of ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ConsumedQuantity'])
      expect(header).toContain(c);
    expect(header!.filter((c) => c.startsWith('x_'))).toEqual([
      'x_Model',
      'x_Quantization',
      'x_Hardware',
      'x_Phase',
    ]);
    expect(rows).toHaveLength(12);
    // Demand grows past one device's capacity: 1 device in month 0, 2 from month 7 (1.1^7 = 1.95).
    expect([devices(0), devices(6), devices(7), devices(11)]).toEqual([1, 1, 2, 2]);
    rows.forEach((row, month) => {
      const start = `2026-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
      expect(col(row, 'ChargePeriodStart')).toBe(start);
      expect(Number(col(row, 'EffectiveCost'))).toBeCloseTo(devices(month) * 10 * 730, 6);
      expect(col(row, 'BilledCost')).toBe(col(row, 'EffectiveCost'));
      expect(Number(col(row, 'ConsumedQuantity'))).toBeCloseTo(tasks(month) * 700, 3);
      expect(col(row, 'ConsumedUnit')).toBe('Tokens');
      expect(col(row, 'BillingCurrency')).toBe('USD');
      expect(col(row, 'ServiceCategory')).toBe('AI and Machine Learning');
      expect(col(row, 'ResourceId')).toBe(opt.self);
      expect(col(row, 'ResourceName')).toBe('Owned H100');
      expect(col(row, 'BillingAccountId')).toBe(initiative.id);
      expect(col(row, 'BillingAccountName')).toBe('Ticket triage');
      expect([col(row, 'SkuId'), col(row, 'SkuPriceId')]).toEqual([profileId, priceId]);
      // Device-hours priced at the catalogue's $10/h: PricingQuantity × ListUnitPrice = ListCost.
      expect(Number(col(row, 'PricingQuantity'))).toBe(devices(month) * 730);
      expect(Number(col(row, 'ListUnitPrice'))).toBeCloseTo(10, 12);
      expect([
        col(row, 'x_Model'),
        col(row, 'x_Quantization'),
        col(row, 'x_Hardware'),
        col(row, 'x_Phase'),
      ]).toEqual(['llama-3.1-8b', 'fp8', '1x H100 owned', 'pilot']);
    });
    expect(col(rows[11]!, 'ChargePeriodEnd')).toBe('2027-01-01T00:00:00Z');
  });

  it('parses back through the importer into the same cost, month by month', async () => {
    const { inferenceFocusCsv: text } = await ok<{ inferenceFocusCsv: string }>(
      t,
      EXPORT,
      { id: initiative.id, optionId: opt.self },
      viewer,
    );
    const target = await financeSeed(t, analyst).createInitiative({
      name: 'Ticket triage (imported cost)',
      phase: 'PRODUCTION',
      horizonMonths: 12,
      startDate: '2026-01-01T00:00:00.000Z',
    });
    const { importFocusCsv: imported } = await ok<{
      importFocusCsv: {
        costItems: {
          startMonth: number;
          category: string;
          phase: string;
          recurrence: string;
          amount: { likely: number };
        }[];
        reconciliation: unknown[];
      };
    }>(
      t,
      `mutation($input: ImportFocusCsvInput!) { importFocusCsv(input: $input) {
        costItems { startMonth category phase recurrence amount { likely } }
        reconciliation { currency billedCost effectiveCost rows } } }`,
      // The export tags each row with its own initiative; a tag rule sends them to the target instead.
      {
        input: {
          csv: text,
          rules: [{ tag: 'yardstick/initiativeId', equals: initiative.id, initiativeId: target.id }],
        },
      },
      analyst,
    );
    const items = [...imported.costItems].sort((a, b) => a.startMonth - b.startMonth);
    expect(items.map((c) => c.startMonth)).toEqual(Array.from({ length: 12 }, (_, m) => m));
    items.forEach((c, month) => {
      // x_Phase wins over the target initiative's phase; AI and Machine Learning → software (FINANCE.md).
      expect(c).toMatchObject({ category: 'SOFTWARE', phase: 'PILOT', recurrence: 'ONE_TIME' });
      expect(c.amount.likely).toBeCloseTo(devices(month) * 7300, 6);
    });
    const total = Array.from({ length: 12 }, (_, m) => devices(m) * 7300).reduce((a, b) => a + b);
    expect(imported.reconciliation).toEqual([
      {
        currency: 'USD',
        billedCost: expect.closeTo(total, 6),
        effectiveCost: expect.closeTo(total, 6),
        rows: 12,
      },
    ]);
    const { tcoReport } = await ok<{ tcoReport: { total: number } }>(
      t,
      'query($id: ID!) { tcoReport(initiativeId: $id) { total } }',
      { id: target.id },
      viewer,
    );
    expect(tcoReport.total).toBeCloseTo(total, 6);
  });

  it('refuses an option without measured cost or of another kind, naming the field', async () => {
    const api = await t.gql(EXPORT, { id: initiative.id, optionId: opt.api }, viewer);
    expect(api.errors?.[0]?.message).toMatch(/^inferenceFocusCsv\.optionId: .* is not a SELF_HOSTED/);
    const none = await t.gql(EXPORT, { id: initiative.id, optionId: opt.unmeasured }, viewer);
    expect(none.errors?.[0]?.message).toMatch(
      /^inferenceFocusCsv\.optionId: "Owned H100, other model" has no cost to export: no measured operating point/,
    );
  });
});
