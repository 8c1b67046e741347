/**
 * Tornado ranking: each ranged input moved to its low and its high value, every other input at its
 * likely value; inputs ranked by the resulting swing in NPV (largest first).
 */
import { compileInitiative, likelyValues, presentValues, type CompiledModel } from './cash-flows.js';
import type { Initiative } from './model.js';

export interface TornadoBar {
  /** Input key, e.g. `valueStreams[assist].timeSavedHoursPerTask`. */
  input: string;
  low: number;
  high: number;
  /** NPV with the input at its low and at its high value. */
  npvAtLow: number;
  npvAtHigh: number;
  /** |npvAtHigh − npvAtLow|, currency units. */
  swing: number;
}

export interface TornadoResult {
  baseNpv: number;
  bars: TornadoBar[];
}

/**
 * Ranks ranged inputs by NPV swing.
 * Example: cost { 80k / 100k / 120k } one-time and savings of 5k/month × 36 with a ranged time saved
 * of ±50 % → the time-saved bar comes first (swing ≈ 157k) and the cost bar second (swing 40k).
 */
export function tornado(initiative: Initiative | CompiledModel): TornadoResult {
  const model = 'lines' in initiative ? initiative : compileInitiative(initiative);
  const base = likelyValues(model);
  const npvAt = (v: Float64Array) => {
    const pv = presentValues(model, v);
    return pv.pvBenefits - pv.pvCosts;
  };
  const bars: TornadoBar[] = [];
  model.inputs.forEach((inp, i) => {
    if (typeof inp.estimate === 'number') return;
    const v = Float64Array.from(base);
    v[i] = inp.estimate.low;
    const npvAtLow = npvAt(v);
    v[i] = inp.estimate.high;
    const npvAtHigh = npvAt(v);
    bars.push({
      input: inp.key,
      low: inp.estimate.low,
      high: inp.estimate.high,
      npvAtLow,
      npvAtHigh,
      swing: Math.abs(npvAtHigh - npvAtLow),
    });
  });
  bars.sort((a, b) => b.swing - a.swing);
  return { baseNpv: npvAt(base), bars };
}
