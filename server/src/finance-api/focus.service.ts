import { inArray } from 'drizzle-orm';
import type { Database, DrizzleDb } from '../db/duckdb';
import { costItems, focusCharges, type CostItemRecord } from '../db/tables';
import { compileInitiative, FinanceInputError } from '../finance/cash-flows';
import {
  parseFocusBill,
  totalsByItem,
  type FocusMappingRule,
  type FocusTarget,
} from '../finance/focus-import';
import type { Phase } from '../finance/model';
import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type { FinanceService } from './finance.service';
import type { FocusImportPayload, ImportFocusCsvInput } from './focus.types';
import { initiativeOf } from './initiative-model';

const PATH = 'importFocusCsv.input';
/** Rows listed in a payload's `skipped` (the counts cover every row). */
const MAX_LISTED = 1000;
/** Keys per IN (…) list and rows per INSERT. */
const CHUNK = 500;

const chunks = <T>(xs: readonly T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Imports FOCUS bills (importFocusCsv): every row that can be read becomes part of a FOCUS cost item
 * of the initiative it maps to (rules, then the `yardstick/initiativeId` tag, then the input's
 * initiative); every other row is reported with its CSV line, column and reason. A row stored by an
 * earlier import (same cells, same occurrence in its file) is not added again. One transaction: the
 * charges, the cost items, then each touched initiative compiled by the engine (an invalid result
 * rolls everything back with the engine's field-named message).
 */
export class FocusImportService {
  constructor(
    private readonly database: Database,
    private readonly finance: FinanceService,
  ) {}

  async importBill(input: ImportFocusCsvInput): Promise<FocusImportPayload> {
    const initiatives = await this.finance.listInitiatives();
    const byId = new Map(initiatives.map((i) => [i.id, i]));
    if (input.initiativeId && !byId.has(input.initiativeId))
      throw notFound(`${PATH}.initiativeId: initiative ${input.initiativeId}`);
    const rules: FocusMappingRule[] = (input.rules ?? []).map((r, n) => {
      const p = `${PATH}.rules.${n}`;
      if ((r.tag == null) === (r.column == null)) throw badInput(p, 'give either tag or column');
      if (!byId.has(r.initiativeId)) throw notFound(`${p}.initiativeId: initiative ${r.initiativeId}`);
      return r.tag != null
        ? { tag: r.tag, equals: r.equals, initiativeId: r.initiativeId }
        : { column: r.column!, equals: r.equals, initiativeId: r.initiativeId };
    });
    const targets = new Map<string, FocusTarget>(
      initiatives.map((i) => [
        i.id,
        {
          id: i.id,
          name: i.name,
          startMonth: i.startDate.toISOString().slice(0, 7),
          horizonMonths: i.horizonMonths,
          phase: (input.defaultPhase ?? i.phase) as Phase,
        },
      ]),
    );
    const parsed = parseFocusBill(input.csv, {
      targets,
      rules,
      defaultInitiativeId: input.initiativeId ?? undefined,
    });
    if (!parsed.ok) {
      const error = badInput(
        `${PATH}.csv`,
        'nothing imported: ' +
          parsed.issues
            .slice(0, 5)
            .map((i) => `line ${i.line}${i.column ? ` column ${i.column}` : ''}: ${i.reason}`)
            .join('; '),
      );
      error.extensions.issues = parsed.issues;
      throw error;
    }

    return this.database.withTransaction(async ({ db }) => {
      await this.forgetDeletedItems(db);
      const earlier = await this.earlierCharges(
        db,
        parsed.charges.map((c) => c.key),
      );
      const fresh = parsed.charges.filter((c) => !earlier.has(c.key));
      const touched = await this.addToItems(db, fresh);
      for (const id of new Set(fresh.map((c) => c.initiativeId)))
        this.compile(await this.finance.bundle(id, db));

      const again = parsed.charges
        .filter((c) => earlier.has(c.key))
        .map((c) => {
          const e = earlier.get(c.key)!;
          return {
            line: c.line,
            column: '',
            reason:
              `already imported on ${e.importedAt.toISOString().slice(0, 10)} into initiative ` +
              `"${byId.get(e.initiativeId)?.name ?? e.initiativeId}"; not added again`,
          };
        });
      const skipped = [...parsed.skipped, ...again].sort((a, b) => a.line - b.line);
      const reconciliation = new Map<
        string,
        { currency: string; billedCost: number; effectiveCost: number; rows: number }
      >();
      for (const c of fresh) {
        const r = reconciliation.get(c.currency) ?? {
          currency: c.currency,
          billedCost: 0,
          effectiveCost: 0,
          rows: 0,
        };
        r.billedCost += c.billedCost;
        r.effectiveCost += c.effectiveCost;
        r.rows++;
        reconciliation.set(c.currency, r);
      }
      return {
        rows: parsed.rows,
        importedRows: fresh.length,
        alreadyImportedRows: again.length,
        skippedRows: parsed.skipped.length,
        skipped: skipped.slice(0, MAX_LISTED),
        costItems: touched,
        reconciliation: [...reconciliation.values()],
      };
    });
  }

  /** Charges whose cost item was deleted no longer count as imported (the analyst removed them). */
  private async forgetDeletedItems(db: DrizzleDb) {
    const linked = await db.selectDistinct({ id: focusCharges.costItemId }).from(focusCharges);
    const ids = linked.map((r) => r.id);
    const alive = new Set<string>();
    for (const part of chunks(ids))
      for (const r of await db
        .select({ id: costItems.id })
        .from(costItems)
        .where(inArray(costItems.id, part)))
        alive.add(r.id);
    const gone = ids.filter((id) => !alive.has(id));
    for (const part of chunks(gone))
      await db.delete(focusCharges).where(inArray(focusCharges.costItemId, part));
  }

  private async earlierCharges(db: DrizzleDb, keys: readonly string[]) {
    const found = new Map<string, { initiativeId: string; importedAt: Date }>();
    for (const part of chunks(keys)) {
      const rows = await db
        .select({
          key: focusCharges.rowKey,
          initiativeId: focusCharges.initiativeId,
          importedAt: focusCharges.importedAt,
        })
        .from(focusCharges)
        .where(inArray(focusCharges.rowKey, part));
      for (const r of rows) found.set(r.key, r);
    }
    return found;
  }

  /**
   * Adds the charges to FOCUS cost items: an existing one of the same initiative, month, category,
   * phase, currency and name grows (EffectiveCost into the amount, BilledCost beside it), else a
   * one-time item is created. Records every charge. Returns the items written.
   */
  private async addToItems(db: DrizzleDb, charges: Parameters<typeof totalsByItem>[0]) {
    const totals = totalsByItem(charges);
    const existing = (
      await repo.listChildren(db, 'costItem', [...new Set(totals.map((t) => t.initiativeId))])
    ).filter((c) => c.source === 'FOCUS' && c.recurrence === 'one-time');
    const keyOf = (x: {
      initiativeId: string;
      startMonth: number;
      category: string;
      phase: string;
      currency: string;
      name: string;
    }) => [x.initiativeId, x.startMonth, x.category, x.phase, x.currency, x.name].join('\u0000');
    const byKey = new Map(existing.map((c) => [keyOf(c), c]));
    const written: CostItemRecord[] = [];
    const now = new Date();
    const records: (typeof focusCharges.$inferInsert)[] = [];
    for (const t of totals) {
      const found = byKey.get(keyOf({ ...t, startMonth: t.month }));
      let item: CostItemRecord;
      if (found) {
        const changes = {
          amountLikely: found.amountLikely + t.effectiveCost,
          billedCost: (found.billedCost ?? 0) + t.billedCost,
        };
        await repo.updateChild(db, 'costItem', found.id, changes);
        item = { ...found, ...changes };
      } else {
        item = await repo.insertChild(db, 'costItem', {
          initiativeId: t.initiativeId,
          name: t.name,
          category: t.category,
          phase: t.phase,
          recurrence: 'one-time',
          amountLow: null,
          amountLikely: t.effectiveCost,
          amountHigh: null,
          distribution: null,
          currency: t.currency,
          startMonth: t.month,
          endMonth: null,
          riskUpliftFraction: 0,
          source: 'FOCUS',
          billedCost: t.billedCost,
        });
      }
      written.push(item);
      for (const c of t.charges)
        records.push({
          rowKey: c.key,
          initiativeId: c.initiativeId,
          costItemId: item.id,
          chargeCategory: c.chargeCategory,
          billedCost: c.billedCost,
          effectiveCost: c.effectiveCost,
          currency: c.currency,
          importedAt: now,
        });
    }
    for (const part of chunks(records)) await db.insert(focusCharges).values(part);
    return written;
  }

  private compile(bundle: Awaited<ReturnType<FinanceService['bundle']>>) {
    if (!bundle) return;
    try {
      compileInitiative(initiativeOf(bundle));
    } catch (error) {
      if (!(error instanceof FinanceInputError)) throw error;
      const issue = error.issues[0]!;
      throw badInput(
        `${PATH}.csv`,
        `initiative "${bundle.initiative.name}": ${issue.field}: ${issue.message}`,
      );
    }
  }
}
