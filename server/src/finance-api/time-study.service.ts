import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { checkText, defined, type FinanceWriter } from './finance-write';

/** Writes time studies and their before/after observations. */
export class TimeStudyService {
  constructor(private readonly writer: FinanceWriter) {}

  create(input: I.CreateTimeStudyInput) {
    const p = 'createTimeStudy.input';
    checkText(`${p}.name`, input.name);
    checkText(`${p}.task`, input.task);
    return this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        await this.writer.initiativeFor(db, p, input.initiativeId);
        return repo.insertChild(db, 'timeStudy', {
          initiativeId: input.initiativeId,
          name: input.name.trim(),
          task: input.task.trim(),
        });
      },
    );
  }

  async update(input: I.UpdateTimeStudyInput) {
    const p = 'updateTimeStudy.input';
    checkText(`${p}.name`, input.name);
    checkText(`${p}.task`, input.task);
    const { id, ...changes } = input;
    await this.writer.database.withTransaction(async ({ db }) => {
      await this.writer.existing(db, 'timeStudy', p, id);
      await repo.updateChild(db, 'timeStudy', id, defined(changes));
    });
    return (await repo.findChild(this.writer.database.db, 'timeStudy', id))!;
  }

  async addObservations(input: I.AddTimeObservationsInput) {
    const p = 'addTimeObservations.input';
    input.observations.forEach((o, n) => {
      if (!(Number.isFinite(o.minutes) && o.minutes > 0)) {
        throw badInput(`${p}.observations.${n}.minutes`, `must be > 0 minutes (got ${o.minutes})`);
      }
    });
    const study = await repo.findChild(this.writer.database.db, 'timeStudy', input.studyId);
    if (!study) throw notFound(`${p}.studyId: time study ${input.studyId}`);
    return this.writer.write(
      p,
      () => study.initiativeId,
      (db) =>
        repo.insertObservations(
          db,
          input.observations.map((o) => ({
            studyId: input.studyId,
            arm: o.arm,
            minutes: o.minutes,
            observer: o.observer ?? null,
            observedAt: o.observedAt ?? null,
          })),
        ),
    );
  }

  async deleteObservation(id: string) {
    await this.writer.database.withTransaction(async ({ db }) => {
      if (!(await repo.findObservation(db, id)))
        throw notFound(`deleteTimeObservation.id: observation ${id}`);
      await repo.deleteObservation(db, id);
    });
    return { id, deleted: true };
  }
}
