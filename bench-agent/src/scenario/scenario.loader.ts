import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseScenario, ScenarioError, type Scenario } from '@yardstick/schema/scenario';
import { operatingPoint, toLoadSpec } from '@yardstick/schema/load-models';
import { loadProblems, validateLoad } from '../executors/executor.registry';
import { DatasetFileError, readDatasetFile } from '../workload/dataset.reader';
import type { LoadSpec, StopSpec } from '../executors/executor.types';

export type { Scenario };
export { toLoadSpec };

/**
 * Reads and validates a scenario file; errors name the file and the field path (ScenarioError).
 * Files the scenario names (trace, dataset) are resolved relative to the scenario file.
 */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `--scenario ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const scenario = resolveScenarioPaths(parseScenario(text, file), dirname(resolve(file)));
  const issues = checkScenarioFiles(scenario);
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return scenario;
}

/**
 * Checks what the schema cannot: the scenario's load model validates its own config (a trace file must
 * exist and parse) and a dataset file must parse. Returns "field: problem" lines.
 */
export function checkScenarioFiles(scenario: Scenario): string[] {
  const issues: string[] = [];
  const load = toLoadSpec(scenario.load);
  const stop: StopSpec = {
    requests: scenario.stop.requests,
    durationMs: scenario.stop.duration_s !== undefined ? scenario.stop.duration_s * 1000 : undefined,
  };
  issues.push(...loadProblems(load, stop));
  if (scenario.request.dataset) {
    try {
      readDatasetFile(scenario.request.dataset.file);
    } catch (err) {
      if (!(err instanceof DatasetFileError)) throw err;
      issues.push(...err.issues);
    }
  }
  return issues;
}

/** Makes the trace and dataset paths of a scenario absolute, relative to `baseDir`. */
export function resolveScenarioPaths(scenario: Scenario, baseDir: string): Scenario {
  const out: Scenario = { ...scenario, request: { ...scenario.request } };
  if (out.load.type === 'trace') out.load = { ...out.load, file: resolve(baseDir, out.load.file) };
  if (out.request.dataset) {
    out.request.dataset = { ...out.request.dataset, file: resolve(baseDir, out.request.dataset.file) };
  }
  return out;
}

/** CLI overrides of the scenario's load and stop blocks. */
export interface LoadOverrides {
  concurrency?: number;
  ratePerS?: number;
  requests?: number;
  durationS?: number;
}

/**
 * Applies `--rate`: a model with one offered rate (its operating point has `ratePerS`) keeps its type
 * and cap; the others become Poisson at that rate, keeping a cap they had.
 */
function withRate(load: LoadSpec, ratePerS: number): LoadSpec {
  if (operatingPoint(load).ratePerS !== null) return { ...load, ratePerS } as LoadSpec;
  const cap = 'maxConcurrency' in load ? load.maxConcurrency : undefined;
  return { type: 'poisson', ratePerS, maxConcurrency: cap };
}

/**
 * The effective load model: `--concurrency` replaces the scenario's load with a closed loop; `--rate`
 * changes the rate of a rate model (constant, poisson, gamma, capped_rate keep their type and cap) or
 * else switches to Poisson; `--requests` / `--duration` replace the stop block. The result is checked
 * by its load model (errors name the field).
 */
export function effectiveLoad(scenario: Scenario, o: LoadOverrides): { load: LoadSpec; stop: StopSpec } {
  if (o.concurrency !== undefined && o.ratePerS !== undefined) {
    throw new Error('use either --concurrency (closed loop) or --rate (open loop), not both');
  }
  let load = toLoadSpec(scenario.load);
  if (o.concurrency !== undefined) load = { type: 'concurrency', concurrency: o.concurrency };
  if (o.ratePerS !== undefined) load = withRate(load, o.ratePerS);
  let stop: StopSpec = {
    requests: scenario.stop.requests,
    durationMs: scenario.stop.duration_s !== undefined ? scenario.stop.duration_s * 1000 : undefined,
  };
  if (o.requests !== undefined || o.durationS !== undefined) {
    stop = { requests: o.requests, durationMs: o.durationS !== undefined ? o.durationS * 1000 : undefined };
  }
  validateLoad(load, stop, scenario.name);
  return { load, stop };
}
