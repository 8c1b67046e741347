import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../src/scenario';

const base = (request: string, load: string): string => `
name: w
description: workload formats
request:
${request}
load: ${load}
stop: { requests: 10 }
`;
const okRequest = `  input_tokens: { dist: fixed, value: 8 }
  output_tokens: { dist: fixed, value: 8 }`;
const okLoad = '{ type: concurrency, concurrency: 1 }';

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, 'w.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
  throw new Error('expected parseScenario to throw');
}

describe('scenario workload formats', () => {
  it('accepts every distribution, load model, session, prefix and dataset option with defaults', () => {
    const s = parseScenario(
      base(
        `  input_tokens: { dist: lognormal, mean: 500, stddev: 200, min: 10, max: 4000 }
  output_tokens:
    dist: empirical
    bins: [{ min: 1, max: 10, weight: 2 }, { min: 11, max: 100, weight: 1 }]
  tokenizer: o200k_base
  shared_prefix: { tokens: 100 }
  multi_turn: { turns: { dist: uniform, min: 2, max: 5 } }`,
        '{ type: ramp, stages: [{ duration_s: 10, rate_per_s: 5 }, { duration_s: 5, rate_per_s: 5, start_rate_per_s: 1 }] }',
      ),
    );
    expect(s.request.tokenizer).toBe('o200k_base');
    expect(s.request.shared_prefix).toEqual({ tokens: 100, groups: 1 });
    expect(s.load).toMatchObject({ type: 'ramp', arrivals: 'poisson' });
    expect(parseScenario(base(okRequest, okLoad)).request.tokenizer).toBe('auto');
    for (const load of [
      '{ type: constant, rate_per_s: 3 }',
      '{ type: gamma, rate_per_s: 3, burstiness: 0.5, max_concurrency: 4 }',
      '{ type: capped_rate, rate_per_s: 3, max_concurrency: 4, arrivals: constant }',
      '{ type: trace, file: t.jsonl, speedup: 4 }',
    ]) {
      expect(parseScenario(base(okRequest, load)).load.type).toBe(load.split(',')[0]!.split(': ')[1]);
    }
    expect(parseScenario(base(okRequest, '{ type: trace, file: t.jsonl }')).load).toEqual({
      type: 'trace',
      file: 't.jsonl',
      speedup: 1,
    });
  });

  it.each([
    [
      'request.input_tokens.min',
      `  input_tokens: { dist: lognormal, mean: 5, stddev: 1, min: 9, max: 3 }\n  output_tokens: { dist: fixed, value: 8 }`,
      okLoad,
    ],
    [
      'request.input_tokens.bins',
      `  input_tokens: { dist: empirical, bins: [] }\n  output_tokens: { dist: fixed, value: 8 }`,
      okLoad,
    ],
    [
      'request.input_tokens.bins',
      `  input_tokens: { dist: empirical, bins: [{ min: 1, max: 2, weight: 0 }] }\n  output_tokens: { dist: fixed, value: 8 }`,
      okLoad,
    ],
    [
      'request.input_tokens.bins.[0].min',
      `  input_tokens: { dist: empirical, bins: [{ min: 5, max: 2, weight: 1 }] }\n  output_tokens: { dist: fixed, value: 8 }`,
      okLoad,
    ],
    ['request.tokenizer', `${okRequest}\n  tokenizer: llama`, okLoad],
    ['request.dataset', `${okRequest}\n  dataset: { file: d.jsonl }\n  shared_prefix: { tokens: 5 }`, okLoad],
    ['request.multi_turn.turns', `${okRequest}\n  multi_turn: { turns: 3 }`, okLoad],
    ['load.burstiness', okRequest, '{ type: gamma, rate_per_s: 3 }'],
    ['load.max_concurrency', okRequest, '{ type: capped_rate, rate_per_s: 3 }'],
    ['load.stages', okRequest, '{ type: ramp, stages: [] }'],
    ['load.stages.[0].duration_s', okRequest, '{ type: ramp, stages: [{ rate_per_s: 3 }] }'],
    ['load.speedup', okRequest, '{ type: trace, file: t.jsonl, speedup: 0 }'],
    ['load.type', okRequest, '{ type: zipf }'],
  ])('names the bad field %s and what was expected', (path, request, load) => {
    const issues = issuesOf(base(request, load));
    const issue = issues.find((i) => i.startsWith(`${path}:`));
    expect(issue, issues.join('\n')).toBeDefined();
    expect(issue!.length).toBeGreaterThan(path.length + 5); // says what was expected
  });
});

describe('SLO block', () => {
  const withSlo = (slo: string): string => `${base(okRequest, okLoad)}slo: ${slo}\n`;
  it('takes any metric and percentile', () => {
    const s = parseScenario(
      withSlo('{ ttft_p50_ms: 200, tpot_p99.9_ms: 80, itl_p95_ms: 60, e2e_p99_ms: 9000 }'),
    );
    expect(s.slo).toEqual({ ttft_p50_ms: 200, 'tpot_p99.9_ms': 80, itl_p95_ms: 60, e2e_p99_ms: 9000 });
  });
  it.each([
    [
      'slo.ttft_95_ms',
      '{ ttft_95_ms: 200 }',
      /unknown SLO key: expected <ttft\|tpot\|itl\|e2e>_p<percentile>_ms/,
    ],
    ['slo.ttft_p0_ms', '{ ttft_p0_ms: 200 }', /percentile must be in \(0, 100\]/],
    ['slo.tpot_p99_ms', '{ tpot_p99_ms: -5 }', /expected number to be >0/],
  ])('names %s', (path, slo, message) => {
    const issue = issuesOf(withSlo(slo)).find((i) => i.startsWith(`${path}:`));
    expect(issue).toMatch(message);
  });
});
