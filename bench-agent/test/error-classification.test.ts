import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run.service';
import { closedPort, startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let target: FakeOpenAiServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function runAgainst(url: string, extra: Record<string, unknown> = {}) {
  return runScenario({
    targetUrl: url,
    model: 'fake-model',
    scenario: scenarioFixture({ stop: { requests: 3 }, ...extra }),
    hardware: HARDWARE_FIXTURE,
  });
}

describe('error classification (runs complete, errors are counted, nothing throws)', () => {
  it('connection refused -> connect', async () => {
    const outcome = await runAgainst(`http://127.0.0.1:${await closedPort()}`);
    expect(outcome.samples.map((s) => s.errorKind)).toEqual(['connect', 'connect', 'connect']);
    expect(outcome.samples[0]!.e2eMs).toBeNull();
    expect(outcome.summary.errorsByKind).toEqual([{ kind: 'connect', count: 3 }]);
    expect(outcome.status).toBe('COMPLETED');
  });

  it('HTTP 500 -> http_status with the status and body in the message', async () => {
    target = await startFakeOpenAi({ mode: 'http500' });
    const outcome = await runAgainst(target.url);
    expect(outcome.samples.every((s) => s.errorKind === 'http_status')).toBe(true);
    expect(outcome.samples[0]!.errorMessage).toContain('HTTP 500');
    expect(outcome.samples[0]!.errorMessage).toContain('boom');
  });

  it('malformed JSON event -> malformed_event, with the tokens seen so far kept', async () => {
    target = await startFakeOpenAi({ mode: 'malformed', itlMs: 1 });
    const outcome = await runAgainst(target.url);
    expect(outcome.samples.every((s) => s.errorKind === 'malformed_event')).toBe(true);
    expect(outcome.samples[0]!.outputTokensClient).toBe(2);
    expect(outcome.samples[0]!.ttftMs).not.toBeNull();
    expect(outcome.samples[0]!.tpotMs).toBeNull();
  });

  it('stream cut mid-way -> stream_broken', async () => {
    target = await startFakeOpenAi({ mode: 'cut', itlMs: 1 });
    const outcome = await runAgainst(target.url);
    expect(outcome.samples.map((s) => s.errorKind)).toEqual([
      'stream_broken',
      'stream_broken',
      'stream_broken',
    ]);
  });

  it('an {error} event mid-stream -> stream_broken naming the server error', async () => {
    target = await startFakeOpenAi({ mode: 'error-event', itlMs: 1 });
    const outcome = await runAgainst(target.url);
    expect(outcome.samples.every((s) => s.errorKind === 'stream_broken')).toBe(true);
    expect(outcome.samples[0]!.errorMessage).toContain('out of memory');
  });

  it('no answer within timeout_s -> timeout', async () => {
    target = await startFakeOpenAi({ mode: 'hang' });
    const outcome = await runAgainst(target.url, { timeout_s: 0.2, stop: { requests: 2 } });
    expect(outcome.samples.map((s) => s.errorKind)).toEqual(['timeout', 'timeout']);
    expect(outcome.summary.errors).toBe(2);
  });
});
