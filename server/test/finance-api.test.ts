import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyRateFromAnnual } from '../src/finance/discounting';
import { scorecard as engineScorecard } from '../src/finance/scorecard';
import { startTestServer, type TestServer } from './helpers';
import { financeSeed, tokenFor, type SeededInitiative } from './support/finance-seed';

// The finance API end to end: real GraphQL over HTTP, real in-memory DuckDB, the pure engine underneath.

const SCORECARD = `query($id: ID!) { roiScorecard(initiativeId: $id) {
  npv roi pvCosts pvBenefits paybackMonth discountedPaybackMonth irrAnnual irrReason phase
  phaseGuard { likeForLike findings { kind phase } }
  evidence { valueStreamId result { meanSavedMinutes nBefore nAfter } }
  monteCarlo(iterations: 10000, seed: 7) { iterations npv { p10 p50 p90 } probabilityRoiPositive }
  tornado { bars { input swing } } } }`;

interface Scored {
  pvCosts: number;
  pvBenefits: number;
  evidence: unknown[];
  monteCarlo: { iterations: number; npv: { p10: number; p90: number } };
  tornado: { bars: { input: string }[] };
}

let t: TestServer;
let analyst: string;
let viewer: string;
let base: SeededInitiative;

/** Independent figure: 100,000 in month 0, 5,000 saved every month for 36 months, 10 %/year effective. */
function independentNpv(): number {
  const m = Math.pow(1.1, 1 / 12) - 1;
  let pv = -100_000;
  for (let month = 0; month < 36; month++) pv += 5_000 / Math.pow(1 + m, month);
  return pv;
}

beforeAll(async () => {
  t = await startTestServer();
  analyst = await tokenFor(t, 'ANALYST');
  viewer = await tokenFor(t, 'VIEWER');
  base = await financeSeed(t, analyst).createInitiative({ name: 'Case A' });
  await base.addCostItem({
    name: 'Platform build',
    category: 'INFRASTRUCTURE',
    recurrence: 'ONE_TIME',
    amount: { likely: 100_000 },
  });
  await base.addValueStream({
    name: 'Outsourcing avoided',
    kind: 'COST_AVOIDANCE',
    params: [{ name: 'amountPerMonth', value: { likely: 5_000 } }],
  });
});
afterAll(() => t.close());

describe('finance API', () => {
  it('a complete case: NPV, ROI and payback match an independent computation and the pure engine', async () => {
    const res = await t.gql<{ roiScorecard: Record<string, number> }>(SCORECARD, { id: base.id }, viewer);
    expect(res.errors).toBeUndefined();
    const s = res.data!.roiScorecard;
    const npv = independentNpv();
    expect(npv).toBeCloseTo(57_175.72, 1);
    expect(s.npv).toBeCloseTo(npv, 4);
    expect(s.roi).toBeCloseTo(npv / 100_000, 8);
    // Undiscounted: cumulative −100k + 5k × 20 = 0 at the end of month 20.
    expect(s.paybackMonth).toBe(20);
    const engine = engineScorecard({
      id: 'x',
      name: 'x',
      phase: 'production',
      costItems: [
        { id: 'c', category: 'infrastructure', phase: 'production', recurrence: 'one-time', amount: 100_000 },
      ],
      valueStreams: [{ id: 'v', kind: 'cost-avoidance', phase: 'production', amountPerMonth: 5_000 }],
    });
    expect(s.npv).toBeCloseTo(engine.npv, 6);
    expect(s.discountedPaybackMonth).toBe(engine.discountedPaybackMonth);
    expect(s.irrAnnual).toBeCloseTo(engine.irrAnnual!, 6);
    expect(monthlyRateFromAnnual(0.1)).toBeCloseTo(0.0079741404, 9);
  });

  it('a productivity stream takes its time saved from a time study and carries it as evidence', async () => {
    const i = await financeSeed(t, analyst).createInitiative({ name: 'Case B' });
    const study = await i.addTimeStudy();
    await study.observe([10, 12, 14, 13, 11], [7, 8, 9, 8, 8]);
    const streamId = await i.addValueStream({
      name: 'Time saved',
      kind: 'PRODUCTIVITY',
      timeStudyId: study.id,
      params: [
        { name: 'tasksPerMonth', value: { likely: 1_000, low: 800, high: 1_200 } },
        { name: 'loadedRatePerHour', value: { likely: 60 } },
        { name: 'recaptureFraction', value: { likely: 0.5 } },
      ],
    });
    await i.addCostItem({
      name: 'Licence',
      category: 'SOFTWARE',
      recurrence: 'MONTHLY',
      amount: { likely: 500 },
    });
    const res = await t.gql<{ roiScorecard: Scored }>(SCORECARD, { id: i.id }, viewer);
    expect(res.errors).toBeUndefined();
    const s = res.data!.roiScorecard;
    // mean before 12, after 8 → 4 min saved = 1/15 h × 1,000 tasks × $60 × 0.5 = $2,000/month.
    expect(s.evidence).toEqual([
      { valueStreamId: streamId, result: { meanSavedMinutes: expect.closeTo(4, 9), nBefore: 5, nAfter: 5 } },
    ]);
    expect(s.pvBenefits / s.pvCosts).toBeCloseTo(2_000 / 500, 6);
    expect(s.monteCarlo.iterations).toBe(10_000);
    expect(s.monteCarlo.npv.p10).toBeLessThan(s.monteCarlo.npv.p90);
    expect(s.tornado.bars.map((b: { input: string }) => b.input)).toContain(
      `valueStreams[${streamId}].tasksPerMonth`,
    );
  });

  it('rejects bad input with a message naming the field, and stores nothing', async () => {
    const seed = financeSeed(t, analyst);
    await expect(seed.createInitiative({ name: 'Bad rate', discountRatePerYear: 3 })).rejects.toThrow(
      /createInitiative\.input\.discountRatePerYear: must be a fraction 0 … 1/,
    );
    await expect(base.setDemand({ tasksPerMonth: -5 })).rejects.toThrow(
      /setDemand\.input\.tasksPerMonth: must be ≥ 0/,
    );
    await expect(
      base.addCostItem({
        name: 'Backwards',
        category: 'PERSONNEL',
        recurrence: 'MONTHLY',
        amount: { likely: 1 },
        startMonth: 10,
        endMonth: 4,
      }),
    ).rejects.toThrow(/createCostItem\.input\.endMonth: ends \(month 4\) before it starts \(month 10\)/);
    const list = await t.gql<{ initiatives: { name: string; costItems: { name: string }[] }[] }>(
      '{ initiatives { name costItems { name } } }',
      {},
      viewer,
    );
    expect(list.data!.initiatives.map((i) => i.name)).not.toContain('Bad rate');
    expect(list.data!.initiatives.find((i) => i.name === 'Case A')!.costItems.map((c) => c.name)).toEqual([
      'Platform build',
    ]);
  });

  it('viewers read but cannot write; analysts write and leave an audit record with a before snapshot', async () => {
    await expect(financeSeed(t, viewer).createInitiative({ name: 'Nope' })).rejects.toThrow(/FORBIDDEN/);
    const upd = await t.gql(
      'mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { owner } }',
      { input: { id: base.id, owner: 'Finance' } },
      analyst,
    );
    expect(upd.errors).toBeUndefined();
    const audit = await t.server.db.connection.runAndReadAll(
      `SELECT before->>'$.owner', after->>'$.owner', actor_role FROM audit_log WHERE operation = 'updateInitiative'`,
    );
    expect(audit.getRowsJS()).toEqual([['Customer Care', 'Finance', 'ANALYST']]);
  });

  it('whatIf recomputes with overrides and stores nothing', async () => {
    const res = await t.gql<{ whatIf: { npv: number } }>(
      'query($id: ID!, $o: WhatIfOverrides!) { whatIf(initiativeId: $id, overrides: $o) { npv } }',
      { id: base.id, o: { discountRatePerYear: 0 } },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.whatIf.npv).toBeCloseTo(5_000 * 36 - 100_000, 6);
    const after = await t.gql<{ roiScorecard: { npv: number }; initiative: { discountRatePerYear: number } }>(
      'query($id: ID!) { roiScorecard(initiativeId: $id) { npv } initiative(id: $id) { discountRatePerYear } }',
      { id: base.id },
      viewer,
    );
    expect(after.data!.initiative.discountRatePerYear).toBe(0.1);
    expect(after.data!.roiScorecard.npv).toBeCloseTo(independentNpv(), 4);
  });

  it('FOCUS import: a bad row is reported by line and column, the good one is imported once', async () => {
    const header =
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceCategory,ServiceName';
    const good = '120,100,USD,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,Usage,Compute,GPU VMs';
    const bad = 'abc,100,USD,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,Usage,Compute,GPU VMs';
    const m = `mutation($input: ImportFocusCsvInput!) { importFocusCsv(input: $input) {
      importedRows alreadyImportedRows skipped { line column }
      costItems { name amount { likely } billedCost startMonth category } reconciliation { billedCost effectiveCost } } }`;
    const i = await financeSeed(t, analyst).createInitiative({ name: 'Case FOCUS' });
    const first = await t.gql<{ importFocusCsv: Record<string, unknown> }>(
      m,
      { input: { initiativeId: i.id, csv: [header, good, bad].join('\n') } },
      analyst,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.importFocusCsv).toEqual({
      importedRows: 1,
      alreadyImportedRows: 0,
      skipped: [{ line: 3, column: 'BilledCost' }],
      costItems: [
        {
          name: 'GPU VMs',
          amount: { likely: 100 },
          billedCost: 120,
          startMonth: 1,
          category: 'INFRASTRUCTURE',
        },
      ],
      reconciliation: [{ billedCost: 120, effectiveCost: 100 }],
    });
    const again = await t.gql<{ importFocusCsv: Record<string, unknown> }>(
      m,
      { input: { initiativeId: i.id, csv: [header, good].join('\n') } },
      analyst,
    );
    expect(again.data!.importFocusCsv).toMatchObject({
      importedRows: 0,
      alreadyImportedRows: 1,
      costItems: [],
    });
    const items = await t.gql<{ initiative: { costItems: { amount: { likely: number } }[] } }>(
      'query($id: ID!) { initiative(id: $id) { costItems { amount { likely } } } }',
      { id: i.id },
      viewer,
    );
    expect(items.data!.initiative.costItems).toEqual([{ amount: { likely: 100 } }]);
  });
});
