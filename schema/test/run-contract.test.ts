import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../src/run-config';
import {
  parseRunSummary,
  runSummarySchemaFor,
  MeasuredRunSummarySchema,
  ImportedRunSummarySchema,
} from '../src/run-summary';

describe('run config and summary schemas', () => {
  it('tells an imported config from a measured one by `import`, and names what a measured one misses', () => {
    const imported = parseRunConfig({
      import: {
        tool: 'vLLM bench serve',
        toolVersion: '0.1x',
        fileKind: 'JSON',
        format: 'vllm',
        file: 'r.json',
        timeBase: 'send-times',
        metricMapping: {},
        unmapped: [],
        aggregateOnly: false,
        metadata: {},
      },
      load: { requestRate: 4 }, // the source tool's own settings, kept as written
    });
    expect(imported.ok).toBe(true);
    const measured = parseRunConfig({ seed: 1 });
    expect(measured.ok).toBe(false);
    expect(!measured.ok && measured.issues).toContain(
      'config.scenario: Invalid input: expected object, received undefined',
    );
  });

  it('chooses the summary schema by its keys, and refuses a measured summary with a wrong field', () => {
    expect(runSummarySchemaFor({ reported: {} })).toBe(ImportedRunSummarySchema);
    expect(runSummarySchemaFor({ requests: 1 })).toBe(MeasuredRunSummarySchema);
    expect(parseRunSummary({ note: 'agent stopped' })).toEqual({
      ok: true,
      summary: { note: 'agent stopped' },
    });
    const bad = parseRunSummary({ energyJoules: -1 });
    expect(!bad.ok && bad.issues).toContain('summary.energyJoules: Too small: expected number to be >=0');
  });
});
