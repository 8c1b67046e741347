-- 0009_audit_initiative: audit records name the initiative their entity is or belongs to, so
-- auditLog(filter: { initiativeId }) answers "who last changed anything in initiative X" in one
-- query (server/src/audit/entity-state.ts derives it for new records with the same joins).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS initiative_id VARCHAR;

-- Backfill what the stored rows still tell: the initiative itself and its demand (entity id),
-- children that still exist, then ids named in the record (deleted children's before, creates' input).
UPDATE audit_log SET initiative_id = entity_id
WHERE initiative_id IS NULL AND entity_type IN ('initiative', 'initiative_demand') AND entity_id IS NOT NULL;

UPDATE audit_log SET initiative_id = c.initiative_id
FROM (
  SELECT 'cost_item' AS entity_type, id, initiative_id FROM cost_items
  UNION ALL SELECT 'value_stream', id, initiative_id FROM value_streams
  UNION ALL SELECT 'deployment_option', id, initiative_id FROM deployment_options
  UNION ALL SELECT 'time_study', id, initiative_id FROM time_studies
  UNION ALL SELECT 'time_observation', o.id, s.initiative_id
    FROM time_observations o JOIN time_studies s ON s.id = o.study_id
) AS c
WHERE audit_log.initiative_id IS NULL AND audit_log.entity_type = c.entity_type AND audit_log.entity_id = c.id;

UPDATE audit_log SET initiative_id = coalesce(
  json_extract_string(before, '$.initiativeId'),
  json_extract_string(after, '$.initiativeId'),
  json_extract_string(args, '$.input.initiativeId'))
WHERE initiative_id IS NULL
  AND entity_type IN ('cost_item', 'value_stream', 'deployment_option', 'time_study', 'time_observation');
