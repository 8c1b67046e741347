import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { RequestSource } from '../src/workload/request-source';
import { loadTokenizer } from '../src/workload/tokenizer.registry';
import type { SendSlot } from '../src/executors/executor.types';
import { scenarioFixture } from './helpers/scenario.fixture';

const slot = (seq: number, lengths?: SendSlot['lengths']): SendSlot => ({
  seq,
  scheduledAt: 0,
  slotAt: 0,
  lengths,
});

describe('RequestSource', () => {
  it('synthetic: exact input tokens under the tokenizer, lengths from the distributions, reproducible', async () => {
    const scenario = scenarioFixture({
      request: {
        input_tokens: { dist: 'uniform', min: 20, max: 400 },
        output_tokens: { dist: 'lognormal', mean: 50, stddev: 20 },
        tokenizer: 'cl100k_base',
      },
    });
    const tokenizer = await loadTokenizer('cl100k_base');
    const a = new RequestSource(scenario, tokenizer);
    const b = new RequestSource(scenario, tokenizer);
    for (let seq = 0; seq < 20; seq += 1) {
      const p = a.next(slot(seq));
      expect(encode(p.prompt)).toHaveLength(p.newContentTokens!);
      expect(p.prompt.startsWith(`Request ${seq}:`)).toBe(true);
      expect(b.next(slot(seq))).toMatchObject({ prompt: p.prompt, maxTokens: p.maxTokens });
    }
    const traced = a.next(slot(99, { inputTokens: 333, outputTokens: 44 }));
    expect(encode(traced.prompt)).toHaveLength(333);
    expect(traced.maxTokens).toBe(44);
  });

  it('shared prefix: requests start with one of N fixed prefixes; total = prefix + input tokens', async () => {
    const scenario = scenarioFixture({
      request: {
        input_tokens: { dist: 'fixed', value: 40 },
        output_tokens: { dist: 'fixed', value: 8 },
        tokenizer: 'cl100k_base',
        shared_prefix: { tokens: 500, groups: 3 },
      },
    });
    const source = new RequestSource(scenario, await loadTokenizer('cl100k_base'));
    const prompts = Array.from({ length: 60 }, (_, seq) => source.next(slot(seq)).prompt);
    const prefixes = new Set(prompts.map((p) => p.slice(0, p.indexOf(' Request'))));
    expect(prefixes.size).toBe(3);
    for (const prefix of prefixes) {
      expect(prefix).toMatch(/^Context [0-2]:/);
      expect(encode(prefix)).toHaveLength(500);
    }
    for (const p of prompts) expect(encode(p)).toHaveLength(540);
  });

  it('multi-turn: history grows each turn, a session continues only after its answer', async () => {
    const scenario = scenarioFixture({
      request: {
        input_tokens: { dist: 'fixed', value: 30 },
        output_tokens: { dist: 'fixed', value: 12 },
        tokenizer: 'yardstick-bytes',
        system_prompt: 'be brief',
        multi_turn: { turns: { dist: 'fixed', value: 3 } },
      },
    });
    const source = new RequestSource(scenario, await loadTokenizer('yardstick-bytes'));
    const t0 = source.next(slot(0));
    const other = source.next(slot(1)); // t0 not answered yet: a second session opens
    expect(t0.session).toEqual({ id: 0, turn: 0, turns: 3 });
    expect(other.session).toEqual({ id: 1, turn: 0, turns: 3 });
    t0.done(12);
    const t1 = source.next(slot(2));
    expect(t1.session).toEqual({ id: 0, turn: 1, turns: 3 });
    expect(t1.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(t1.messages[1]).toEqual(t0.messages[1]); // earlier turns are re-sent unchanged
    expect(Buffer.byteLength(t1.messages[2]!.content)).toBe(12);
    expect(t1.prompt.startsWith(t0.prompt)).toBe(true); // prefix-cacheable growth
    t1.done(12);
    const t2 = source.next(slot(3));
    expect(t2.session!.turn).toBe(2);
    expect(t2.prompt.length).toBeGreaterThan(t1.prompt.length);
    t2.done(12); // last turn: the session ends
    other.done(5);
    expect(source.next(slot(4)).session).toEqual({ id: 1, turn: 1, turns: 3 });
    expect(source.next(slot(5)).session).toEqual({ id: 2, turn: 0, turns: 3 });
  });

  it('dataset replay: file order, cycling; shuffle is a seeded permutation; bad lines name file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
    const file = join(dir, 'prompts.jsonl');
    writeFileSync(
      file,
      ['a', 'b', 'c', 'd']
        .map((p, i) => JSON.stringify({ prompt: `prompt ${p}`, output_tokens: i + 1 }))
        .join('\n'),
    );
    const make = (order: string, seed = 7) =>
      new RequestSource(
        scenarioFixture({
          seed,
          request: {
            input_tokens: { dist: 'fixed', value: 1 },
            output_tokens: { dist: 'fixed', value: 99 },
            dataset: { file, order },
          },
        }),
        { name: 'yardstick-bytes', byteLevel: true, countTokens: (t) => t.length },
      );
    const seq = make('sequential');
    const got = Array.from({ length: 5 }, (_, i) => seq.next(slot(i)));
    expect(got.map((p) => p.prompt)).toEqual(['prompt a', 'prompt b', 'prompt c', 'prompt d', 'prompt a']);
    expect(got.map((p) => p.maxTokens)).toEqual([1, 2, 3, 4, 1]);
    const order = (s: RequestSource) => Array.from({ length: 4 }, (_, i) => s.next(slot(i)).prompt);
    const shuffled = order(make('shuffle'));
    expect(order(make('shuffle'))).toEqual(shuffled);
    expect([...shuffled].sort()).toEqual(['prompt a', 'prompt b', 'prompt c', 'prompt d']);

    writeFileSync(file, '{"prompt": "ok"}\n{"prompt": ""}\n{"prompt": "x", "output_tokens": 2.5}\n');
    expect(() => make('sequential')).toThrow(`${file}:2: prompt: expected a non-empty string`);
    expect(() => make('sequential')).toThrow(`${file}:3: output_tokens: expected a whole number >= 1`);
  });
});
