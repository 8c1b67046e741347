-- 0012_serving_cost: the serving cost of an initiative's selected deployment option flows into its
-- TCO (server/src/finance-api, docs/finance.md "From measurement to money"). New columns are
-- nullable (DuckDB adds no NOT NULL column); null means the documented default.

-- The option an analyst chose (null: the recommendation's rank 1), and production cost lines that
-- do not apply, with the reason ({ "data-engineering": "…" }), for the phase guard.
ALTER TABLE initiatives ADD COLUMN IF NOT EXISTS selected_deployment_option_id VARCHAR;
ALTER TABLE initiatives ADD COLUMN IF NOT EXISTS production_not_applicable JSON;

-- The serving line an option produces: its phase (null: production) and first month (null: 0); a
-- self-hosted option's explicitly chosen operating-point run (null: the best run meeting the SLO);
-- the throughput uncertainty, ± a fraction of the measured tokens/s (null: none).
ALTER TABLE deployment_options ADD COLUMN IF NOT EXISTS phase VARCHAR;
ALTER TABLE deployment_options ADD COLUMN IF NOT EXISTS start_month INTEGER;
ALTER TABLE deployment_options ADD COLUMN IF NOT EXISTS run_id VARCHAR;
ALTER TABLE deployment_options ADD COLUMN IF NOT EXISTS throughput_uncertainty_fraction DOUBLE;

-- Demand uncertainty (a low / high range around tasks_per_month) and the pilot's own demand: tasks
-- per month in months 0 … pilot_end_month, what value labelled pilot is checked against.
ALTER TABLE initiative_demands ADD COLUMN IF NOT EXISTS tasks_per_month_low DOUBLE;
ALTER TABLE initiative_demands ADD COLUMN IF NOT EXISTS tasks_per_month_high DOUBLE;
ALTER TABLE initiative_demands ADD COLUMN IF NOT EXISTS pilot_tasks_per_month DOUBLE;
ALTER TABLE initiative_demands ADD COLUMN IF NOT EXISTS pilot_end_month INTEGER;
