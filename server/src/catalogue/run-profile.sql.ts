/**
 * SQL that resolves each run's hardware profile, as a CTE named `run_profiles(run_id, profile_id, how)`:
 * an explicit link (run_hardware_profiles, how = 'LINKED') wins; otherwise the profile whose vendor
 * and accelerator model are case-insensitive substrings of the run's first detected accelerator's
 * vendor and model and whose accelerator_count equals the number of detected accelerators
 * (how = 'MATCHED'; the longest model string wins, then the oldest profile). A host without
 * accelerators matches vendor "CPU", count 0, against its CPU model. Runs with neither have a
 * NULL profile_id. Fixed SQL: no user text.
 */
export const RUN_PROFILES_CTE = `
run_inventory AS (
  SELECT h.id AS hardware_id,
         CASE WHEN json_array_length(h.accelerators) > 0
              THEN lower(coalesce(h.accelerators->>'$[0].vendor', '')) ELSE 'cpu' END AS vendor,
         CASE WHEN json_array_length(h.accelerators) > 0
              THEN lower(coalesce(h.accelerators->>'$[0].model', '')) ELSE lower(h.cpu_model) END AS model,
         json_array_length(h.accelerators) AS accelerator_count
  FROM hardware_inventories h
),
run_profiles AS (
  SELECT r.id AS run_id,
         coalesce(l.profile_id, m.id) AS profile_id,
         CASE WHEN l.profile_id IS NOT NULL THEN 'LINKED' WHEN m.id IS NOT NULL THEN 'MATCHED' END AS how
  FROM runs r
  LEFT JOIN run_hardware_profiles l ON l.run_id = r.id
  LEFT JOIN run_inventory i ON i.hardware_id = r.hardware_id
  LEFT JOIN hardware_profiles m
    ON l.profile_id IS NULL
   AND contains(i.vendor, lower(m.vendor))
   AND contains(i.model, lower(m.accelerator_model))
   AND m.accelerator_count = i.accelerator_count
  QUALIFY row_number() OVER (
    PARTITION BY r.id ORDER BY length(m.accelerator_model) DESC NULLS LAST, m.created_at, m.id) = 1
)`;
