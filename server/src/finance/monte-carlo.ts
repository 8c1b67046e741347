/**
 * Seeded Monte Carlo over every ranged input of an initiative (triangular or PERT per range) →
 * P10 / P50 / P90 of NPV, ROI, payback month and of the cumulative cash flow at each month, and the
 * probability that ROI > 0.
 */
import { addLine, compileInitiative, likelyValues, type CompiledModel } from './cash-flows.js';
import type { Initiative } from './model.js';
import { percentileSorted, sample, seededUniform } from './ranges.js';
import { quantilesInPlace } from './select.js';

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
  mean: number;
}

export interface MonteCarloResult {
  iterations: number;
  seed: number;
  /** Keys of the ranged inputs that were sampled (the rest stay at their value). */
  rangedInputs: string[];
  npv: Percentiles;
  /** ROI as a fraction; iterations with no costs are left out. */
  roi: Percentiles;
  /**
   * Undiscounted payback month (1-based). An iteration that never pays back within the horizon
   * counts as later than every month: a percentile that falls among them is null.
   */
  paybackMonth: { p10: number | null; p50: number | null; p90: number | null; neverShare: number };
  /** Share of iterations with ROI > 0. */
  probabilityRoiPositive: number;
  /**
   * Per month (1-based), P10 / P50 / P90 of the undiscounted cumulative net cash flow across the
   * same simulated paths: each month's percentile is taken over the iterations separately, so the
   * band is not one path (P50 of month 12 and P50 of month 13 may come from different draws).
   * Computed on first read (a getter over the kept paths): it roughly doubles the cost of a run,
   * and the portfolio's 20 bands never read it.
   */
  readonly cumulativeNetByMonth: MonthPercentiles[];
}

export interface MonthPercentiles {
  month: number;
  p10: number;
  p50: number;
  p90: number;
}

export const MIN_ITERATIONS = 10_000;
/**
 * Months × iterations kept for the per-month band (8 bytes each: 48 MB at most). Allows the minimum
 * 10,000 iterations at the longest horizon (600 months), or 166,000 iterations over 36 months.
 */
export const MAX_PATH_CELLS = 6_000_000;

/**
 * Runs the Monte Carlo. Same seed and inputs → the same result, bit for bit.
 * Example: an initiative whose only ranged input is a cost { low: 80k, likely: 100k, high: 120k }
 * (symmetric) has npv.p50 within about 0.5 % of the deterministic NPV at 10,000 iterations.
 */
export function monteCarlo(
  initiative: Initiative | CompiledModel,
  options: { iterations?: number; seed?: number } = {},
): MonteCarloResult {
  const model = 'lines' in initiative ? initiative : compileInitiative(initiative);
  const iterations = options.iterations ?? MIN_ITERATIONS;
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(iterations) && iterations >= MIN_ITERATIONS)) {
    throw new RangeError(
      `iterations must be a whole number ≥ ${MIN_ITERATIONS} (got ${iterations}); fewer gives unstable P10/P90`,
    );
  }
  if (iterations * model.horizonMonths > MAX_PATH_CELLS) {
    throw new RangeError(
      `iterations × horizon months must be ≤ ${MAX_PATH_CELLS.toLocaleString('en')} (got ${iterations} × ${model.horizonMonths}); ` +
        `use at most ${Math.floor(MAX_PATH_CELLS / model.horizonMonths)} iterations for this horizon`,
    );
  }
  const u = seededUniform(seed);
  const values = likelyValues(model);
  const ranged = model.inputs.flatMap((inp, i) => (typeof inp.estimate === 'number' ? [] : [i]));
  const H = model.horizonMonths;
  const npvs = new Float64Array(iterations);
  const rois = new Float64Array(iterations);
  const paybacks = new Float64Array(iterations);
  // Month-major (month t's iterations are contiguous) so each month sorts in place as one subarray.
  const paths = new Float64Array(H * iterations);
  const net = new Float64Array(H);
  let roiCount = 0;
  let positive = 0;
  for (let it = 0; it < iterations; it++) {
    for (const i of ranged) values[i] = sample(model.inputs[i]!.estimate, u);
    let pvCosts = 0;
    let pvBenefits = 0;
    net.fill(0);
    for (const line of model.lines) {
      const cost = line.side === 'cost';
      const pv = addLine(model, line, values, net, cost ? -1 : 1);
      if (cost) pvCosts += pv;
      else pvBenefits += pv;
    }
    npvs[it] = pvBenefits - pvCosts;
    if (pvCosts > 0) {
      const r = (pvBenefits - pvCosts) / pvCosts;
      rois[roiCount++] = r;
      if (r > 0) positive++;
    }
    let cum = 0;
    let pb = Infinity;
    for (let t = 0; t < H; t++) {
      cum += net[t] as number;
      paths[t * iterations + it] = cum;
      if (cum >= 0 && pb === Infinity) pb = t + 1;
    }
    paybacks[it] = pb;
  }
  npvs.sort();
  const roiSorted = rois.subarray(0, roiCount).sort();
  paybacks.sort();
  const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
  const never = paybacks.reduce((a, p) => a + (Number.isFinite(p) ? 0 : 1), 0);
  let band: MonthPercentiles[] | null = null;
  return {
    iterations,
    seed,
    rangedInputs: ranged.map((i) => model.inputs[i]!.key),
    npv: stats(npvs),
    roi: stats(roiSorted),
    paybackMonth: {
      p10: finiteOrNull(percentileLow(paybacks, 0.1)),
      p50: finiteOrNull(percentileLow(paybacks, 0.5)),
      p90: finiteOrNull(percentileLow(paybacks, 0.9)),
      neverShare: never / iterations,
    },
    probabilityRoiPositive: roiCount > 0 ? positive / roiCount : 0,
    get cumulativeNetByMonth() {
      return (band ??= monthPercentiles(paths, H, iterations));
    },
  };
}

/** P10/P50/P90 of each month's cumulative net over the iterations (reorders `paths`). */
function monthPercentiles(paths: Float64Array, months: number, iterations: number): MonthPercentiles[] {
  const rows: MonthPercentiles[] = [];
  for (let t = 0; t < months; t++) {
    const month = paths.subarray(t * iterations, (t + 1) * iterations);
    const [p10, p50, p90] = quantilesInPlace(month, [0.1, 0.5, 0.9]) as [number, number, number];
    rows.push({ month: t + 1, p10, p50, p90 });
  }
  return rows;
}

function stats(sorted: Float64Array): Percentiles {
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    p10: percentileSorted(sorted, 0.1),
    p50: percentileSorted(sorted, 0.5),
    p90: percentileSorted(sorted, 0.9),
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** Nearest-rank percentile (payback months are whole numbers; interpolating would invent fractions). */
function percentileLow(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}
