import { json, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

// Table of migrations/0006_audit_log.sql (+ initiative_id, 0009_audit_initiative.sql). Rows are only ever inserted (server/src/audit/).

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const auditLog = pgTable('audit_log', {
  id: varchar('id').primaryKey(),
  at: tz('occurred_at').notNull(),
  actorRole: varchar('actor_role').notNull(),
  actorName: varchar('actor_name').notNull(),
  actorTokenId: varchar('actor_token_id'),
  actorAgentId: varchar('actor_agent_id'),
  clientAddress: varchar('client_address'),
  /** The GraphQL mutation (e.g. `finishRun`) or another write path (e.g. `cli:revoke-token`). */
  operation: varchar('operation').notNull(),
  entityType: varchar('entity_type'),
  entityId: varchar('entity_id'),
  /** `OK`, `DENIED` (refused by authorisation), or the error code the attempt failed with. */
  outcome: varchar('outcome').notNull(),
  errorMessage: varchar('error_message'),
  args: json('args').$type<unknown>().notNull(),
  before: json('before').$type<unknown>(),
  after: json('after').$type<unknown>(),
  /** The initiative the entity belongs to (itself, or a child's parent); migrations/0009. */
  initiativeId: varchar('initiative_id'),
});

export type AuditLogRecord = typeof auditLog.$inferSelect;

/** The tables of this file, for ALL_TABLES (drift test). */
export const AUDIT_TABLES = [auditLog];
