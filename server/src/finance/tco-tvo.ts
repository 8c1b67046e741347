/**
 * TCO by category and month, TVO by value stream and month (undiscounted monthly amounts plus the
 * present value of each row), all in the initiative's currency.
 */
import { addLine, type CompiledModel } from './cash-flows.js';
import type { Phase } from './model.js';

export interface BreakdownRow {
  /** Cost category (TCO) or value stream id (TVO). */
  key: string;
  /** Value-stream kind for TVO rows; the category again for TCO rows. */
  kind: string;
  /** Phases the row's items belong to. */
  phases: Phase[];
  /** Amount per month, index 0 = month 1, in the initiative's currency (risk-adjusted). */
  byMonth: number[];
  total: number;
  presentValue: number;
}

export interface Breakdown {
  currency: string;
  rows: BreakdownRow[];
  /** Sum of every row, per month. */
  totalByMonth: number[];
  total: number;
  presentValue: number;
}

function breakdown(
  model: CompiledModel,
  values: ArrayLike<number>,
  side: 'cost' | 'benefit',
  keyOf: (l: CompiledModel['lines'][number]) => string,
): Breakdown {
  const rows = new Map<string, BreakdownRow>();
  const totalByMonth = new Array<number>(model.horizonMonths).fill(0);
  for (const line of model.lines) {
    if (line.side !== side) continue;
    const key = keyOf(line);
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        kind: line.group,
        phases: [],
        byMonth: new Array(model.horizonMonths).fill(0),
        total: 0,
        presentValue: 0,
      };
      rows.set(key, row);
    }
    if (!row.phases.includes(line.phase)) row.phases.push(line.phase);
    const amounts = new Float64Array(model.horizonMonths);
    row.presentValue += addLine(model, line, values, amounts);
    for (let t = 0; t < model.horizonMonths; t++) {
      const v = amounts[t] as number;
      row.byMonth[t] = (row.byMonth[t] as number) + v;
      totalByMonth[t] = (totalByMonth[t] as number) + v;
      row.total += v;
    }
  }
  const list = [...rows.values()];
  return {
    currency: model.currency,
    rows: list,
    totalByMonth,
    total: list.reduce((a, r) => a + r.total, 0),
    presentValue: list.reduce((a, r) => a + r.presentValue, 0),
  };
}

/**
 * Total cost of ownership by TCO category and month; the serving line of the selected deployment
 * option is its own row, key `serving` (kind: its category), so it can be traced to its option.
 * Example: one 'infrastructure' item of 1,000/month for 3 months → rows [{ key: 'infrastructure',
 * byMonth: [1000, 1000, 1000], total: 3000 }].
 */
export function tcoByCategory(model: CompiledModel, values: ArrayLike<number>): Breakdown {
  return breakdown(model, values, 'cost', (l) => (l.source === 'serving' ? 'serving' : l.group));
}

/** Total value of ownership by value stream (one row per stream id) and month. */
export function tvoByStream(model: CompiledModel, values: ArrayLike<number>): Breakdown {
  return breakdown(model, values, 'benefit', (l) => l.id);
}
