import { describe, expect, it } from 'vitest';
import { parseHash, runHash, runsHash, sameFilters } from '../src/lib/router';

describe('parseHash', () => {
  it.each([
    ['', { name: 'runs', filters: {} }],
    ['#', { name: 'runs', filters: {} }],
    ['#/', { name: 'runs', filters: {} }],
    ['#/runs', { name: 'runs', filters: {} }],
    ['#/?quantization=int8', { name: 'runs', filters: { quantization: 'int8' } }],
    [
      '#/?model=tiny%20llama&hardware=H100&scenario=chat&quantization=fp16',
      {
        name: 'runs',
        filters: { model: 'tiny llama', hardware: 'H100', scenario: 'chat', quantization: 'fp16' },
      },
    ],
    ['#/?quantization=&model=%20%20&unknown=x', { name: 'runs', filters: {} }],
    ['#/runs/abc-123', { name: 'run', id: 'abc-123' }],
    ['#/runs/abc-123/', { name: 'run', id: 'abc-123' }],
    ['#/runs/a%2Fb%20c', { name: 'run', id: 'a/b c' }],
    ['#/runs/%E0%A4%A', { name: 'run', id: '%E0%A4%A' }],
    ['#/agents', { name: 'not-found', path: '/agents' }],
    ['#/runs/a/b', { name: 'not-found', path: '/runs/a/b' }],
  ])('%s', (hash, expected) => {
    expect(parseHash(hash)).toEqual(expected);
  });
});

describe('runsHash / runHash', () => {
  it('leaves out blank filters and keeps a stable key order', () => {
    expect(runsHash({})).toBe('#/');
    expect(runsHash({ quantization: 'int8' })).toBe('#/?quantization=int8');
    expect(runsHash({ hardware: ' ', scenario: 'rag', model: 'm' })).toBe('#/?model=m&scenario=rag');
  });

  it('round-trips through parseHash, including characters that need escaping', () => {
    const filters = { model: 'org/model & co', quantization: 'Q4_K_M', hardware: 'AMD Instinct MI300X' };
    expect(parseHash(runsHash(filters))).toEqual({ name: 'runs', filters });
    const id = 'run/with spaces?#';
    expect(parseHash(runHash(id))).toEqual({ name: 'run', id });
  });

  it('compares filter sets by value, treating missing and empty alike', () => {
    expect(sameFilters({ model: 'a' }, { model: 'a', scenario: '' })).toBe(true);
    expect(sameFilters({ model: 'a' }, { model: 'b' })).toBe(false);
  });
});
