/**
 * The hourly-cost and $/Mtok formulas live in `@yardstick/schema/cost`, shared with the agent so a run is
 * priced the same way on both sides. Re-exported here so the finance engine keeps one import site.
 */
export * from '@yardstick/schema/cost';
