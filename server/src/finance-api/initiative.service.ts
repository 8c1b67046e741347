import type { InitiativeRecord } from '../db/tables';
import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { checkCurrency, checkText, defined, type FinanceWriter } from './finance-write';

/** Writes initiatives and their demand (each write checked by the engine, FinanceWriter). */
export class InitiativeService {
  constructor(private readonly writer: FinanceWriter) {}

  create(input: I.CreateInitiativeInput): Promise<InitiativeRecord> {
    const p = 'createInitiative.input';
    checkText(`${p}.name`, input.name);
    checkText(`${p}.owner`, input.owner);
    checkCurrency(`${p}.currency`, input.currency);
    let id = '';
    return this.writer.write(
      p,
      () => id,
      async (db) => {
        const record = await repo.insertInitiative(db, {
          name: input.name.trim(),
          description: input.description ?? null,
          owner: input.owner.trim(),
          phase: input.phase,
          horizonMonths: input.horizonMonths ?? 36,
          discountRatePerYear: input.discountRatePerYear ?? 0.1,
          currency: input.currency ?? 'USD',
          startDate: input.startDate,
          selectedDeploymentOptionId: null,
          productionNotApplicable: null,
        });
        id = record.id;
        return record;
      },
    );
  }

  async update(input: I.UpdateInitiativeInput): Promise<InitiativeRecord> {
    const p = 'updateInitiative.input';
    checkText(`${p}.name`, input.name);
    checkText(`${p}.owner`, input.owner);
    checkCurrency(`${p}.currency`, input.currency);
    const { id, ...changes } = input;
    await this.writer.write(
      p,
      () => id,
      async (db) => {
        if (!(await repo.findInitiative(db, id))) throw notFound(`${p}.id: initiative ${id}`);
        await repo.updateInitiative(db, id, defined(changes));
      },
    );
    return (await repo.findInitiative(this.writer.database.db, id))!;
  }

  async delete(id: string) {
    await this.writer.database.withTransaction(async ({ db }) => {
      if (!(await repo.findInitiative(db, id))) throw notFound(`deleteInitiative.id: initiative ${id}`);
      await repo.deleteInitiative(db, id);
    });
    return { id, deleted: true };
  }

  setDemand(input: I.SetDemandInput) {
    const p = 'setDemand.input';
    for (const f of ['inputTokensPerTask', 'outputTokensPerTask'] as const) {
      if (!(input[f] >= 0)) throw badInput(`${p}.${f}`, `must be ≥ 0 tokens (got ${input[f]})`);
    }
    if (input.peakToAverage != null && !(input.peakToAverage >= 1)) {
      throw badInput(`${p}.peakToAverage`, `must be ≥ 1 (peak ÷ average; got ${input.peakToAverage})`);
    }
    for (const f of ['sloTtftMs', 'sloTpotMs', 'sloE2eMs'] as const) {
      const v = input[f];
      if (v != null && !(v > 0)) throw badInput(`${p}.${f}`, `must be > 0 ms (got ${v})`);
    }
    if (input.tasksPerMonthLow != null && !(input.tasksPerMonthLow <= input.tasksPerMonth)) {
      throw badInput(`${p}.tasksPerMonthLow`, `must be ≤ tasksPerMonth (${input.tasksPerMonth})`);
    }
    if (input.tasksPerMonthHigh != null && !(input.tasksPerMonthHigh >= input.tasksPerMonth)) {
      throw badInput(`${p}.tasksPerMonthHigh`, `must be ≥ tasksPerMonth (${input.tasksPerMonth})`);
    }
    if ((input.pilotTasksPerMonth == null) !== (input.pilotEndMonth == null)) {
      throw badInput(
        `${p}.${input.pilotTasksPerMonth == null ? 'pilotTasksPerMonth' : 'pilotEndMonth'}`,
        "the pilot's demand needs both pilotTasksPerMonth and pilotEndMonth",
      );
    }
    return this.writer.write(
      p,
      () => input.initiativeId,
      async (db) =>
        repo.upsertDemand(db, {
          initiativeId: input.initiativeId,
          tasksPerMonth: input.tasksPerMonth,
          inputTokensPerTask: input.inputTokensPerTask,
          outputTokensPerTask: input.outputTokensPerTask,
          peakToAverage: input.peakToAverage ?? 1,
          growthPerMonth: input.growthPerMonth ?? 0,
          sloPercentile: input.sloPercentile ?? 'P99',
          sloTtftMs: input.sloTtftMs ?? null,
          sloTpotMs: input.sloTpotMs ?? null,
          sloE2eMs: input.sloE2eMs ?? null,
          tasksPerMonthLow: input.tasksPerMonthLow ?? null,
          tasksPerMonthHigh: input.tasksPerMonthHigh ?? null,
          pilotTasksPerMonth: input.pilotTasksPerMonth ?? null,
          pilotEndMonth: input.pilotEndMonth ?? null,
        }),
    );
  }

  /** Chooses the deployment option whose serving cost the TCO carries (null: the recommendation's rank 1). */
  async selectDeploymentOption(input: I.SelectDeploymentOptionInput): Promise<InitiativeRecord> {
    const p = 'selectDeploymentOption.input';
    await this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        await this.writer.initiativeFor(db, p, input.initiativeId);
        if (input.optionId) {
          const option = await repo.findChild(db, 'deploymentOption', input.optionId);
          if (!option || option.initiativeId !== input.initiativeId) {
            throw badInput(
              `${p}.optionId`,
              `no deployment option ${input.optionId} in this initiative; add it with createDeploymentOption`,
            );
          }
        }
        await repo.updateInitiative(db, input.initiativeId, {
          selectedDeploymentOptionId: input.optionId ?? null,
        });
      },
    );
    return (await repo.findInitiative(this.writer.database.db, input.initiativeId))!;
  }

  /** Records (or, with a blank reason, removes) why a production cost line does not apply. */
  async setNotApplicable(input: I.SetNotApplicableInput): Promise<InitiativeRecord> {
    const p = 'setProductionNotApplicable.input';
    const reason = input.reason?.trim() ?? '';
    if (reason.length > 500) throw badInput(`${p}.reason`, 'must be at most 500 characters');
    await this.writer.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.writer.initiativeFor(db, p, input.initiativeId);
        const next = { ...(initiative.productionNotApplicable ?? {}) };
        if (reason) next[input.line] = reason;
        else delete next[input.line];
        await repo.updateInitiative(db, input.initiativeId, {
          productionNotApplicable: Object.keys(next).length > 0 ? next : null,
        });
      },
    );
    return (await repo.findInitiative(this.writer.database.db, input.initiativeId))!;
  }
}
