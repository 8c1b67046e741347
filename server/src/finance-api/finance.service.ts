import type { Database, DrizzleDb } from '../db/duckdb';
import type { InitiativeRecord } from '../db/tables';
import { badInput, notFound } from '../graphql/errors';
import * as repo from './finance.repository';
import { CostItemService } from './cost-item.service';
import { DeploymentOptionService } from './deployment-option.service';
import { FinanceWriter } from './finance-write';
import { loadAllBundles, loadBundle } from './initiative-bundle';
import type { InitiativeBundle } from './initiative-model';
import { InitiativeService } from './initiative.service';
import { TimeStudyService } from './time-study.service';
import { ValueStreamService } from './value-stream.service';

/**
 * The finance entities: reads here, writes in one service per entity. Each write runs in one
 * transaction that ends by compiling the whole initiative with the engine (FinanceWriter): any
 * invalid field rolls the write back and is reported as `<mutation>.input.<field>: <what is accepted>`.
 */
export class FinanceService {
  readonly initiatives: InitiativeService;
  readonly costItems: CostItemService;
  readonly valueStreams: ValueStreamService;
  readonly deploymentOptions: DeploymentOptionService;
  readonly timeStudies: TimeStudyService;

  constructor(private readonly database: Database) {
    const writer = new FinanceWriter(database);
    this.initiatives = new InitiativeService(writer);
    this.costItems = new CostItemService(writer);
    this.valueStreams = new ValueStreamService(writer);
    this.deploymentOptions = new DeploymentOptionService(writer);
    this.timeStudies = new TimeStudyService(writer);
  }

  listInitiatives(): Promise<InitiativeRecord[]> {
    return repo.listInitiatives(this.database.db);
  }

  getInitiative(id: string): Promise<InitiativeRecord | null> {
    return repo.findInitiative(this.database.db, id);
  }

  /** Everything stored about an initiative (read connection, or the transaction's). */
  bundle(id: string, db: DrizzleDb = this.database.db): Promise<InitiativeBundle | null> {
    return loadBundle(db, id);
  }

  /** Every initiative's bundle in six statements, in listInitiatives order. */
  allBundles(db: DrizzleDb = this.database.db): Promise<InitiativeBundle[]> {
    return loadAllBundles(db);
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

  /** Deletes a cost item, value stream, deployment option or time study (with its observations). */
  async deleteChild(entity: repo.ChildEntity, mutation: string, id: string) {
    await this.database.withTransaction(async ({ db }) => {
      const found = await repo.findChild(db, entity, id);
      if (!found) throw notFound(`${mutation}.id: ${entity} ${id}`);
      if (entity === 'timeStudy') {
        const users = (await repo.listChildren(db, 'valueStream', [found.initiativeId])).filter(
          (v) => v.timeStudyId === id,
        );
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
