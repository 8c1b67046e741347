import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '@yardstick/schema/scenario';
import { effectiveLoad, loadScenarioFile } from '../src/scenario/scenario.loader';
import { MODEL_PRESETS } from '../src/engine/model-config';
import { nominalMeanLength } from '../src/workload/length-distribution';

const scenariosDir = resolve(import.meta.dirname, '../../scenarios');
const shipped = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'));

describe('shipped scenarios', () => {
  it('cover every workload the issue names', () => {
    for (const name of [
      'smoke',
      'chat-support',
      'rag-qa',
      'summarization',
      'code-completion',
      'batch-offline',
      'agent-sessions',
      'shared-prefix',
    ]) {
      expect(shipped).toContain(`${name}.yaml`);
    }
  });

  it.each(shipped)('%s loads with its files, passes its load model check, states SLOs', (file) => {
    const scenario = loadScenarioFile(join(scenariosDir, file));
    const { load } = effectiveLoad(scenario, {});
    expect(load.type).toBe(scenario.load.type);
    const slo = scenario.slo ?? {};
    expect(Object.keys(slo).some((k) => k.startsWith('ttft_'))).toBe(true);
    expect(Object.keys(slo).some((k) => k.startsWith('tpot_'))).toBe(true);
  });

  it('smoke fits the small embedded engine context (it is the first-run benchmark)', () => {
    const smoke = loadScenarioFile(join(scenariosDir, 'smoke.yaml'));
    const need =
      nominalMeanLength(smoke.request.input_tokens) + nominalMeanLength(smoke.request.output_tokens);
    expect(need + 32).toBeLessThan(MODEL_PRESETS.small.contextLength); // + chat template and header
    expect(smoke.load.type).toBe('concurrency');
  });
});

describe('scenario files that name other files', () => {
  const write = (dir: string, name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const scenarioText = (extraRequest: string, load: string) => `name: f
description: files
request:
  input_tokens: { dist: fixed, value: 5 }
  output_tokens: { dist: fixed, value: 5 }
${extraRequest}
load: ${load}
stop: { requests: 3 }
`;

  it('fail at load with the scenario file, the field and the bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-files-'));
    write(dir, 'trace.jsonl', '{"timestamp_ms": 10}\n{"timestamp_ms": 5}\n');
    write(dir, 'data.jsonl', '{"prompt": "fine"}\n{"text": 42}\n');
    const file = write(
      dir,
      'bad.yaml',
      scenarioText('  dataset: { file: data.jsonl }', '{ type: trace, file: trace.jsonl }'),
    );
    let error: ScenarioError | undefined;
    try {
      loadScenarioFile(file);
    } catch (err) {
      error = err as ScenarioError;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error!.message).toMatch(new RegExp(`^${file}: invalid scenario`));
    expect(error!.issues).toEqual([
      `load.file: ${join(dir, 'trace.jsonl')}:2: timestamp_ms: timestamps must not decrease (5 after 10); sort the file`,
      `request.dataset.file: ${join(dir, 'data.jsonl')}:2: prompt: expected a non-empty string`,
    ]);
  });

  it('resolve relative paths against the scenario file, not the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-files-'));
    write(dir, 'data.jsonl', '{"prompt": "fine"}\n');
    const scenario = loadScenarioFile(
      write(
        dir,
        'ok.yaml',
        scenarioText('  dataset: { file: data.jsonl }', '{ type: constant, rate_per_s: 1 }'),
      ),
    );
    expect(scenario.request.dataset!.file).toBe(join(dir, 'data.jsonl'));
  });
});
