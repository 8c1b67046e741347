import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { runScenario } from '../src/run/run.service';
import { effectiveLoad, loadScenarioFile } from '../src/scenario/scenario.loader';
import { startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let target: FakeOpenAiServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

type Body = { max_tokens: number; messages: { role: string; content: string }[] };
const userText = (body: Record<string, unknown>): string => (body as Body).messages.at(-1)!.content;

describe('scenario workloads end to end (real local HTTP target)', () => {
  it('replays a trace file named relative to the scenario: offsets, lengths, warm-up marked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    writeFileSync(
      join(dir, 'trace.jsonl'),
      [0, 40, 40, 120, 200, 210]
        .map((t, i) =>
          JSON.stringify({ timestamp_ms: 1000 + t, input_tokens: 50 + i * 10, output_tokens: 3 + i }),
        )
        .join('\n'),
    );
    writeFileSync(
      join(dir, 'replay.yaml'),
      `name: replay
description: trace test
request:
  tokenizer: cl100k_base
  input_tokens: { dist: fixed, value: 5 }
  output_tokens: { dist: fixed, value: 2 }
load: { type: trace, file: trace.jsonl }
stop: { duration_s: 60 }
warmup: { requests: 2 }
timeout_s: 10
`,
    );
    const scenario = loadScenarioFile(join(dir, 'replay.yaml'));
    expect(scenario.load).toMatchObject({ type: 'trace', file: join(dir, 'trace.jsonl'), speedup: 1 });
    target = await startFakeOpenAi({ ttftMs: 5, itlMs: 1 });
    const outcome = await runScenario({ targetUrl: target.url, scenario, hardware: HARDWARE_FIXTURE });
    expect(outcome.status).toBe('COMPLETED');
    expect(outcome.config).toMatchObject({ tokenizer: 'cl100k_base', load: { type: 'trace' } });
    // Warm-up replays the first 2 records, then the measured phase replays the whole trace.
    expect(outcome.samples.map((s) => s.warmup)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    const measured = outcome.samples.filter((s) => !s.warmup);
    const start = measured[0]!.scheduledAtMs;
    expect(measured.map((s) => Math.round(s.scheduledAtMs - start))).toEqual([0, 40, 40, 120, 200, 210]);
    for (const s of measured) {
      expect(s.queueMs).toBe(0);
      expect(s.sendLagMs).toBeGreaterThanOrEqual(0);
      expect(s.sendLagMs).toBeLessThan(50);
    }
    const bodies = target.requests.slice(2).map((r) => r.body);
    expect(bodies.map((b) => (b as Body).max_tokens).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(bodies.map((b) => encode(userText(b)).length).sort((a, b) => a - b)).toEqual([
      50, 60, 70, 80, 90, 100,
    ]);
  });

  it('multi-turn sessions under a closed loop re-send the growing conversation', async () => {
    target = await startFakeOpenAi({ ttftMs: 2, itlMs: 1 });
    const scenario = scenarioFixture({
      request: {
        tokenizer: 'yardstick-bytes',
        input_tokens: { dist: 'fixed', value: 20 },
        output_tokens: { dist: 'fixed', value: 4 },
        multi_turn: { turns: { dist: 'fixed', value: 3 } },
      },
      load: { type: 'concurrency', concurrency: 2 },
      stop: { requests: 6 },
    });
    const outcome = await runScenario({ targetUrl: target.url, scenario, hardware: HARDWARE_FIXTURE });
    expect(outcome.summary.requests).toBe(6);
    const texts = target.requests.map((r) => userText(r.body));
    const byTurn = (turn: number) =>
      target!.requests.filter((r) => new RegExp(`Session \\d+ turn ${turn}:`).test(userText(r.body)));
    expect(texts).toHaveLength(6);
    expect(byTurn(1)).toHaveLength(2);
    expect(byTurn(3)).toHaveLength(2);
    // Turn 3 is sent as real chat turns: user, assistant, user, assistant, user — each user text 20
    // bytes, each assistant answer as long as the 4 tokens the server returned.
    for (const r of byTurn(3)) {
      const messages = (r.body as Body).messages;
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
      expect(messages.filter((m) => m.role === 'user').map((m) => Buffer.byteLength(m.content))).toEqual([
        20, 20, 20,
      ]);
      expect(messages.filter((m) => m.role === 'assistant').map((m) => Buffer.byteLength(m.content))).toEqual(
        [4, 4],
      );
    }
  });

  it('--rate keeps a rate model and its cap; other models switch to Poisson', () => {
    const gamma = scenarioFixture({
      load: { type: 'gamma', rate_per_s: 2, burstiness: 0.5, max_concurrency: 4 },
    });
    expect(effectiveLoad(gamma, { ratePerS: 9 }).load).toEqual({
      type: 'gamma',
      ratePerS: 9,
      burstiness: 0.5,
      maxConcurrency: 4,
    });
    const closed = scenarioFixture();
    expect(effectiveLoad(closed, { ratePerS: 3 }).load).toEqual({ type: 'poisson', ratePerS: 3 });
    expect(() => effectiveLoad(closed, { ratePerS: 3, concurrency: 2 })).toThrow(/not both/);
  });
});
