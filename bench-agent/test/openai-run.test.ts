import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run.service';
import { startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let target: FakeOpenAiServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('run against a local OpenAI-compatible server', () => {
  it('measures the injected TTFT and inter-token delay', async () => {
    target = await startFakeOpenAi({
      ttftMs: 120,
      itlMs: 25,
      eol: '\r\n',
      modelEntry: { yardstick: { quantization: 'int8', backend: 'wasm' } },
    });
    const outcome = await runScenario({
      targetUrl: target.url,
      scenario: scenarioFixture({ warmup: { requests: 2 } }),
      hardware: HARDWARE_FIXTURE,
    });
    expect(outcome.status).toBe('COMPLETED');
    expect(outcome.samples).toHaveLength(8);
    expect(outcome.samples.filter((s) => s.warmup).map((s) => s.seq)).toEqual([0, 1]);
    expect(outcome.config).toMatchObject({
      model: 'fake-model',
      quantization: 'int8',
      targetEngine: 'yardstick-embedded',
    });

    const measured = outcome.samples.filter((s) => !s.warmup);
    for (const s of measured) {
      expect(s.errorKind).toBeNull();
      expect(s.ttftMs!).toBeGreaterThanOrEqual(119);
      expect(s.ttftMs!).toBeLessThan(200);
      // Timers only fire late, never early: per sample a lower bound, the upper bound on the median.
      expect(s.tpotMs!).toBeGreaterThan(24);
      expect(s.itlMs).toHaveLength(7);
      expect(s.outputTokensServer).toBe(8);
      expect(s.outputTokensClient).toBe(8);
      expect(s.tokenSource).toBe('SERVER');
      expect(s.inputTokens).toBe(40);
      // E2E = TTFT + 7 gaps of ~25 ms.
      expect(s.e2eMs!).toBeGreaterThan(120 + 7 * 24);
      expect(s.tpotMs!).toBeCloseTo((s.e2eMs! - s.ttftMs!) / 7, 2);
    }
    const { summary } = outcome;
    expect(summary.requests).toBe(6);
    expect(summary.errors).toBe(0);
    expect(summary.ttftMs.p50!).toBeGreaterThanOrEqual(119);
    expect(summary.ttftMs.p50!).toBeLessThan(200);
    expect(summary.itlMs.count).toBe(42);
    expect(summary.itlMs.p50!).toBeGreaterThan(20);
    expect(summary.itlMs.p50!).toBeLessThan(40);
    expect(summary.tpotMs.p50!).toBeGreaterThan(24);
    expect(summary.tpotMs.p50!).toBeLessThan(40);
    expect(summary.outputTokens).toBe(48);
    // Two users, ~0.3 s per request, 6 requests: ~0.9 s wall time.
    expect(summary.durationS!).toBeGreaterThan(0.8);
    expect(summary.durationS!).toBeLessThan(2);

    // The request carries what the brief asks for.
    const body = target.requests[0]!.body;
    expect(body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 8,
      ignore_eos: true,
    });
    expect(typeof body.seed).toBe('number');
  });

  it('lets CLI-style overrides replace the load and stop blocks, and labels unknown quantization', async () => {
    target = await startFakeOpenAi({ ttftMs: 5, itlMs: 1 });
    const outcome = await runScenario({
      targetUrl: target.url,
      scenario: scenarioFixture(),
      overrides: { concurrency: 4, requests: 10 },
      hardware: HARDWARE_FIXTURE,
    });
    expect(outcome.samples).toHaveLength(10);
    expect(outcome.config).toMatchObject({
      quantization: 'unknown',
      targetEngine: 'unknown',
      load: { concurrency: 4 },
    });
  });

  it('cancels in-flight requests on abort and marks the run ABORTED', async () => {
    target = await startFakeOpenAi({ mode: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await runScenario({
      targetUrl: target.url,
      scenario: scenarioFixture({ stop: { requests: 50 } }),
      hardware: HARDWARE_FIXTURE,
      signal: controller.signal,
    });
    expect(outcome.status).toBe('ABORTED');
    expect(outcome.samples).toHaveLength(2);
    expect(outcome.samples.every((s) => s.errorKind === 'cancelled')).toBe(true);
    expect(outcome.summary.errorsByKind).toEqual([{ kind: 'cancelled', count: 2 }]);
  });
});
