// Public surface of @yardstick/bench-agent for other packages' tests and scripts.
export { buildProgram } from './program';
export { detectHardware } from './detect/hardware.detector';
export { runScenario, type RunOptions, type RunOutcome } from './run/run.service';
export { loadScenarioFile } from './scenario/scenario.loader';
export { replaySpoolDir } from './upload/spool.replay';
export { GraphqlClient } from './upload/graphql.client';
export { summarizeSamples, type RunSummary } from './metrics/run-summary';
export type { SampleInput } from './run/sample.types';
