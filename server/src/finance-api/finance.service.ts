import type { Database, DrizzleDb } from '../db/duckdb';
import type { InitiativeRecord } from '../db/tables';
import { CURRENCY_CODE } from '../currency/currency.types';
import { compileInitiative, FinanceInputError } from '../finance/cash-flows';
import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import type * as I from './finance.inputs';
import { initiativeOf, type InitiativeBundle } from './initiative-model';

/** The fields of `o` that were given (null and undefined both mean "keep"). */
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };

/** low/likely/high columns of an EstimateInput. */
function columnsOf(e: I.EstimateInput) {
  return { low: e.low ?? null, likely: e.likely, high: e.high ?? null, distribution: e.distribution ?? null };
}

function paramsOf(params: readonly I.NamedEstimateInput[]) {
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

/**
 * Writes the finance entities. Each mutation runs in one transaction that ends by compiling the whole
 * initiative with the engine: any invalid field rolls the write back and is reported as
 * `<mutation>.input.<field>: <what is accepted>`.
 */
export class FinanceService {
  constructor(private readonly database: Database) {}

  listInitiatives(): Promise<InitiativeRecord[]> {
    return repo.listInitiatives(this.database.db);
  }

  getInitiative(id: string): Promise<InitiativeRecord | null> {
    return repo.findInitiative(this.database.db, id);
  }

  /** Everything stored about an initiative (read connection, or the transaction's). */
  async bundle(id: string, db: DrizzleDb = this.database.db): Promise<InitiativeBundle | null> {
    const initiative = await repo.findInitiative(db, id);
    if (!initiative) return null;
    const [demand, costItems, valueStreams, studies] = [
      await repo.findDemand(db, id),
      await repo.listChildren(db, 'costItem', [id]),
      await repo.listChildren(db, 'valueStream', [id]),
      await repo.listChildren(db, 'timeStudy', [id]),
    ];
    const observations = new Map<string, Awaited<ReturnType<typeof repo.listObservations>>>();
    for (const o of await repo.listObservations(
      db,
      studies.map((s) => s.id),
    )) {
      observations.set(o.studyId, [...(observations.get(o.studyId) ?? []), o]);
    }
    const studyNames = new Map(studies.map((s) => [s.id, s.name]));
    return { initiative, demand, costItems, valueStreams, studyNames, observations };
  }

  /**
   * Every initiative's bundle in six statements (not six per initiative: the portfolio of 20 took
   * 120 round trips), in listInitiatives order. Each bundle holds the same rows as bundle(id).
   */
  async allBundles(db: DrizzleDb = this.database.db): Promise<InitiativeBundle[]> {
    const initiatives = await repo.listInitiatives(db);
    const ids = initiatives.map((i) => i.id);
    const demands = await repo.listDemands(db, ids);
    const costItems = await repo.listChildren(db, 'costItem', ids);
    const valueStreams = await repo.listChildren(db, 'valueStream', ids);
    const studies = await repo.listChildren(db, 'timeStudy', ids);
    const observations = await repo.listObservations(
      db,
      studies.map((s) => s.id),
    );
    const byInitiative = <T extends { initiativeId: string }>(rows: readonly T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.initiativeId, [...(map.get(row.initiativeId) ?? []), row]);
      return map;
    };
    const items = byInitiative(costItems);
    const streams = byInitiative(valueStreams);
    const studiesOf = byInitiative(studies);
    const observationsOf = new Map<string, (typeof observations)[number][]>();
    for (const o of observations)
      observationsOf.set(o.studyId, [...(observationsOf.get(o.studyId) ?? []), o]);
    return initiatives.map((initiative) => {
      const own = studiesOf.get(initiative.id) ?? [];
      return {
        initiative,
        demand: demands.find((d) => d.initiativeId === initiative.id) ?? null,
        costItems: items.get(initiative.id) ?? [],
        valueStreams: streams.get(initiative.id) ?? [],
        studyNames: new Map(own.map((s) => [s.id, s.name])),
        observations: new Map(
          own.flatMap((s) => (observationsOf.has(s.id) ? [[s.id, observationsOf.get(s.id)!]] : [])),
        ),
      };
    });
  }

  children<E extends repo.ChildEntity>(entity: E, initiativeId: string) {
    return repo.listChildren(this.database.db, entity, [initiativeId]);
  }

  child<E extends repo.ChildEntity>(entity: E, id: string) {
    return repo.findChild(this.database.db, entity, id);
  }

  demand(initiativeId: string) {
    return repo.findDemand(this.database.db, initiativeId);
  }

  observations(studyId: string) {
    return repo.listObservations(this.database.db, [studyId]);
  }

  /** Runs `write`, then compiles the initiative; an invalid result rolls back with a field-named error. */
  private async write<T>(
    path: string,
    initiativeId: () => string,
    write: (db: DrizzleDb) => Promise<T>,
    entityKey?: (result: T) => string,
  ): Promise<T> {
    return this.database.withTransaction(async ({ db }) => {
      const result = await write(db);
      const bundle = await this.bundle(initiativeId(), db);
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

  private checkText(path: string, value: string | null | undefined) {
    if (value !== undefined && value !== null && value.trim() === '')
      throw badInput(path, 'must not be empty');
  }

  private checkCurrency(path: string, code: string | null | undefined) {
    if (code && !CURRENCY_CODE.test(code)) throw badInput(path, 'must be an ISO 4217 code like "USD"');
  }

  createInitiative(input: I.CreateInitiativeInput): Promise<InitiativeRecord> {
    const p = 'createInitiative.input';
    this.checkText(`${p}.name`, input.name);
    this.checkText(`${p}.owner`, input.owner);
    this.checkCurrency(`${p}.currency`, input.currency);
    let id = '';
    return this.write(
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
        });
        id = record.id;
        return record;
      },
    );
  }

  async updateInitiative(input: I.UpdateInitiativeInput): Promise<InitiativeRecord> {
    const p = 'updateInitiative.input';
    this.checkText(`${p}.name`, input.name);
    this.checkText(`${p}.owner`, input.owner);
    this.checkCurrency(`${p}.currency`, input.currency);
    const { id, ...changes } = input;
    await this.write(
      p,
      () => id,
      async (db) => {
        if (!(await repo.findInitiative(db, id))) throw notFound(`${p}.id: initiative ${id}`);
        await repo.updateInitiative(db, id, defined(changes));
      },
    );
    return (await this.getInitiative(id))!;
  }

  async deleteInitiative(id: string) {
    await this.database.withTransaction(async ({ db }) => {
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
    return this.write(
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
        }),
    );
  }

  private async initiativeFor(db: DrizzleDb, path: string, initiativeId: string) {
    const found = await repo.findInitiative(db, initiativeId);
    if (!found) throw notFound(`${path}.initiativeId: initiative ${initiativeId}`);
    return found;
  }

  /** Finds a child for an update or delete; returns its initiative id. */
  private async existing(db: DrizzleDb, entity: repo.ChildEntity, path: string, id: string) {
    const found = await repo.findChild(db, entity, id);
    if (!found) throw notFound(`${path}.id: ${entity} ${id}`);
    return found.initiativeId;
  }

  createCostItem(input: I.CreateCostItemInput) {
    const p = 'createCostItem.input';
    this.checkText(`${p}.name`, input.name);
    this.checkCurrency(`${p}.currency`, input.currency);
    const a = columnsOf(input.amount);
    return this.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.initiativeFor(db, p, input.initiativeId);
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

  async updateCostItem(input: I.UpdateCostItemInput) {
    const p = 'updateCostItem.input';
    this.checkText(`${p}.name`, input.name);
    const { id, amount, endMonth, ...rest } = input;
    let initiativeId = '';
    await this.write(
      p,
      () => initiativeId,
      async (db) => {
        initiativeId = await this.existing(db, 'costItem', p, id);
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
    return (await this.child('costItem', id))!;
  }

  createValueStream(input: I.CreateValueStreamInput) {
    const p = 'createValueStream.input';
    this.checkText(`${p}.name`, input.name);
    this.checkCurrency(`${p}.currency`, input.currency);
    const h = input.haircut ? columnsOf(input.haircut) : null;
    return this.write(
      p,
      () => input.initiativeId,
      async (db) => {
        const initiative = await this.initiativeFor(db, p, input.initiativeId);
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
          adoption: input.adoption
            ? {
                ...input.adoption,
                maxFraction: paramsOf([{ name: 'm', value: input.adoption.maxFraction }]).m,
              }
            : null,
          timeStudyId: input.timeStudyId ?? null,
          currency: input.currency ?? initiative.currency,
          startMonth: input.startMonth ?? 0,
          endMonth: input.endMonth ?? null,
        });
      },
      (r) => `valueStreams[${r.id}]`,
    );
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

  async updateValueStream(input: I.UpdateValueStreamInput) {
    const p = 'updateValueStream.input';
    this.checkText(`${p}.name`, input.name);
    const { id, params, haircut, adoption, ...rest } = input;
    let initiativeId = '';
    await this.write(
      p,
      () => initiativeId,
      async (db) => {
        initiativeId = await this.existing(db, 'valueStream', p, id);
        await this.checkStudy(db, p, initiativeId, input.timeStudyId);
        const current = (await repo.findChild(db, 'valueStream', id))!;
        const h = haircut ? columnsOf(haircut) : null;
        await repo.updateChild(db, 'valueStream', id, {
          ...defined(rest),
          ...(params ? { params: { ...current.params, ...paramsOf(params) } } : {}),
          ...(h ? { haircutLow: h.low, haircutLikely: h.likely, haircutHigh: h.high } : {}),
          ...(adoption
            ? {
                adoption: {
                  ...adoption,
                  maxFraction: paramsOf([{ name: 'm', value: adoption.maxFraction }]).m,
                },
              }
            : {}),
        });
      },
      () => `valueStreams[${id}]`,
    );
    return (await this.child('valueStream', id))!;
  }

  private checkOption(p: string, o: Partial<I.CreateDeploymentOptionInput>) {
    for (const f of [
      'pricePerHour',
      'tokensPerSecondAtSlo',
      'latencyAtSloMs',
      'inputCostPerMtok',
      'outputCostPerMtok',
      'oneTimeCost',
      'headroomFraction',
    ] as const) {
      const v = o[f];
      if (v != null && !(v >= 0)) throw badInput(`${p}.${f}`, `must be ≥ 0 (got ${v})`);
    }
    if (o.kind === 'SELF_HOSTED' && !(o.hardwareProfileId && o.model && o.quantization && o.scenario)) {
      throw badInput(
        `${p}.hardwareProfileId`,
        'SELF_HOSTED needs hardwareProfileId, model, quantization and scenario (its runs give the throughput)',
      );
    }
    if (o.kind === 'CLOUD_GPU' && (o.pricePerHour == null || o.tokensPerSecondAtSlo == null)) {
      throw badInput(`${p}.pricePerHour`, 'CLOUD_GPU needs pricePerHour and tokensPerSecondAtSlo');
    }
    if (o.kind === 'API' && (o.inputCostPerMtok == null || o.outputCostPerMtok == null)) {
      throw badInput(
        `${p}.inputCostPerMtok`,
        'API needs inputCostPerMtok and outputCostPerMtok ($ per million tokens)',
      );
    }
  }

  createDeploymentOption(input: I.CreateDeploymentOptionInput) {
    const p = 'createDeploymentOption.input';
    this.checkText(`${p}.name`, input.name);
    this.checkOption(p, input);
    return this.write(
      p,
      () => input.initiativeId,
      async (db) => {
        await this.initiativeFor(db, p, input.initiativeId);
        return repo.insertChild(db, 'deploymentOption', {
          hardwareProfileId: null,
          model: null,
          quantization: null,
          scenario: null,
          pricing: null,
          pricePerHour: null,
          tokensPerSecondAtSlo: null,
          latencyAtSloMs: null,
          inputCostPerMtok: null,
          outputCostPerMtok: null,
          oneTimeCost: null,
          headroomFraction: null,
          ...defined(input),
          name: input.name.trim(),
        } as repo.NewDeploymentOption);
      },
    );
  }

  async updateDeploymentOption(input: I.UpdateDeploymentOptionInput) {
    const p = 'updateDeploymentOption.input';
    this.checkText(`${p}.name`, input.name);
    const { id, ...changes } = input;
    const current = await this.child('deploymentOption', id);
    if (!current) throw notFound(`${p}.id: deploymentOption ${id}`);
    this.checkOption(p, {
      ...(current as object),
      ...defined(changes),
    } as Partial<I.CreateDeploymentOptionInput>);
    await this.write(
      p,
      () => current.initiativeId,
      (db) => repo.updateChild(db, 'deploymentOption', id, defined(changes)),
    );
    return (await this.child('deploymentOption', id))!;
  }

  createTimeStudy(input: I.CreateTimeStudyInput) {
    const p = 'createTimeStudy.input';
    this.checkText(`${p}.name`, input.name);
    this.checkText(`${p}.task`, input.task);
    return this.write(
      p,
      () => input.initiativeId,
      async (db) => {
        await this.initiativeFor(db, p, input.initiativeId);
        return repo.insertChild(db, 'timeStudy', {
          initiativeId: input.initiativeId,
          name: input.name.trim(),
          task: input.task.trim(),
        });
      },
    );
  }

  async updateTimeStudy(input: I.UpdateTimeStudyInput) {
    const p = 'updateTimeStudy.input';
    this.checkText(`${p}.name`, input.name);
    this.checkText(`${p}.task`, input.task);
    const { id, ...changes } = input;
    await this.database.withTransaction(async ({ db }) => {
      await this.existing(db, 'timeStudy', p, id);
      await repo.updateChild(db, 'timeStudy', id, defined(changes));
    });
    return (await this.child('timeStudy', id))!;
  }

  async addTimeObservations(input: I.AddTimeObservationsInput) {
    const p = 'addTimeObservations.input';
    input.observations.forEach((o, n) => {
      if (!(Number.isFinite(o.minutes) && o.minutes > 0)) {
        throw badInput(`${p}.observations.${n}.minutes`, `must be > 0 minutes (got ${o.minutes})`);
      }
    });
    const study = await this.child('timeStudy', input.studyId);
    if (!study) throw notFound(`${p}.studyId: time study ${input.studyId}`);
    return this.write(
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

  async deleteTimeObservation(id: string) {
    await this.database.withTransaction(async ({ db }) => {
      if (!(await repo.findObservation(db, id)))
        throw notFound(`deleteTimeObservation.id: observation ${id}`);
      await repo.deleteObservation(db, id);
    });
    return { id, deleted: true };
  }

  /** Deletes a cost item, value stream, deployment option or time study (with its observations). */
  async deleteChild(entity: repo.ChildEntity, mutation: string, id: string) {
    await this.database.withTransaction(async ({ db }) => {
      await this.existing(db, entity, mutation, id);
      if (entity === 'timeStudy') {
        const users = (
          await repo.listChildren(db, 'valueStream', [(await repo.findChild(db, entity, id))!.initiativeId])
        ).filter((v) => v.timeStudyId === id);
        if (users.length > 0) {
          throw badInput(
            `${mutation}.id`,
            `value stream "${users[0]!.name}" takes its time saved from this study; point it elsewhere first`,
          );
        }
      }
      await repo.deleteChild(db, entity, id);
    });
    return { id, deleted: true };
  }
}
