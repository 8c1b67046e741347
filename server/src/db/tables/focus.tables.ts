import { doublePrecision, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

// Table of migrations/0011_focus_charges.sql (server/src/finance-api/focus.service.ts): the FOCUS
// bill rows that were imported, so that importing a bill again adds nothing twice.

export const focusCharges = pgTable('focus_charges', {
  /** SHA-256 of the row's cells by column name, ':', its occurrence among identical rows of the file. */
  rowKey: varchar('row_key').primaryKey(),
  initiativeId: varchar('initiative_id').notNull(),
  /** The FOCUS cost item the row's EffectiveCost was added to. */
  costItemId: varchar('cost_item_id').notNull(),
  /** FOCUS ChargeCategory: Usage, Purchase, Tax, Credit or Adjustment. */
  chargeCategory: varchar('charge_category').notNull(),
  billedCost: doublePrecision('billed_cost').notNull(),
  effectiveCost: doublePrecision('effective_cost').notNull(),
  currency: varchar('currency').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export type FocusChargeRecord = typeof focusCharges.$inferSelect;
