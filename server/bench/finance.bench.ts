// Finance engine benchmark (`npm run bench -- finance`).
// 1. A scorecard plus a 10,000-iteration Monte Carlo and a tornado for the 36-month support-assistant
//    case with 4 ranged inputs (goal ≤ 200 ms).
// 2. A 100-initiative portfolio (goal ≤ 1 s).
// Baseline, measured in the same run: a plain deterministic NPV loop — 10,000 calls of npv() over a
// 36-month array, the arithmetic a naive Monte Carlo would do per iteration. Results print as ratios
// against it plus absolute figures. Exits non-zero only if the benchmark itself breaks.
import { monteCarlo } from '../src/finance/monte-carlo.js';
import { npv } from '../src/finance/npv.js';
import { portfolio } from '../src/finance/portfolio.js';
import { scorecard } from '../src/finance/scorecard.js';
import { tornado } from '../src/finance/tornado.js';
import type { Initiative } from '../src/finance/model.js';
import { supportAssistantCase } from '../test/finance/case.fixture.js';

const REPEATS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) fn(); // warm-up
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function ranged(seed: number): Initiative {
  const c = supportAssistantCase();
  const k = 1 + (seed % 7) / 10;
  c.id = `initiative-${seed}`;
  c.costItems[0]!.amount = { low: 100_000 * k, likely: 120_000 * k, high: 160_000 * k };
  c.costItems[1]!.amount = { low: 6_000, likely: 8_000, high: 12_000, distribution: 'pert' };
  const avoid = c.valueStreams[0]!;
  if (avoid.kind === 'cost-avoidance') avoid.amountPerMonth = { low: 8_000, likely: 15_000, high: 20_000 };
  const prod = c.valueStreams[1]!;
  if (prod.kind === 'productivity') {
    prod.timeSavedHoursPerTask = { low: 0.1, likely: 0.25, high: 0.4, distribution: 'pert' };
    prod.adoption = {
      maxFraction: { low: 0.6, likely: 0.8, high: 0.95 },
      steepnessPerMonth: 0.5,
      midpointMonth: 9,
    };
  }
  return c;
}

let sink = 0;
const flows = scorecard(supportAssistantCase()).months.map((m) => m.net);
const baselineMs = time(() => {
  for (let i = 0; i < 10_000; i++) sink += npv(0.008 + i * 1e-9, flows);
});

const one = ranged(1);
const scorecardMcMs = time(() => {
  const s = scorecard(one);
  const mc = monteCarlo(one, { iterations: 10_000, seed: 1 });
  const t = tornado(one);
  sink += s.npv + mc.npv.p50 + t.bars.length;
});

const hundred = Array.from({ length: 100 }, (_, i) => ranged(i));
const portfolioMs = time(() => {
  sink += portfolio(hundred).totals.npv;
});

const mc = monteCarlo(one, { iterations: 10_000, seed: 1 });
if (!Number.isFinite(sink) || !Number.isFinite(mc.npv.p50) || mc.iterations !== 10_000) {
  console.error('broken benchmark: non-finite results');
  process.exit(1);
}

const line = (name: string, ms: number, goalMs: number) =>
  console.log(
    `${name.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms  ${(ms / baselineMs).toFixed(2).padStart(7)}× baseline  ` +
      `${ms <= goalMs ? 'GOAL MET' : 'GOAL MISSED'} (≤ ${goalMs} ms)`,
  );
console.log(`median of ${REPEATS} runs after 3 warm-ups; node ${process.version}`);
console.log(
  `${'baseline: 10,000 × npv() over 36 months'.padEnd(52)} ${baselineMs.toFixed(2).padStart(9)} ms  ${'1.00'.padStart(7)}× baseline`,
);
line('scorecard + 10,000-iteration Monte Carlo + tornado', scorecardMcMs, 200);
line('portfolio of 100 initiatives', portfolioMs, 1000);
console.log(
  `(Monte Carlo P10/P50/P90 NPV: ${mc.npv.p10.toFixed(0)} / ${mc.npv.p50.toFixed(0)} / ${mc.npv.p90.toFixed(0)}; P(ROI > 0) = ${mc.probabilityRoiPositive.toFixed(3)})`,
);
