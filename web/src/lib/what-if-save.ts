/**
 * What the what-if panel sends and what Save writes, from the same edits, so the saved scorecard is
 * the one the what-if showed. Pure, unit-tested in web/test/what-if-save.test.ts.
 */
import type {
  EstimateInput,
  UpdateCostItemInput,
  UpdateInitiativeInput,
  UpdateValueStreamInput,
} from '@yardstick/schema/generated/web';

/** A stored estimate as the scorecard query reads it. */
export interface StoredEstimate {
  low: number;
  likely: number;
  high: number;
  ranged: boolean;
  distribution?: EstimateInput['distribution'];
}

/**
 * The estimate to use when the likely value is edited: a ranged estimate keeps its relative spread
 * (low and high scale with likely), so Monte Carlo and the tornado still see the uncertainty; a
 * point stays a point; the distribution (PERT or triangular) is kept. `max` caps the range (1 for a
 * fraction).
 * editedEstimate({ low: 80, likely: 100, high: 150, ranged: true }, 200) -> { low: 160, likely: 200, high: 300 }.
 */
export function editedEstimate(stored: StoredEstimate, likely: number, max = Infinity): EstimateInput {
  if (!stored.ranged || stored.likely === 0) return { likely };
  const ratio = likely / stored.likely;
  const low = Math.min(stored.low * ratio, likely);
  const high = Math.min(Math.max(stored.high * ratio, likely), Math.max(max, likely));
  return stored.distribution
    ? { low, likely, high, distribution: stored.distribution }
    : { low, likely, high };
}

/** The edits of the panel, each absent when it equals the stored value. */
export interface WhatIfEdits {
  discountRatePerYear?: number;
  costItem?: { id: string; amount: EstimateInput };
  adoption?: {
    valueStreamId: string;
    maxFraction: EstimateInput;
    steepnessPerMonth: number;
    midpointMonth: number;
  };
}

/** The update mutations' inputs that persist `edits` (only the fields edited). */
export function saveInputsOf(
  initiativeId: string,
  edits: WhatIfEdits,
): {
  initiative: UpdateInitiativeInput | null;
  costItem: UpdateCostItemInput | null;
  valueStream: UpdateValueStreamInput | null;
} {
  return {
    initiative:
      edits.discountRatePerYear === undefined
        ? null
        : { id: initiativeId, discountRatePerYear: edits.discountRatePerYear },
    costItem: edits.costItem ? { id: edits.costItem.id, amount: edits.costItem.amount } : null,
    valueStream: edits.adoption
      ? {
          id: edits.adoption.valueStreamId,
          adoption: {
            maxFraction: edits.adoption.maxFraction,
            steepnessPerMonth: edits.adoption.steepnessPerMonth,
            midpointMonth: edits.adoption.midpointMonth,
          },
        }
      : null,
  };
}

/** The `whatIf` overrides for the same edits (input keys as in the tornado bars). */
export function overridesOf(edits: WhatIfEdits) {
  const inputs: { key: string; value: EstimateInput }[] = [];
  if (edits.costItem)
    inputs.push({ key: `costItems[${edits.costItem.id}].amount`, value: edits.costItem.amount });
  if (edits.adoption) {
    inputs.push({
      key: `valueStreams[${edits.adoption.valueStreamId}].adoption.maxFraction`,
      value: edits.adoption.maxFraction,
    });
  }
  return {
    ...(edits.discountRatePerYear === undefined ? {} : { discountRatePerYear: edits.discountRatePerYear }),
    ...(inputs.length > 0 ? { inputs } : {}),
  };
}

/** True when nothing differs from the stored initiative. */
export function noEdits(edits: WhatIfEdits): boolean {
  return edits.discountRatePerYear === undefined && !edits.costItem && !edits.adoption;
}
