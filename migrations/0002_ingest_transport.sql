-- 0002_ingest_transport: record which path each sample batch came in through.
-- 'graphql' = the appendSamples mutation, 'bulk' = POST /ingest/samples (see
-- docs/adr/0003-bulk-sample-ingest.md). Batches stored before this migration all came through
-- GraphQL, so the UPDATE fills them in (a transform: no row is dropped or rewritten otherwise).
-- Only ADD or TRANSFORM here, never DROP: a database written by an older version must upgrade
-- without losing rows (server/test/migrations-upgrade.test.ts opens a 0001-only fixture).

ALTER TABLE sample_batches ADD COLUMN IF NOT EXISTS transport VARCHAR DEFAULT 'graphql';
UPDATE sample_batches SET transport = 'graphql' WHERE transport IS NULL;
ALTER TABLE sample_batches ALTER COLUMN transport SET NOT NULL;
