import type { DrizzleDb } from '../db/duckdb';
import * as repo from './finance.repository';
import type { InitiativeBundle } from './initiative-model';

// Reads everything stored about initiatives (the engine's input), on the connection given: the read
// connection, or a write transaction's so a write can be checked before it commits.

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K) => {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

/** Everything stored about one initiative, or null when there is no such initiative. */
export async function loadBundle(db: DrizzleDb, id: string): Promise<InitiativeBundle | null> {
  const initiative = await repo.findInitiative(db, id);
  if (!initiative) return null;
  const demand = await repo.findDemand(db, id);
  const costItems = await repo.listChildren(db, 'costItem', [id]);
  const valueStreams = await repo.listChildren(db, 'valueStream', [id]);
  const deploymentOptions = await repo.listChildren(db, 'deploymentOption', [id]);
  const studies = await repo.listChildren(db, 'timeStudy', [id]);
  const observations = groupBy(
    await repo.listObservations(
      db,
      studies.map((s) => s.id),
    ),
    (o) => o.studyId,
  );
  const studyNames = new Map(studies.map((s) => [s.id, s.name]));
  return { initiative, demand, costItems, valueStreams, deploymentOptions, studyNames, observations };
}

/**
 * Every initiative's bundle in seven statements (not seven per initiative: the portfolio of 20 took
 * 120 round trips), in listInitiatives order. Each bundle holds the same rows as loadBundle(id).
 */
export async function loadAllBundles(db: DrizzleDb): Promise<InitiativeBundle[]> {
  const initiatives = await repo.listInitiatives(db);
  const ids = initiatives.map((i) => i.id);
  const demands = await repo.listDemands(db, ids);
  const items = groupBy(await repo.listChildren(db, 'costItem', ids), (r) => r.initiativeId);
  const streams = groupBy(await repo.listChildren(db, 'valueStream', ids), (r) => r.initiativeId);
  const options = groupBy(await repo.listChildren(db, 'deploymentOption', ids), (r) => r.initiativeId);
  const studies = await repo.listChildren(db, 'timeStudy', ids);
  const studiesOf = groupBy(studies, (s) => s.initiativeId);
  const observationsOf = groupBy(
    await repo.listObservations(
      db,
      studies.map((s) => s.id),
    ),
    (o) => o.studyId,
  );
  return initiatives.map((initiative) => {
    const own = studiesOf.get(initiative.id) ?? [];
    return {
      initiative,
      demand: demands.find((d) => d.initiativeId === initiative.id) ?? null,
      costItems: items.get(initiative.id) ?? [],
      valueStreams: streams.get(initiative.id) ?? [],
      deploymentOptions: options.get(initiative.id) ?? [],
      studyNames: new Map(own.map((s) => [s.id, s.name])),
      observations: new Map(
        own.flatMap((s) => (observationsOf.has(s.id) ? [[s.id, observationsOf.get(s.id)!]] : [])),
      ),
    };
  });
}
