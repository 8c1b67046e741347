-- 0006_audit_log: one row per mutation that passed authorisation (who, when, what, before/after).
-- Written by server/src/audit/audit.middleware.ts for every GraphQL mutation, and by
-- AuditService.record for writes outside GraphQL. Rows are only ever inserted.
-- actor_token_id is NULL for the anonymous local viewer (which cannot mutate) and for the CLI.
CREATE TABLE IF NOT EXISTS audit_log (
  id VARCHAR PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL,
  actor_role VARCHAR NOT NULL,
  actor_name VARCHAR NOT NULL,
  actor_token_id VARCHAR,
  actor_agent_id VARCHAR,
  client_address VARCHAR,
  operation VARCHAR NOT NULL,
  entity_type VARCHAR,
  entity_id VARCHAR,
  outcome VARCHAR NOT NULL,
  error_message VARCHAR,
  args JSON NOT NULL,
  before JSON,
  after JSON
);
