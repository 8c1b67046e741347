/**
 * The finance engine: pure functions, no I/O. Conventions and sources: docs/finance.md.
 * GraphQL resolvers and services import from here.
 */
export * from './model.js';
export * from './ranges.js';
export * from './discounting.js';
export * from './npv.js';
export * from './irr.js';
export * from './time-study.js';
export * from './student-t.js';
export * from './validate.js';
export * from './cash-flows.js';
export * from './tco-tvo.js';
export * from './phase-guard.js';
export * from './scorecard.js';
export * from './monte-carlo.js';
export * from './tornado.js';
export * from './inference-cost.js';
export * from './recommendation.js';
export * from './portfolio.js';
export * from './csv.js';
export * from './focus-columns.js';
export * from './focus-csv.js';
export * from './focus-import.js';
export * from './report-csv.js';
export * from './hourly-cost.js';
export * from './serving.js';
export * from './serving-line.js';
