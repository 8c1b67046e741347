import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DrizzleDb } from '../db/duckdb';
import {
  agents,
  apiTokens,
  costItems,
  currencyRates,
  deploymentOptions,
  hardwarePrices,
  hardwareProfiles,
  initiatives,
  runs,
  timeObservations,
  timeStudies,
  valueStreams,
} from '../db/tables';

// What the audit layer knows about the stored entities it records: where an entity's row is (so
// `after` can be the row as the mutation's transaction leaves it) and which initiative an entity
// belongs to (so `auditLog(filter: { initiativeId })` finds every change inside an initiative).

/** Entity types whose row is read by id for `after` when the transaction body returned no object. */
const ROW_TABLES: Record<string, { table: PgTable; id: PgColumn }> = {
  run: { table: runs, id: runs.id },
  agent: { table: agents, id: agents.id },
  api_token: { table: apiTokens, id: apiTokens.id },
  hardware_profile: { table: hardwareProfiles, id: hardwareProfiles.id },
  hardware_price: { table: hardwarePrices, id: hardwarePrices.id },
  currency_rate: { table: currencyRates, id: currencyRates.id },
  initiative: { table: initiatives, id: initiatives.id },
  cost_item: { table: costItems, id: costItems.id },
  value_stream: { table: valueStreams, id: valueStreams.id },
  deployment_option: { table: deploymentOptions, id: deploymentOptions.id },
  time_study: { table: timeStudies, id: timeStudies.id },
  time_observation: { table: timeObservations, id: timeObservations.id },
};

/**
 * SQL giving the initiative of an entity of each type from its id ($1). Children hold
 * `initiative_id`; a time observation belongs to its study's initiative; a demand's entity id
 * is its initiative's id. Shared with migrations/0009_audit_initiative.sql (same joins).
 */
export const INITIATIVE_OF_ENTITY: Record<string, string> = {
  initiative: 'SELECT id FROM initiatives WHERE id = $1',
  initiative_demand: 'SELECT $1',
  cost_item: 'SELECT initiative_id FROM cost_items WHERE id = $1',
  value_stream: 'SELECT initiative_id FROM value_streams WHERE id = $1',
  deployment_option: 'SELECT initiative_id FROM deployment_options WHERE id = $1',
  time_study: 'SELECT initiative_id FROM time_studies WHERE id = $1',
  time_observation:
    'SELECT s.initiative_id FROM time_observations o JOIN time_studies s ON s.id = o.study_id WHERE o.id = $1',
};

/** True when entities of this type live inside an initiative (or are one). */
export function belongsToInitiatives(entityType: string | null | undefined): boolean {
  return !!entityType && entityType in INITIATIVE_OF_ENTITY;
}

/** The initiative an entity belongs to, read on `connection` (a transaction's sees its own writes). */
export async function initiativeOfEntity(
  connection: DuckDBConnection,
  entityType: string | null | undefined,
  entityId: string | null | undefined,
): Promise<string | null> {
  const query = entityType ? INITIATIVE_OF_ENTITY[entityType] : undefined;
  if (!query || !entityId) return null;
  const reader = await connection.runAndReadAll(query, [entityId]);
  const value = reader.getRowsJS()[0]?.[0];
  return typeof value === 'string' ? value : null;
}

/**
 * The initiative named by a mutation's arguments or its before/after snapshots
 * (`input.initiativeId`, or an `initiativeId` field of the entity), for entities that no longer
 * exist or do not exist yet when looked up.
 */
export function initiativeNamedIn(...sources: unknown[]): string | null {
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    const record = source as Record<string, unknown>;
    const input = record.input as Record<string, unknown> | null | undefined;
    for (const candidate of [record.initiativeId, input?.initiativeId]) {
      if (typeof candidate === 'string' && candidate.length > 0) return candidate;
    }
  }
  return null;
}

/** The stored row of an entity as `db` sees it (null when there is none or the type is unknown). */
export async function entityRow(
  db: DrizzleDb,
  entityType: string | null | undefined,
  entityId: string | null | undefined,
): Promise<unknown> {
  const where = entityType ? ROW_TABLES[entityType] : undefined;
  if (!where || !entityId) return null;
  const rows = await db.select().from(where.table).where(eq(where.id, entityId)).limit(1);
  return rows[0] ?? null;
}
