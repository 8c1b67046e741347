import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPEND,
  START_RUN,
  registerAgent,
  sampleInput,
  startRunInput,
  startTestServer,
  type TestServer,
} from './helpers';
import { agentRunConfig, agentRunSummary, importedRun } from './support/agent-run-data';

const FINISH = 'mutation($i: FinishRunInput!) { finishRun(input: $i) { id status summary } }';
const RUN = 'query($id: ID!) { run(id: $id) { config summary } }';

/**
 * The run config and summary are the contract's (schema/src/run-config.ts, run-summary.ts): the
 * server stores what the agent writes, measured or imported, and refuses any other shape with the
 * failing field's path, storing nothing.
 */
describe('run config and summary: the contract on startRun and finishRun', () => {
  let t: TestServer;
  let agent: { id: string; token: string };
  const runCount = async () =>
    (await t.gql<{ runs: { totalCount: number } }>('{ runs(first: 1) { totalCount } }', {}, t.adminToken))
      .data!.runs.totalCount;

  beforeAll(async () => {
    t = await startTestServer();
    agent = await registerAgent(t, 'contract');
  });
  afterAll(() => t.close());

  it('stores the config and summary an open-loop agent run sends, as sent', async () => {
    const config = agentRunConfig({ overrides: { ratePerS: 4 } });
    expect(config.load).toEqual({ type: 'poisson', ratePerS: 4 }); // smoke.yaml's closed loop, --rate 4
    const started = await t.gql<{ startRun: { id: string } }>(
      START_RUN,
      { input: startRunInput({ config }) },
      agent.token,
    );
    expect(started.errors).toBeUndefined();
    const runId = started.data!.startRun.id;
    const samples = [sampleInput(0), sampleInput(1), sampleInput(2)];
    await t.gql(APPEND, { input: { runId, batchSeq: 0, samples } }, agent.token);
    const summary = agentRunSummary(samples, { slo: { ttft_p95_ms: 2000 } });
    const finished = await t.gql(FINISH, { i: { runId, status: 'COMPLETED', summary } }, agent.token);
    expect(finished.errors).toBeUndefined();
    const stored = await t.gql<{ run: { config: unknown; summary: unknown } }>(
      RUN,
      { id: runId },
      t.adminToken,
    );
    expect(stored.data!.run.config).toEqual(JSON.parse(JSON.stringify(config)));
    expect(stored.data!.run.summary).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it.each([
    ['vllm', 'vllm-0.1x-detailed.json'],
    ['vllm', 'vllm-0.1x-aggregate.json'],
    ['guidellm', 'guidellm-0.7-benchmarks.json'],
    ['guidellm', 'guidellm-0.3-benchmarks.json'],
    ['aiperf', 'aiperf-profile_export_aiperf.json'],
    ['aiperf', 'aiperf-one-record.jsonl'],
    ['llama-bench', 'llama-bench.json'],
  ])('accepts the config and summary of a run imported with --format %s (%s)', async (format, fixture) => {
    const run = importedRun(format, fixture);
    const started = await t.gql<{ startRun: { id: string } }>(
      START_RUN,
      { input: startRunInput({ config: run.config }) },
      agent.token,
    );
    expect(started.errors).toBeUndefined();
    const finished = await t.gql(
      FINISH,
      { i: { runId: started.data!.startRun.id, status: run.status, summary: run.summary } },
      agent.token,
    );
    expect(finished.errors).toBeUndefined();
  });

  it.each<[string, (c: Record<string, unknown>) => unknown, string, RegExp]>([
    [
      'a negative offered rate',
      (c) => ({ ...c, load: { type: 'poisson', ratePerS: -1 } }),
      'startRun.input.config.load.ratePerS',
      /expected a rate > 0 requests\/s/,
    ],
    [
      'the snake_case load a scenario file writes',
      (c) => ({ ...c, load: { type: 'poisson', rate_per_s: 4 } }),
      'startRun.input.config.load.rate_per_s',
      /use the camelCase name ratePerS/,
    ],
    [
      'an unknown load model',
      (c) => ({ ...c, load: { type: 'zipf' } }),
      'startRun.input.config.load.type',
      /"zipf" is unknown/,
    ],
    ['an unknown key', (c) => ({ ...c, colour: 'blue' }), 'startRun.input.config', /colour/],
    ['no stop block', ({ stop: _stop, ...c }) => c, 'startRun.input.config.stop', /expected object/],
  ])(
    'refuses a config with %s, naming the field, and stores nothing',
    async (_what, change, field, problem) => {
      const before = await runCount();
      const config = change(
        agentRunConfig({ overrides: { ratePerS: 4 } }) as unknown as Record<string, unknown>,
      );
      const res = await t.gql(START_RUN, { input: startRunInput({ config }) }, agent.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors![0]!.message).toMatch(problem);
      expect(await runCount()).toBe(before);
    },
  );

  it('refuses a summary of another shape, naming the field, and keeps the run RUNNING', async () => {
    const started = await t.gql<{ startRun: { id: string } }>(
      START_RUN,
      { input: startRunInput() },
      agent.token,
    );
    const runId = started.data!.startRun.id;
    const summary = { ...agentRunSummary([sampleInput(0)]), ttftMs: { p50: '12 ms' } };
    const res = await t.gql(FINISH, { i: { runId, status: 'COMPLETED', summary } }, agent.token);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors![0]!.message).toMatch(/^finishRun\.input\.summary\.ttftMs\.\w+: /);
    const stored = await t.gql<{ run: { summary: unknown } }>(RUN, { id: runId }, t.adminToken);
    expect(stored.data!.run.summary).toBeNull();
    const note = await t.gql(
      FINISH,
      { i: { runId, status: 'ABORTED', summary: { note: 'agent stopped' } } },
      agent.token,
    );
    expect(note.errors).toBeUndefined();
  });
});
