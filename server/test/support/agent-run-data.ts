/**
 * Run data for server tests, built with the agent's own code: the config the agent sends with
 * startRun (its buildRunConfig over a real scenario file and its effective-load rules), the summary
 * it sends with finishRun (summarizeSamples), an imported run's config and summary (its importers
 * over their fixture files). A shape change on the agent's side fails the server's tests, and the
 * server's validation (schema/src/run-config.ts, run-summary.ts) fails the agent's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SampleInput } from '@yardstick/schema/samples';
import type { SampleInput as AgentSample } from '../../../bench-agent/src/run/sample.types';
import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import type { MeasuredRunSummary } from '@yardstick/schema/run-summary';
import { buildRunConfig } from '../../../bench-agent/src/run/run-config';
import {
  effectiveLoad,
  loadScenarioFile,
  type LoadOverrides,
} from '../../../bench-agent/src/scenario/scenario.loader';
import { summarizeSamples } from '../../../bench-agent/src/metrics/run-summary';
import { parseSloBlock } from '../../../bench-agent/src/metrics/goodput';
import { importerFor } from '../../../bench-agent/src/interop/importer.registry';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export interface AgentConfigOptions {
  /** A scenario file under scenarios/ (default `smoke.yaml`: closed loop, concurrency 2). */
  scenarioFile?: string;
  /** The CLI's load overrides (`--concurrency`, `--rate`, `--requests`, `--duration`). */
  overrides?: LoadOverrides;
  model?: string;
  quantization?: string;
  targetUrl?: string;
  targetEngine?: string;
}

/** The config `yardstick-agent run` sends for a scenario file and overrides. */
export function agentRunConfig(o: AgentConfigOptions = {}): MeasuredRunConfigInput {
  const scenarioFile = repoFile(`scenarios/${o.scenarioFile ?? 'smoke.yaml'}`);
  const scenario = loadScenarioFile(scenarioFile);
  const { load, stop } = effectiveLoad(scenario, o.overrides ?? {});
  return buildRunConfig({
    scenario,
    scenarioFile,
    load,
    stop,
    resolved: {
      model: o.model ?? 'llama-3.1-8b',
      quantization: o.quantization ?? 'fp16',
      targetEngine: o.targetEngine ?? 'vllm',
      engineBackend: null,
    },
    targetUrl: o.targetUrl ?? 'http://127.0.0.1:8000',
    target: { api: 'chat', path: '/v1/chat/completions', stream: true, extraBody: null },
    tokenizer: 'cl100k_base',
    preconnect: { setting: 'auto', connections: 0 },
  });
}

/**
 * The summary `yardstick-agent run` sends for these samples (SLOs from the scenario's `slo` block),
 * plus what a measured run adds (energy, when power was sampled).
 */
export function agentRunSummary(
  samples: readonly SampleInput[],
  o: { slo?: Record<string, number>; energyJoules?: number } = {},
): MeasuredRunSummary {
  // The agent writes only its ERROR_KINDS; tests may use any error name the contract accepts.
  const summary: MeasuredRunSummary = summarizeSamples(samples as readonly AgentSample[], {
    slos: parseSloBlock(o.slo),
  });
  return o.energyJoules === undefined ? summary : { ...summary, energyJoules: o.energyJoules };
}

/** The first run `yardstick-agent import --format FORMAT` makes of a fixture file of bench-agent/test/fixtures/import. */
export function importedRun(format: string, fixture: string) {
  const file = repoFile(`bench-agent/test/fixtures/import/${fixture}`);
  const run = importerFor(format).parse(readFileSync(file, 'utf8'), file)[0];
  if (!run) throw new Error(`${fixture}: the ${format} importer made no run`);
  return run;
}
