import { afterEach, describe, expect, it } from 'vitest';
import { runWithWorkers } from '../src/workers/worker-pool';
import { resolveWorkerCount, splitScenario } from '../src/workers/load-split';
import { runScenario } from '../src/run/run.service';
import { measuredRun, type MeasuredSummary } from '../src/workers/measured-run';
import { startFakeGraphql } from './helpers/fake-graphql.server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let target: FakeOpenAiServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('load split', () => {
  it('divides concurrency, rates, caps and request counts over workers', () => {
    const s = scenarioFixture({
      load: { type: 'poisson', rate_per_s: 90, max_concurrency: 10 },
      stop: { requests: 100 },
      warmup: { requests: 5 },
    });
    const shares = splitScenario(s, {}, 3);
    expect(shares.map((x) => (x.scenario.load as { rate_per_s: number }).rate_per_s)).toEqual([30, 30, 30]);
    expect(shares.map((x) => (x.scenario.load as { max_concurrency: number }).max_concurrency)).toEqual([
      4, 3, 3,
    ]);
    expect(shares.map((x) => x.scenario.stop.requests)).toEqual([34, 33, 33]);
    expect(shares.map((x) => x.scenario.warmup.requests)).toEqual([2, 2, 1]);
    expect(new Set(shares.map((x) => x.scenario.seed)).size).toBe(3);
    expect(() =>
      splitScenario(scenarioFixture({ load: { type: 'concurrency', concurrency: 2 } }), {}, 3),
    ).toThrow(/load.concurrency = 2 cannot be split over 3 workers/);
    expect(resolveWorkerCount('auto', 16)).toBe(16);
    expect(() => resolveWorkerCount('two', 4)).toThrow(/--workers: expected a positive integer or "auto"/);
  });
});

describe('worker processes', () => {
  it('two processes together send every request and merge histograms like one process', async () => {
    target = await startFakeOpenAi({ ttftMs: 20, itlMs: 2 });
    const scenario = scenarioFixture({
      load: { type: 'concurrency', concurrency: 4 },
      stop: { requests: 40 },
    });
    const pooled = await runWithWorkers({ targetUrl: target.url, scenario, hardware: HARDWARE_FIXTURE }, 2);
    expect(pooled.status).toBe('COMPLETED');
    expect(pooled.perWorker.map((w) => w.requests)).toEqual([20, 20]);
    expect(target.requests).toHaveLength(40);
    const s = pooled.summary;
    expect(s.requests).toBe(40);
    expect(s.errors).toBe(0);
    expect(s.outputTokens).toBe(40 * 8);
    expect(s.ttftMs.count).toBe(40);
    // The fake server injects 20 ms before the first token: every TTFT is at least that.
    expect(s.ttftMs.min!).toBeGreaterThanOrEqual(19);
    expect(s.agentCpu?.processes).toBe(2);
    // Same workload from a single process: same counts, TTFT of the same order.
    const single = await runScenario({
      targetUrl: target.url,
      scenario,
      hardware: HARDWARE_FIXTURE,
      keepSamples: false,
    });
    expect(single.samples).toHaveLength(0);
    expect(single.summary.requests).toBe(40);
    expect(single.summary.itlMs.count).toBe(s.itlMs.count);
    expect(s.ttftMs.p50! / single.summary.ttftMs.p50!).toBeGreaterThan(0.3);
    expect(s.ttftMs.p50! / single.summary.ttftMs.p50!).toBeLessThan(3);
  });

  it('a measured multi-process run uploads one run with the merged summary, energy and cost', async () => {
    target = await startFakeOpenAi({ ttftMs: 5 });
    const gql = await startFakeGraphql('tok');
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'pooled-spool-'));
    try {
      const scenario = scenarioFixture({ stop: { requests: 8 } });
      const r = await measuredRun(
        {
          targetUrl: target.url,
          scenario,
          hardware: HARDWARE_FIXTURE,
          server: { url: gql.url, token: 'tok', spoolDir },
        },
        {
          workers: 2,
          telemetry: ['host'],
          telemetryOptions: { intervalMs: 100 },
          cost: { kind: 'hourly', usdPerHour: 3.6 },
        },
      );
      expect(r.upload).toMatchObject({ delivered: true, runId: 'run-1' });
      expect(gql.log.startRun).toHaveLength(1);
      // Every request's sample, from both workers, under the one run: worker w's k-th is k × 2 + w.
      const seqs = gql.log.appendSamples.flatMap((b) => b.samples.map((x) => (x as { seq: number }).seq));
      expect(seqs.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(gql.log.startRun[0]).toMatchObject({ config: { workers: 2, samplesUploaded: true } });
      const uploaded = gql.log.finishRun[0]!.summary as MeasuredSummary;
      expect(uploaded.requests).toBe(8);
      expect(uploaded.ttftMs.count).toBe(8);
      expect(uploaded.telemetry?.collectors).toEqual([
        { name: 'host', available: true, samples: expect.any(Number) },
      ]);
      // The host collector measures no power, so no energy figure is claimed.
      expect(uploaded.energyJoules).toBeUndefined();
      // $3.6/h = $0.001/s: $/Mtok = 1e6 × 0.001 / output tokens per second.
      expect(uploaded.cost!.usage.outputUsdPerMtok).toBeCloseTo(1000 / uploaded.outputTokensPerS!, 6);
    } finally {
      await gql.close();
      rmSync(spoolDir, { recursive: true, force: true });
    }
  });

  it('reports a worker failure with its message', async () => {
    await expect(
      runWithWorkers(
        { targetUrl: 'http://127.0.0.1:1', scenario: scenarioFixture(), hardware: HARDWARE_FIXTURE },
        2,
      ),
    ).rejects.toThrow(/worker \d: cannot list models/);
  });
});
