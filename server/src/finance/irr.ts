/**
 * Internal rate of return, honestly: every rate at which NPV = 0, or none with the reason.
 *
 * A spreadsheet's IRR returns one root from a starting guess — with several sign changes in the
 * cash flows it may return any of several roots (or fail) depending on the guess. Here the NPV
 * polynomial is scanned over the whole range of rates (−99.9 % … +10,000 % per period, on a
 * logarithmic grid of 1 + r) and every sign change is refined by bisection, so the answer does not
 * depend on a guess. Descartes' rule of signs bounds the count: at most as many roots as sign changes.
 * Limitation: a root where NPV only touches zero without crossing (a double root) is not reported.
 */
import { npv } from './npv.js';

export type IrrResult =
  /** Exactly one rate makes NPV zero: the IRR, a fraction per period. */
  | { kind: 'unique'; ratePerPeriod: number }
  /** Several rates make NPV zero: all are listed (ascending); IRR is ambiguous, use NPV instead. */
  | { kind: 'multiple'; ratesPerPeriod: number[]; reason: string }
  /** No rate makes NPV zero. */
  | { kind: 'none'; reason: string };

const GRID_POINTS = 4000;
const MIN_GROWTH = 0.001; // 1 + r ≥ 0.001, r ≥ −99.9 %
const MAX_GROWTH = 101; // r ≤ 10,000 % per period

/** Number of sign changes in the sequence, zeros skipped (Descartes' bound on positive roots). */
export function signChanges(cashFlows: ArrayLike<number>): number {
  let last = 0;
  let changes = 0;
  for (let i = 0; i < cashFlows.length; i++) {
    const s = Math.sign(cashFlows[i] as number);
    if (s === 0) continue;
    if (last !== 0 && s !== last) changes++;
    last = s;
  }
  return changes;
}

/**
 * Every internal rate of return of a cash-flow series (first flow undiscounted, as in spreadsheets).
 *
 * Units: flows in one currency per period; rates as fractions per period (monthly flows → monthly
 * rates; annualise with `annualRateFromMonthly`).
 * Examples: `irr([-1000, 500, 500, 500])` → unique 0.2338 (23.38 %);
 * `irr([-100, 230, -132])` → multiple [0.1, 0.2] (NPV is zero at 10 % and at 20 %);
 * `irr([100, 50])` → none ("all cash flows have the same sign").
 */
export function irr(cashFlows: ArrayLike<number>): IrrResult {
  const changes = signChanges(cashFlows);
  if (changes === 0) {
    return {
      kind: 'none',
      reason: 'all cash flows have the same sign (or are zero): no rate makes NPV zero',
    };
  }
  // Scale so that tiny/huge magnitudes do not affect the zero tolerance.
  let scale = 0;
  for (let i = 0; i < cashFlows.length; i++) scale = Math.max(scale, Math.abs(cashFlows[i] as number));
  const f = (r: number) => npv(r, cashFlows) / scale;
  const roots: number[] = [];
  const logMin = Math.log(MIN_GROWTH);
  const step = (Math.log(MAX_GROWTH) - logMin) / GRID_POINTS;
  let rPrev = MIN_GROWTH - 1;
  let fPrev = f(rPrev);
  for (let i = 1; i <= GRID_POINTS; i++) {
    const r = Math.exp(logMin + step * i) - 1;
    const fr = f(r);
    if (!Number.isFinite(fr) || !Number.isFinite(fPrev)) {
      // (1 + r)^t overflowed at the extreme low end for a long series: skip, no root claimed there.
    } else if (fr === 0) {
      roots.push(r);
    } else if (fPrev !== 0 && Math.sign(fr) !== Math.sign(fPrev)) {
      roots.push(bisect(f, rPrev, r, fPrev));
    }
    rPrev = r;
    fPrev = fr;
  }
  if (roots.length === 1) return { kind: 'unique', ratePerPeriod: roots[0] as number };
  if (roots.length === 0) {
    return {
      kind: 'none',
      reason:
        `the cash flows change sign ${changes} time(s) but NPV never crosses zero between ` +
        `${((MIN_GROWTH - 1) * 100).toFixed(1)} % and ${((MAX_GROWTH - 1) * 100).toFixed(0)} % per period`,
    };
  }
  return {
    kind: 'multiple',
    ratesPerPeriod: roots,
    reason:
      `the cash flows change sign ${changes} times and NPV is zero at ${roots.length} rates; ` +
      'no single IRR describes this project — compare on NPV at the cost of capital instead',
  };
}

function bisect(f: (r: number) => number, lo: number, hi: number, fLo: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fLo)) {
      lo = mid;
      fLo = fm;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}
