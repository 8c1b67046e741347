import type { Database, DrizzleDb } from '../db/duckdb';
import { CURRENCY_CODE } from '../currency/currency.types';
import { compileInitiative, FinanceInputError } from '../finance/cash-flows';
import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { loadBundle } from './initiative-bundle';
import { initiativeOf } from './initiative-model';

// What every finance write shares: the transaction that ends by compiling the initiative with the
// engine (an invalid field rolls the write back, reported as `<mutation>.input.<field>: …`), and the
// small input checks and conversions the entity services use.

/** The fields of `o` that were given (null and undefined both mean "keep"). */
export const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };

/** low/likely/high columns of an EstimateInput. */
export function columnsOf(e: I.EstimateInput) {
  return { low: e.low ?? null, likely: e.likely, high: e.high ?? null, distribution: e.distribution ?? null };
}

/** Named estimates → the JSON a value stream stores: a number, or { low, likely, high[, distribution] }. */
export function paramsOf(params: readonly I.NamedEstimateInput[]) {
  return Object.fromEntries(
    params.map((p) => {
      const c = columnsOf(p.value);
      return [
        p.name,
        c.low === null && c.high === null
          ? c.likely
          : {
              low: c.low ?? c.likely,
              likely: c.likely,
              high: c.high ?? c.likely,
              ...(c.distribution ? { distribution: c.distribution } : {}),
            },
      ];
    }),
  );
}

/** Refuses a given but blank text field. */
export function checkText(path: string, value: string | null | undefined) {
  if (value !== undefined && value !== null && value.trim() === '') throw badInput(path, 'must not be empty');
}

/** Refuses a given currency that is not an ISO 4217 code. */
export function checkCurrency(path: string, code: string | null | undefined) {
  if (code && !CURRENCY_CODE.test(code)) throw badInput(path, 'must be an ISO 4217 code like "USD"');
}

/** The transactional write every finance mutation goes through. */
export class FinanceWriter {
  constructor(readonly database: Database) {}

  /**
   * Runs `write`, then compiles the initiative; an invalid result rolls back with a field-named error.
   * `entityKey` names the written entity's engine path (`costItems[<id>]`) so its own issue is reported.
   */
  write<T>(
    path: string,
    initiativeId: () => string,
    write: (db: DrizzleDb) => Promise<T>,
    entityKey?: (result: T) => string,
  ): Promise<T> {
    return this.database.withTransaction(async ({ db }) => {
      const result = await write(db);
      const bundle = await loadBundle(db, initiativeId());
      if (!bundle) throw notFound(`${path}.initiativeId: initiative ${initiativeId()}`);
      try {
        compileInitiative(initiativeOf(bundle));
      } catch (error) {
        if (!(error instanceof FinanceInputError)) throw error;
        const own = entityKey?.(result);
        const issue = error.issues.find((i) => own && i.field.startsWith(own)) ?? error.issues[0]!;
        const field =
          own && issue.field.startsWith(own)
            ? issue.field.slice(own.length + 1)
            : issue.field.replace(/^demand\./, '');
        throw badInput(`${path}.${field}`, issue.message);
      }
      return result;
    });
  }

  /** The initiative a new child belongs to, or a not-found error naming the input field. */
  async initiativeFor(db: DrizzleDb, path: string, initiativeId: string) {
    const found = await repo.findInitiative(db, initiativeId);
    if (!found) throw notFound(`${path}.initiativeId: initiative ${initiativeId}`);
    return found;
  }

  /** Finds a child for an update or delete; returns its initiative id. */
  async existing(db: DrizzleDb, entity: repo.ChildEntity, path: string, id: string) {
    const found = await repo.findChild(db, entity, id);
    if (!found) throw notFound(`${path}.id: ${entity} ${id}`);
    return found.initiativeId;
  }
}
