import { parseScenario, type Scenario } from '@yardstick/schema/scenario';

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
