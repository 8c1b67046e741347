import { toLoadSpec } from '@yardstick/schema/load-models';
import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import { parseScenario, type Scenario } from '@yardstick/schema/scenario';
import { buildRunConfig } from '../../src/run/run-config';

/** A valid scenario with overrides, built through the real parser. */
export function scenarioFixture(overrides: Record<string, unknown> = {}): Scenario {
  const base = {
    name: 'test',
    description: 'test scenario',
    seed: 7,
    request: { input_tokens: { dist: 'fixed', value: 16 }, output_tokens: { dist: 'fixed', value: 8 } },
    load: { type: 'concurrency', concurrency: 2 },
    stop: { requests: 6 },
    warmup: { requests: 0 },
    timeout_s: 10,
    ...overrides,
  };
  return parseScenario(JSON.stringify(base), 'fixture.json');
}

export const HARDWARE_FIXTURE = {
  hostname: 'test-host',
  cpuModel: 'Test CPU',
  cpuCores: 2,
  memoryBytes: 8 * 2 ** 30,
  os: 'linux test',
  accelerators: [],
  notes: [],
  raw: {},
};

/**
 * The startRun config the agent sends for `scenarioFixture(overrides)` (run/run-config.ts), for
 * tests that start runs on a real server without running a scenario.
 */
export function runConfigFixture(overrides: Record<string, unknown> = {}): MeasuredRunConfigInput {
  const scenario = scenarioFixture(overrides);
  return buildRunConfig({
    scenario,
    load: toLoadSpec(scenario.load),
    stop: { requests: scenario.stop.requests },
    resolved: { model: 'fixture-model', quantization: 'fp16', targetEngine: 'vllm', engineBackend: null },
    targetUrl: 'http://127.0.0.1:1',
    target: { api: 'chat', path: '/v1/chat/completions', stream: true, extraBody: null },
    tokenizer: 'cl100k_base',
    preconnect: { setting: 'auto', connections: 0 },
  });
}
