import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../src/scenario';

const scenariosDir = resolve(import.meta.dirname, '../../scenarios');

const valid = `
name: chat
description: test
request:
  input_tokens: { dist: uniform, min: 10, max: 20 }
  output_tokens: { dist: fixed, value: 8 }
load: { type: poisson, rate_per_s: 2.5, max_concurrency: 8 }
stop: { duration_s: 30 }
`;

function errorOf(text: string, file = 'x.yaml'): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected parseScenario to throw');
}

describe('parseScenario', () => {
  it('applies defaults to a minimal valid file', () => {
    const s = parseScenario(valid, 'chat.yaml');
    expect(s.seed).toBe(42);
    expect(s.stream).toBe(true);
    expect(s.warmup.requests).toBe(0);
    expect(s.timeout_s).toBe(120);
    expect(s.load).toEqual({ type: 'poisson', rate_per_s: 2.5, max_concurrency: 8 });
  });

  it.each([
    ['load.rate_per_s', valid.replace('rate_per_s: 2.5', 'rate_per_s: -1')],
    ['request.input_tokens.min', valid.replace('min: 10, max: 20', 'min: 30, max: 20')],
    ['request.output_tokens.dist', valid.replace('dist: fixed, value: 8', 'dist: zipf, value: 8')],
    ['name', valid.replace('name: chat', 'name: Chat Support')],
    ['stop', valid.replace('stop: { duration_s: 30 }', 'stop: {}')],
    ['(root)', valid + 'extra_field: 1\n'],
  ])('names the bad field %s', (path, text) => {
    const err = errorOf(text, 'bad.yaml');
    expect(err.message).toContain('bad.yaml');
    expect(err.issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it('reports YAML syntax errors with the file name', () => {
    const err = errorOf('name: [unclosed', 'broken.yaml');
    expect(err.message).toMatch(/^broken\.yaml: invalid scenario/);
    expect(err.issues[0]).toMatch(/not valid YAML/);
  });
});

describe('shipped scenarios', () => {
  const files = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'));
  it('include the smoke scenario', () => {
    expect(files).toContain('smoke.yaml');
  });
  it.each(files)('%s is valid and named after its file', (file) => {
    const s = parseScenario(readFileSync(join(scenariosDir, file), 'utf8'), file);
    expect(`${s.name}.yaml`).toBe(file);
  });
});
