import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';
import { financeSeed, tokenFor } from './support/finance-seed';

// The portfolio and the phase guard through the real GraphQL API on a real in-memory DuckDB. Every
// expected figure is computed here from the formulas of docs/finance-formulas.md, not read from the engine.

const MONTHLY_RATE = Math.pow(1.1, 1 / 12) - 1; // 10 %/year effective (the default)
/** Σ 1/(1+m)^t for t = 0 … 35: month 0 undiscounted (docs/finance.md "Time and discounting"). */
const ANNUITY_36 = Array.from({ length: 36 }, (_, t) => Math.pow(1 + MONTHLY_RATE, -t)).reduce(
  (a, b) => a + b,
);

interface Card {
  initiativeId: string;
  npv: number;
  roi: number;
  pvCosts: number;
  pvBenefits: number;
}
interface PortfolioResult {
  currency: string;
  flaggedInitiativeIds: string[];
  totals: { pvCosts: number; pvBenefits: number; npv: number; roi: number };
  entries: { rank: number; scorecard: Card }[];
}
interface PhaseCard {
  phase: string;
  byPhase: { phase: string; pvCosts: number; pvBenefits: number }[];
  phaseGuard: {
    likeForLike: boolean;
    costPhases: string[];
    valuePhases: string[];
    findings: { kind: string; phase: string; explanation: string }[];
  };
}

async function ok<T>(t: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.gql<T>(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('portfolio and the phase guard', () => {
  let t: TestServer;
  let analyst: string;
  let viewer: string;
  const ids: Record<string, string> = {};

  const PORTFOLIO = `{ portfolio { currency flaggedInitiativeIds
    totals { pvCosts pvBenefits npv roi }
    entries { rank scorecard { initiativeId initiativeName npv roi pvCosts pvBenefits } } } }`;

  /** One-time cost in month 0, a monthly cost, and monthly cost avoidance, all for 36 months. */
  async function seedInitiative(
    name: string,
    phase: string,
    oneTime: number,
    monthlyCost: number,
    value: number,
  ) {
    const i = await financeSeed(t, analyst).createInitiative({ name, phase });
    if (oneTime > 0)
      await i.addCostItem({
        name: 'Build',
        category: 'PERSONNEL',
        recurrence: 'ONE_TIME',
        amount: { likely: oneTime },
        phase,
      });
    if (monthlyCost > 0)
      await i.addCostItem({
        name: 'Run',
        category: 'SOFTWARE',
        recurrence: 'MONTHLY',
        amount: { likely: monthlyCost },
        phase,
      });
    await i.addValueStream({
      name: 'Work avoided',
      kind: 'COST_AVOIDANCE',
      phase: 'PRODUCTION',
      params: [{ name: 'amountPerMonth', value: { likely: value } }],
    });
    return i.id;
  }

  /** Marks production cost lines as not applicable, with a reason (the phase guard accepts it). */
  async function notApplicable(initiativeId: string, lines: string[]) {
    for (const line of lines) {
      await ok(
        t,
        'mutation($input: SetNotApplicableInput!) { setProductionNotApplicable(input: $input) { id } }',
        { input: { initiativeId, line, reason: `no ${line.toLowerCase()} cost: a rules engine, no model` } },
        analyst,
      );
    }
  }
  const ALL_BUT_PERSONNEL = [
    'SERVING',
    'INFRASTRUCTURE',
    'SOFTWARE',
    'DATA_ENGINEERING',
    'SECURITY_COMPLIANCE',
    'CHANGE_MANAGEMENT',
  ];

  beforeAll(async () => {
    t = await startTestServer();
    analyst = await tokenFor(t, 'ANALYST');
    viewer = await tokenFor(t, 'VIEWER');
    ids.big = await seedInitiative('Support assistant', 'PRODUCTION', 100_000, 0, 5_000);
    ids.lean = await seedInitiative('Contract search', 'PRODUCTION', 10_000, 0, 1_000);
    // A pilot's costs set against production-scale value: the classic flawed pilot ROI study.
    ids.pilot = await seedInitiative('Code review pilot', 'PILOT', 0, 2_000, 2_500);
    // The two production initiatives carry personnel cost only; the other lines are stated not to apply.
    await notApplicable(ids.big!, ALL_BUT_PERSONNEL);
    await notApplicable(ids.lean!, ALL_BUT_PERSONNEL);
  });
  afterAll(() => t.close());

  const expected = {
    big: { pvCosts: 100_000, pvBenefits: 5_000 * ANNUITY_36 },
    lean: { pvCosts: 10_000, pvBenefits: 1_000 * ANNUITY_36 },
    pilot: { pvCosts: 2_000 * ANNUITY_36, pvBenefits: 2_500 * ANNUITY_36 },
  };
  const npvOf = (k: keyof typeof expected) => expected[k].pvBenefits - expected[k].pvCosts;

  it('totals are the sums of the per-initiative scorecards, and the ranking is by NPV', async () => {
    const { portfolio: p } = await ok<{ portfolio: PortfolioResult }>(t, PORTFOLIO, {}, viewer);
    expect(p.currency).toBe('USD');
    // NPVs: big 57,176 (ROI 0.57), lean 21,435 (ROI 2.14), pilot 15,718 (ROI 0.25). Ranked by NPV, so
    // the lean initiative's higher ROI does not lift it above the bigger one.
    expect(npvOf('big')).toBeCloseTo(57_175.72, 1);
    expect(p.entries.map((e) => [e.rank, e.scorecard.initiativeId])).toEqual([
      [1, ids.big],
      [2, ids.lean],
      [3, ids.pilot],
    ]);
    for (const e of p.entries) {
      const key = (Object.keys(ids) as (keyof typeof expected)[]).find(
        (k) => ids[k] === e.scorecard.initiativeId,
      )!;
      expect(e.scorecard.pvCosts).toBeCloseTo(expected[key].pvCosts, 6);
      expect(e.scorecard.pvBenefits).toBeCloseTo(expected[key].pvBenefits, 6);
      expect(e.scorecard.npv).toBeCloseTo(npvOf(key), 6);
    }
    const sum = (f: keyof Card & ('npv' | 'roi' | 'pvCosts' | 'pvBenefits')) =>
      p.entries.reduce((s, e) => s + e.scorecard[f], 0);
    expect(p.totals.pvCosts).toBeCloseTo(sum('pvCosts'), 6);
    expect(p.totals.pvBenefits).toBeCloseTo(sum('pvBenefits'), 6);
    expect(p.totals.npv).toBeCloseTo(sum('npv'), 6);
    // Portfolio ROI from summed present values, not the mean of the three ROIs.
    expect(p.totals.roi).toBeCloseTo(sum('npv') / sum('pvCosts'), 9);
    const meanRoi = sum('roi') / 3;
    expect(Math.abs(p.totals.roi - meanRoi)).toBeGreaterThan(0.1);
    // Each entry is the same scorecard roiScorecard serves.
    for (const e of p.entries) {
      const { roiScorecard: s } = await ok<{ roiScorecard: { npv: number } }>(
        t,
        'query($id: ID!) { roiScorecard(initiativeId: $id) { npv } }',
        { id: e.scorecard.initiativeId },
        viewer,
      );
      expect(s.npv).toBeCloseTo(e.scorecard.npv, 9);
    }
    expect(p.flaggedInitiativeIds).toEqual([ids.pilot]);
  });

  it('roiScorecard flags pilot costs set against production value, and says which phase each figure is', async () => {
    const SC = `query($id: ID!) { roiScorecard(initiativeId: $id) { phase
      byPhase { phase pvCosts pvBenefits }
      phaseGuard { likeForLike costPhases valuePhases findings { kind phase explanation } } } }`;
    const { roiScorecard: s } = await ok<{ roiScorecard: PhaseCard }>(t, SC, { id: ids.pilot }, viewer);
    expect(s.phase).toBe('PILOT');
    expect(s.phaseGuard.likeForLike).toBe(false);
    expect(s.phaseGuard.costPhases).toEqual(['PILOT']);
    expect(s.phaseGuard.valuePhases).toEqual(['PRODUCTION']);
    expect(s.phaseGuard.findings).toEqual([
      {
        kind: 'value-without-cost',
        phase: 'PRODUCTION',
        explanation: expect.stringMatching(
          /production phase is counted but none of its costs.*flawed pilot study/,
        ),
      },
    ]);
    const figure = (phase: string) => s.byPhase.find((b: { phase: string }) => b.phase === phase);
    expect(figure('PILOT')).toMatchObject({ pvCosts: expect.closeTo(2_000 * ANNUITY_36, 6), pvBenefits: 0 });
    expect(figure('PRODUCTION')).toMatchObject({
      pvCosts: 0,
      pvBenefits: expect.closeTo(2_500 * ANNUITY_36, 6),
    });
    // A like-for-like initiative carries no finding.
    const clean = await ok<{ roiScorecard: PhaseCard }>(t, SC, { id: ids.big }, viewer);
    expect(clean.roiScorecard.phaseGuard).toMatchObject({ likeForLike: true, findings: [] });
  });

  // Mutates the pilot initiative: keep last.
  it('one production cost does not clear the flag; every production line costed or not applicable does', async () => {
    const GUARDED = `query($id: ID!) { roiScorecard(initiativeId: $id) { npv pvCosts
      guarded { likeForLike npv roi pvBenefits excluded { valueStreamId name pvBenefits reason } }
      phaseGuard { likeForLike findings { kind } productionCosts { line covered pvCosts notApplicableReason } } } }`;
    interface Guarded {
      npv: number;
      pvCosts: number;
      guarded: {
        likeForLike: boolean;
        npv: number;
        roi: number | null;
        pvBenefits: number;
        excluded: { name: string; pvBenefits: number }[];
      };
      phaseGuard: {
        likeForLike: boolean;
        findings: { kind: string }[];
        productionCosts: { line: string; covered: boolean; pvCosts: number }[];
      };
    }
    await ok(
      t,
      'mutation($input: CreateCostItemInput!) { createCostItem(input: $input) { id } }',
      {
        input: {
          initiativeId: ids.pilot,
          name: 'Production run',
          category: 'INFRASTRUCTURE',
          phase: 'PRODUCTION',
          recurrence: 'MONTHLY',
          amount: { likely: 500 },
        },
      },
      analyst,
    );
    const half = (await ok<{ roiScorecard: Guarded }>(t, GUARDED, { id: ids.pilot }, viewer)).roiScorecard;
    expect(half.phaseGuard.likeForLike).toBe(false);
    expect(half.phaseGuard.findings.map((f) => f.kind)).toEqual(['production-costs-incomplete']);
    expect(half.phaseGuard.productionCosts.filter((c) => c.covered).map((c) => c.line)).toEqual([
      'INFRASTRUCTURE',
    ]);
    // The headline leaves the production value out: all costs, no value.
    expect(half.pvCosts).toBeCloseTo(2_500 * ANNUITY_36, 6);
    expect(half.guarded).toMatchObject({ likeForLike: false, pvBenefits: 0, roi: -1 });
    expect(half.guarded.npv).toBeCloseTo(-2_500 * ANNUITY_36, 6);
    expect(half.guarded.excluded).toEqual([
      expect.objectContaining({ name: 'Work avoided', pvBenefits: expect.closeTo(2_500 * ANNUITY_36, 6) }),
    ]);
    let p = (await ok<{ portfolio: PortfolioResult }>(t, PORTFOLIO, {}, viewer)).portfolio;
    expect(p.flaggedInitiativeIds).toEqual([ids.pilot]);

    await notApplicable(ids.pilot!, [
      'SERVING',
      'SOFTWARE',
      'PERSONNEL',
      'DATA_ENGINEERING',
      'SECURITY_COMPLIANCE',
    ]);
    const still = (await ok<{ roiScorecard: Guarded }>(t, GUARDED, { id: ids.pilot }, viewer)).roiScorecard;
    expect(still.phaseGuard.likeForLike).toBe(false); // change management is still missing
    await notApplicable(ids.pilot!, ['CHANGE_MANAGEMENT']);
    const whole = (await ok<{ roiScorecard: Guarded }>(t, GUARDED, { id: ids.pilot }, viewer)).roiScorecard;
    expect(whole.phaseGuard).toMatchObject({ likeForLike: true, findings: [] });
    expect(whole.guarded.npv).toBeCloseTo(whole.npv, 9);
    expect(whole.guarded.excluded).toEqual([]);
    p = (await ok<{ portfolio: PortfolioResult }>(t, PORTFOLIO, {}, viewer)).portfolio;
    expect(p.flaggedInitiativeIds).toEqual([]);
  });
});
