import type { DrizzleDb } from '../db/duckdb';
import { badInput } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { checkCurrency, checkText, columnsOf, defined, paramsOf, type FinanceWriter } from './finance-write';

/** The stored adoption curve of an AdoptionCurveInput (its ceiling as a number or a range). */
const adoptionOf = (a: I.AdoptionCurveInput) => ({
  ...a,
  maxFraction: paramsOf([{ name: 'm', value: a.maxFraction }]).m,
});

/** Writes value streams (a productivity stream may take its time saved from a time study). */
export class ValueStreamService {
  constructor(private readonly writer: FinanceWriter) {}

  create(input: I.CreateValueStreamInput) {
    const p = 'createValueStream.input';
    checkText(`${p}.name`, input.name);
    checkCurrency(`${p}.currency`, input.currency);
    const h = input.haircut ? columnsOf(input.haircut) : null;
    return this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.writer.initiativeFor(db, p, input.initiativeId);
        await this.checkStudy(db, p, input.initiativeId, input.timeStudyId);
        return repo.insertChild(db, 'valueStream', {
          initiativeId: input.initiativeId,
          name: input.name.trim(),
          kind: input.kind,
          phase: input.phase,
          params: paramsOf(input.params),
          haircutLow: h?.low ?? null,
          haircutLikely: h?.likely ?? 0,
          haircutHigh: h?.high ?? null,
          adoption: input.adoption ? adoptionOf(input.adoption) : null,
          timeStudyId: input.timeStudyId ?? null,
          currency: input.currency ?? initiative.currency,
          startMonth: input.startMonth ?? 0,
          endMonth: input.endMonth ?? null,
        });
      },
      (r) => `valueStreams[${r.id}]`,
    );
  }

  async update(input: I.UpdateValueStreamInput) {
    const p = 'updateValueStream.input';
    checkText(`${p}.name`, input.name);
    checkCurrency(`${p}.currency`, input.currency);
    const { id, params, haircut, adoption, ...rest } = input;
    let initiativeId = '';
    await this.writer.write(
      p,
      () => initiativeId,
      async (db) => {
        initiativeId = await this.writer.existing(db, 'valueStream', p, id);
        await this.checkStudy(db, p, initiativeId, input.timeStudyId);
        const current = (await repo.findChild(db, 'valueStream', id))!;
        const h = haircut ? columnsOf(haircut) : null;
        await repo.updateChild(db, 'valueStream', id, {
          ...defined(rest),
          ...(params ? { params: { ...current.params, ...paramsOf(params) } } : {}),
          ...(h ? { haircutLow: h.low, haircutLikely: h.likely, haircutHigh: h.high } : {}),
          ...(adoption ? { adoption: adoptionOf(adoption) } : {}),
        });
      },
      () => `valueStreams[${id}]`,
    );
    return (await repo.findChild(this.writer.database.db, 'valueStream', id))!;
  }

  private async checkStudy(
    db: DrizzleDb,
    p: string,
    initiativeId: string,
    studyId: string | null | undefined,
  ) {
    if (!studyId) return;
    const study = await repo.findChild(db, 'timeStudy', studyId);
    if (!study || study.initiativeId !== initiativeId) {
      throw badInput(`${p}.timeStudyId`, `no time study ${studyId} in this initiative; create it first`);
    }
  }
}
