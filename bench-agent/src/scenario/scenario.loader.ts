import { readFileSync } from 'node:fs';
import { parseScenario, type Scenario } from '@yardstick/schema/scenario';
import type { LoadSpec, StopSpec } from '../executors/executor.types';

export type { Scenario };

/** Reads and validates a scenario file; errors name the file and the field path (ScenarioError). */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `--scenario ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  return parseScenario(text, file);
}

/** CLI overrides of the scenario's load and stop blocks. */
export interface LoadOverrides {
  concurrency?: number;
  ratePerS?: number;
  requests?: number;
  durationS?: number;
}

/**
 * The effective load model: `--concurrency` or `--rate` replace the scenario's load (a rate keeps the
 * scenario's max_concurrency when it had one); `--requests` / `--duration` replace its stop block.
 */
export function effectiveLoad(scenario: Scenario, o: LoadOverrides): { load: LoadSpec; stop: StopSpec } {
  if (o.concurrency !== undefined && o.ratePerS !== undefined) {
    throw new Error('use either --concurrency (closed loop) or --rate (open loop), not both');
  }
  let load: LoadSpec =
    scenario.load.type === 'concurrency'
      ? { type: 'concurrency', concurrency: scenario.load.concurrency }
      : {
          type: 'poisson',
          ratePerS: scenario.load.rate_per_s,
          maxConcurrency: scenario.load.max_concurrency,
        };
  if (o.concurrency !== undefined) load = { type: 'concurrency', concurrency: o.concurrency };
  if (o.ratePerS !== undefined) {
    load = {
      type: 'poisson',
      ratePerS: o.ratePerS,
      maxConcurrency: scenario.load.type === 'poisson' ? scenario.load.max_concurrency : undefined,
    };
  }
  let stop: StopSpec = {
    requests: scenario.stop.requests,
    durationMs: scenario.stop.duration_s !== undefined ? scenario.stop.duration_s * 1000 : undefined,
  };
  if (o.requests !== undefined || o.durationS !== undefined) {
    stop = { requests: o.requests, durationMs: o.durationS !== undefined ? o.durationS * 1000 : undefined };
  }
  return { load, stop };
}
