import { describe, expect, it } from 'vitest';
import { bestAtSloOf, buildPoints, markFrontier, type EntryInput } from '../src/lib/leaderboard-points';
import { parseOtherRoute, leaderboardHash, compareHash } from '../src/lib/routes-more';
import { parseHash } from '../src/lib/router';
import { CDF_QUANTILES, cdfPoints } from '../src/lib/cdf';
import { telemetryOf } from '../src/lib/run-summary';

function entry(
  id: string,
  cost: number | null,
  runIds: string[],
  latency: { ttftP95Ms: number | null; tpotP50Ms: number | null } = { ttftP95Ms: null, tpotP50Ms: null },
  vendor = 'NVIDIA',
): EntryInput {
  return {
    ...latency,
    model: 'm',
    quantization: 'fp16',
    runIds,
    costPerMtokAllocation: cost,
    throughputAtSloTokensPerS: 100,
    hardwareProfile: { id, name: `profile ${id}`, vendor, acceleratorModel: 'H100' },
    atSlo: null,
  };
}

describe('buildPoints', () => {
  it('derives tokens/s per user from pooled TPOT and marks the Pareto frontier', () => {
    const points = buildPoints([
      entry('a', 1.0, ['a1', 'a2'], { ttftP95Ms: 180, tpotP50Ms: 20 }),
      entry('b', 2.0, ['b1'], { ttftP95Ms: 100, tpotP50Ms: 8 }),
      entry('c', 3.0, ['c1'], { ttftP95Ms: 300, tpotP50Ms: 40 }),
      entry('d', null, ['d1'], { ttftP95Ms: 90, tpotP50Ms: 5 }),
    ]);
    const [a, b, c, d] = points;
    expect(a?.ttftP95Ms).toBe(180);
    expect(a?.tokensPerSPerUser).toBe(50); // 1000 / 20 ms
    expect(a?.hardwareModel).toBe('H100');
    // a is cheapest, b is fastest of the priced ones: both on the frontier; c is beaten by both;
    // d is fastest of all but has no price, so it is never on it.
    expect(points.map((p) => p.onFrontier)).toEqual([true, true, false, false]);
    expect(c?.onFrontier).toBe(false);
    expect(d?.costPerMtok).toBeNull();

    markFrontier(points, 'tpsUser');
    // tokens/s per user: a 50, b 125, c 25 -> a and b still undominated, c dominated.
    expect(b?.tokensPerSPerUser).toBe(125);
    expect(points.map((p) => p.onFrontier)).toEqual([true, true, false, false]);
  });

  it('carries the best run at the SLO next to the pooled throughput, with its load', () => {
    const [withBest, without] = buildPoints([
      {
        ...entry('a', 1.0, ['a1', 'a2']),
        atSlo: { runId: 'a2', outputTokensPerS: 500, concurrency: 8, ratePerS: null },
      },
      entry('b', 2.0, ['b1']),
    ]);
    expect(withBest?.throughputTokensPerS).toBe(100); // pooled, unchanged
    expect(withBest?.bestAtSlo).toEqual({ runId: 'a2', tokensPerS: 500, load: 'concurrency 8' });
    expect(without?.bestAtSlo).toBeNull();
    expect(bestAtSloOf({ runId: 'r', outputTokensPerS: 9, concurrency: null, ratePerS: 2.5 }).load).toBe(
      '2.5 req/s',
    );
    expect(
      bestAtSloOf({ runId: 'r', outputTokensPerS: 9, concurrency: null, ratePerS: null }).load,
    ).toBeNull();
  });

  it('leaves latency empty when the entry has no successful requests', () => {
    const [p] = buildPoints([entry('a', 1.0, ['a1'])]);
    expect(p?.ttftP95Ms).toBeNull();
    expect(p?.tokensPerSPerUser).toBeNull();
    expect(p?.onFrontier).toBe(false);
  });
});

describe('routes of the new pages', () => {
  it('round-trips leaderboard filters and limits compare to four distinct runs', () => {
    const hash = leaderboardHash({ scenario: 'chat', vendor: 'AMD', y: 'tpsUser' });
    expect(hash).toBe('#/leaderboard?scenario=chat&vendor=AMD&y=tpsUser');
    expect(parseHash(hash)).toEqual({
      name: 'leaderboard',
      filters: { scenario: 'chat', vendor: 'AMD', y: 'tpsUser' },
    });
    expect(parseOtherRoute('/compare', 'ids=a,b,a,c,d,e')).toEqual({
      name: 'compare',
      ids: ['a', 'b', 'c', 'd'],
    });
    expect(parseHash(compareHash(['x y', 'z']))).toEqual({ name: 'compare', ids: ['x y', 'z'] });
    expect(parseHash('#/fleet?agent=42')).toEqual({ name: 'fleet', agentId: '42' });
    expect(parseHash('#/leaderboard?y=bogus')).toEqual({ name: 'leaderboard', filters: {} });
    expect(parseHash('#/nowhere').name).toBe('not-found');
  });
});

describe('cdf and summary helpers', () => {
  it('asks for at most the 20 quantiles the server allows and drops missing values', () => {
    expect(CDF_QUANTILES).toHaveLength(20);
    expect(CDF_QUANTILES.at(-1)).toBe(0.99);
    expect(
      cdfPoints([
        { quantile: 0.5, valueMs: 120 },
        { quantile: 0.9, valueMs: null },
      ]),
    ).toEqual([{ x: 120, y: 50 }]);
  });

  it('reads telemetry totals only when readings exist', () => {
    expect(telemetryOf({ telemetry: { averagePowerW: 310, totalJoules: 9300, sampleCount: 60 } })).toEqual({
      averagePowerW: 310,
      totalJoules: 9300,
      sampleCount: 60,
    });
    expect(telemetryOf({ telemetry: { sampleCount: 0 } })).toBeNull();
    expect(telemetryOf({ demo: true })).toBeNull();
    expect(telemetryOf(null)).toBeNull();
  });
});

describe('cost axis and cost per Mtok at full utilisation', () => {
  it('switches the cost axis to a log scale when the costs span 20× or more', async () => {
    const { costAxisScale } = await import('../src/lib/leaderboard-points');
    expect(costAxisScale([0.4, 12])).toBe('logarithmic');
    expect(costAxisScale([1, 3, 19.9])).toBe('linear');
    expect(costAxisScale([0, 50])).toBe('linear'); // a log axis cannot show 0
    expect(costAxisScale([5])).toBe('linear');
  });

  it('labels only the 1, 2, 5 ticks of a log axis', async () => {
    const { isRoundLogTick } = await import('../src/lib/leaderboard-points');
    expect([0.5, 1, 2, 5, 10, 20, 50].every(isRoundLogTick)).toBe(true);
    expect([0.6, 0.7, 3, 4, 30, 70, 0].some(isRoundLogTick)).toBe(false);
  });

  it('prices the best run at full utilisation: $/h × 1e6 ÷ (tok/s × 3600)', () => {
    const [p] = buildPoints([
      {
        ...entry('a', 19.47, ['a1']),
        hourlyCost: { costPerHour: 2.49 },
        atSlo: { runId: 'a1', outputTokensPerS: 1693, concurrency: 64, ratePerS: null },
      },
    ]);
    expect(p?.costPerMtokAtFullUtilisation).toBeCloseTo((2.49 * 1e6) / (1693 * 3600), 12); // $0.409
    expect(buildPoints([entry('b', 1, ['b1'])])[0]?.costPerMtokAtFullUtilisation).toBeNull();
  });
});
