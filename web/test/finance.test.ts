import { describe, expect, it } from 'vitest';
import type { EvidenceItemFragment, PortfolioScorecardFragment } from '@yardstick/schema/generated/web';
import { parseHash } from '../src/lib/router';
import {
  initiativeHash,
  deploymentHash,
  HARDWARE_HASH,
  parsePortfolioFilters,
  portfolioHash,
} from '../src/lib/routes-finance';
import { evidenceGrade, formatMoney, formatPercent } from '../src/lib/finance-format';
import { inputKeyLabel } from '../src/lib/finance-labels';
import { buildPortfolioRows, portfolioTotals, viewPortfolioRows } from '../src/lib/portfolio-rows';
import { lastChanges } from '../src/lib/audit-changes';

function study(ci95LowMinutes: number | null): EvidenceItemFragment {
  return {
    valueStreamId: 'v',
    valueStreamName: 'v',
    timeStudyId: 't',
    timeStudyName: 't',
    result:
      ci95LowMinutes === null
        ? null
        : { meanSavedMinutes: 5, ci95LowMinutes, ci95HighMinutes: 9, nBefore: 10, nAfter: 10 },
  };
}

function card(id: string, npv: number, pvCosts: number, phase: PortfolioScorecardFragment['phase']) {
  const scorecard: PortfolioScorecardFragment = {
    initiativeId: id,
    initiativeName: `Initiative ${id}`,
    phase,
    currency: 'USD',
    npv,
    roi: npv / pvCosts,
    paybackMonth: npv > 0 ? 12 : null,
    pvCosts,
    pvBenefits: pvCosts + npv,
    phaseGuard: { likeForLike: true },
    guarded: {
      likeForLike: true,
      npv,
      roi: npv / pvCosts,
      paybackMonth: npv > 0 ? 12 : null,
      discountedPaybackMonth: null,
      pvCosts,
      pvBenefits: pvCosts + npv,
      excluded: [],
    },
    evidence: [],
  };
  return scorecard;
}

describe('finance routes', () => {
  it('round-trips portfolio filters through the hash and drops unknown values', () => {
    const hash = portfolioHash({ phase: 'PILOT', sort: 'roi', dir: 'asc' });
    expect(hash).toBe('#/portfolio?phase=PILOT&sort=roi&dir=asc');
    expect(parseHash(hash)).toEqual({
      name: 'portfolio',
      filters: { phase: 'PILOT', sort: 'roi', dir: 'asc' },
    });
    expect(parsePortfolioFilters('phase=moon&sort=height&dir=up')).toEqual({});
    expect(parsePortfolioFilters('phase=pilot')).toEqual({ phase: 'PILOT' });
  });

  it('parses an initiative id, encoded', () => {
    expect(parseHash(initiativeHash('a b/c'))).toEqual({ name: 'initiative', id: 'a b/c' });
  });

  it('parses the deployment page of an initiative and the hardware page', () => {
    expect(deploymentHash('a b')).toBe('#/initiatives/a%20b/deployment');
    expect(parseHash(deploymentHash('a b/c'))).toEqual({ name: 'deployment', id: 'a b/c' });
    expect(parseHash(HARDWARE_HASH)).toEqual({ name: 'hardware' });
    expect(parseHash('#/initiatives/x/other')).toEqual({ name: 'not-found', path: '/initiatives/x/other' });
  });
});

describe('finance formatting', () => {
  it('formats money compactly past ten thousand and fractions as percentages', () => {
    expect(formatMoney(3_148_151.17, 'USD')).toBe('$3.15M');
    expect(formatMoney(-45_000, 'USD')).toBe('-$45.0K');
    expect(formatMoney(950.4, 'USD')).toBe('$950');
    expect(formatMoney(null)).toBe('—');
    expect(formatPercent(3.08785)).toBe('308.8 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('grades evidence from the time studies', () => {
    expect(evidenceGrade([])).toBe('D');
    expect(evidenceGrade([study(5.2)])).toBe('A');
    expect(evidenceGrade([study(5.2), study(-1)])).toBe('B');
    expect(evidenceGrade([study(null), study(-0.5)])).toBe('C');
  });

  it('labels tornado inputs with the names of their cost items and value streams', () => {
    const names = new Map([['c1', 'Data pipeline build']]);
    expect(inputKeyLabel('costItems[c1].amount', names)).toBe('Data pipeline build · Amount');
    expect(inputKeyLabel('valueStreams[v9].adoption.maxFraction', names)).toBe('v9 · Adoption ceiling');
    expect(inputKeyLabel('discountRate', names)).toBe('discountRate');
  });
});

describe('portfolio rows', () => {
  const entries = [
    { rank: 1, scorecard: card('a', 300, 100, 'PRODUCTION') },
    { rank: 2, scorecard: card('b', 200, 400, 'PILOT') },
    { rank: 3, scorecard: card('c', -50, 100, 'PILOT') },
  ];
  const band = (p10: number) => ({
    iterations: 10_000,
    seed: 1,
    npv: { p10, p50: p10 + 1, p90: p10 + 2 },
    probabilityRoiPositive: 0.5,
  });
  const rows = buildPortfolioRows(entries, new Map([['b', band(10)]]), ['c']);

  it('joins bands and flags by initiative id', () => {
    expect(rows.map((r) => [r.band?.npv.p10 ?? null, r.flagged])).toEqual([
      [null, false],
      [10, false],
      [null, true],
    ]);
  });

  it('sorts by a column (nulls last) and filters by phase', () => {
    expect(viewPortfolioRows(rows, {}).map((r) => r.scorecard.initiativeId)).toEqual(['a', 'b', 'c']);
    expect(viewPortfolioRows(rows, { sort: 'roi' }).map((r) => r.scorecard.initiativeId)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(viewPortfolioRows(rows, { sort: 'roi', dir: 'asc' }).map((r) => r.scorecard.initiativeId)).toEqual(
      ['c', 'b', 'a'],
    );
    expect(viewPortfolioRows(rows, { sort: 'p10' }).map((r) => r.scorecard.initiativeId)).toEqual([
      'b',
      'a',
      'c',
    ]);
    expect(viewPortfolioRows(rows, { phase: 'PILOT' }).map((r) => r.scorecard.initiativeId)).toEqual([
      'b',
      'c',
    ]);
  });

  it('ranks and totals the guarded figures: a flagged row counts only the value its costs can buy', () => {
    const flawed = card('d', 900, 100, 'PILOT');
    flawed.phaseGuard = { likeForLike: false };
    flawed.guarded = {
      ...flawed.guarded,
      likeForLike: false,
      npv: -100,
      roi: -1,
      pvBenefits: 0,
      paybackMonth: null,
    };
    const all = buildPortfolioRows([...entries, { rank: 4, scorecard: flawed }], new Map(), ['d']);
    // As entered d would lead with 900; guarded it is last.
    expect(viewPortfolioRows(all, { sort: 'npv' }).map((r) => r.scorecard.initiativeId)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    const totals = portfolioTotals(viewPortfolioRows(all, { phase: 'PILOT' }));
    expect(totals.npv).toBe(200 - 50 - 100);
    expect(totals.pvBenefits).toBe(600 + 50 + 0);
  });

  it('totals the shown rows with ROI from present values', () => {
    const totals = portfolioTotals(viewPortfolioRows(rows, { phase: 'PILOT' }));
    expect(totals.npv).toBe(150);
    expect(totals.pvCosts).toBe(500);
    expect(totals.roi).toBeCloseTo(150 / 500, 12);
    expect(portfolioTotals([]).roi).toBeNull();
  });
});

describe('last changes from the audit log', () => {
  it('keeps the newest change per entity, using the result id for creates', () => {
    const node = (
      id: string,
      entityId: string | null,
      actorName: string,
      at: string,
      after: unknown = null,
    ) => ({
      node: { id, at, actorName, actorRole: 'ANALYST', operation: 'op', entityId, after },
    });
    const changes = lastChanges([
      {
        edges: [
          node('1', 'x', 'newer', '2026-02-01T00:00:00Z'),
          node('2', 'x', 'older', '2026-01-01T00:00:00Z'),
        ],
      },
      {
        edges: [
          node('3', null, 'creator', '2026-01-05T00:00:00Z', { id: 'y' }),
          node('4', null, 'none', '2026'),
        ],
      },
    ]);
    expect(changes.get('x')?.actorName).toBe('newer');
    expect(changes.get('y')?.actorName).toBe('creator');
    expect(changes.size).toBe(2);
  });
});
