import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { checkCurrency, checkText, columnsOf, defined, type FinanceWriter } from './finance-write';

/** Writes cost items typed in (FOCUS bills are imported by focus.service.ts). */
export class CostItemService {
  constructor(private readonly writer: FinanceWriter) {}

  create(input: I.CreateCostItemInput) {
    const p = 'createCostItem.input';
    checkText(`${p}.name`, input.name);
    checkCurrency(`${p}.currency`, input.currency);
    const a = columnsOf(input.amount);
    return this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.writer.initiativeFor(db, p, input.initiativeId);
        return repo.insertChild(db, 'costItem', {
          initiativeId: input.initiativeId,
          name: input.name.trim(),
          category: input.category,
          phase: input.phase,
          recurrence: input.recurrence,
          amountLow: a.low,
          amountLikely: a.likely,
          amountHigh: a.high,
          distribution: a.distribution,
          currency: input.currency ?? initiative.currency,
          startMonth: input.startMonth ?? 0,
          endMonth: input.endMonth ?? null,
          riskUpliftFraction: input.riskUpliftFraction ?? 0,
          source: 'MANUAL',
          billedCost: null,
        });
      },
      (r) => `costItems[${r.id}]`,
    );
  }

  async update(input: I.UpdateCostItemInput) {
    const p = 'updateCostItem.input';
    checkText(`${p}.name`, input.name);
    checkCurrency(`${p}.currency`, input.currency);
    const { id, amount, endMonth, ...rest } = input;
    let initiativeId = '';
    await this.writer.write(
      p,
      () => initiativeId,
      async (db) => {
        initiativeId = await this.writer.existing(db, 'costItem', p, id);
        const a = amount ? columnsOf(amount) : null;
        await repo.updateChild(db, 'costItem', id, {
          ...defined({ ...rest, endMonth: undefined }),
          ...(a
            ? { amountLow: a.low, amountLikely: a.likely, amountHigh: a.high, distribution: a.distribution }
            : {}),
          ...(endMonth === undefined || endMonth === null
            ? {}
            : { endMonth: endMonth === -1 ? null : endMonth }),
        });
      },
      () => `costItems[${id}]`,
    );
    return (await repo.findChild(this.writer.database.db, 'costItem', id))!;
  }
}
