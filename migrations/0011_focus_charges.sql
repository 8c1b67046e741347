-- 0011_focus_charges: one row per FOCUS bill row that importFocusCsv stored
-- (server/src/finance-api/focus.service.ts). row_key is the SHA-256 of the row's cells by column name
-- plus its occurrence among identical rows of its file, so importing the same bill again finds every
-- key and adds nothing twice. cost_item_id is the FOCUS cost item (cost_items.source = 'FOCUS') the
-- row's EffectiveCost was added to; BilledCost is kept per row and summed on the item. A row whose
-- cost item was deleted no longer counts as imported. No foreign keys (see 0001_init.sql).

CREATE TABLE IF NOT EXISTS focus_charges (
  row_key VARCHAR PRIMARY KEY,
  initiative_id VARCHAR NOT NULL,
  cost_item_id VARCHAR NOT NULL,
  charge_category VARCHAR NOT NULL,
  billed_cost DOUBLE NOT NULL,
  effective_cost DOUBLE NOT NULL,
  currency VARCHAR NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL
);
