import { afterEach, describe, expect, it } from 'vitest';
import { isSaturated } from '../src/sweep/saturation';
import { parseSweepPoints, runSweep } from '../src/sweep/sweep.service';
import { sweepCsv, sweepTable, sweepVerdicts } from '../src/sweep/sweep-report';
import type { SweepRow } from '../src/sweep/sweep.types';
import { startFakeOpenAi, type FakeOpenAiServer } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let target: FakeOpenAiServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const row = (load: number, rps: number, over: Partial<SweepRow> = {}): SweepRow => ({
  quantization: 'int8',
  loadKind: 'concurrency',
  load,
  status: 'COMPLETED',
  requests: 100,
  errors: 0,
  requestsPerS: rps,
  outputTokensPerS: rps * 10,
  goodputRequestsPerS: rps,
  goodputOutputTokensPerS: rps * 10,
  goodFraction: 1,
  ttftP50Ms: 10,
  ttftP95Ms: 20,
  ttftP99Ms: 30,
  tpotP50Ms: 1,
  tpotP95Ms: 2,
  e2eP99Ms: 50,
  sendLagP99Ms: 0.1,
  agentCpuPercent: 5,
  joulesPerOutputToken: null,
  outputUsdPerMtok: null,
  meetsSlo: true,
  saturated: false,
  runId: null,
  ...over,
});

describe('saturation and verdicts', () => {
  it('detects saturation on concurrency and rate sweeps (worked example)', () => {
    expect(isSaturated(row(2, 19), row(1, 10))).toBe(false);
    expect(isSaturated(row(8, 36), row(4, 35))).toBe(true);
    expect(isSaturated({ loadKind: 'rate', load: 100, requestsPerS: 95 }, undefined)).toBe(false);
    expect(isSaturated({ loadKind: 'rate', load: 100, requestsPerS: 70 }, undefined)).toBe(true);
  });

  it('finds the highest load meeting the SLO and the max goodput per quantization', () => {
    const rows = [
      row(1, 10),
      row(2, 19),
      row(4, 35, { meetsSlo: false, goodputOutputTokensPerS: 300 }),
      row(8, 36, { meetsSlo: false, saturated: true, goodputOutputTokensPerS: 100 }),
      row(1, 8, { quantization: 'fp16' }),
    ];
    expect(sweepVerdicts(rows)).toEqual([
      {
        quantization: 'int8',
        maxLoadMeetingSlo: 2,
        maxGoodputLoad: 4,
        maxGoodputOutputTokensPerS: 300,
        saturationLoad: 8,
      },
      {
        quantization: 'fp16',
        maxLoadMeetingSlo: 1,
        maxGoodputLoad: 1,
        maxGoodputOutputTokensPerS: 80,
        saturationLoad: null,
      },
    ]);
    const csv = sweepCsv(rows).trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(csv[0]!.split(',')).toContain('goodputOutputTokensPerS');
    expect(sweepTable(rows)).toMatch(
      /int8: highest load meeting the SLO 2; max goodput 300\.0 output tok\/s at 4; saturation at 8/,
    );
  });

  it('parses point lists and ranges, naming the flag on errors', () => {
    expect(parseSweepPoints('concurrency', '1..16').map((p) => p.value)).toEqual([1, 2, 4, 8, 16]);
    expect(parseSweepPoints('rate', '5, 0.5,2').map((p) => p.value)).toEqual([0.5, 2, 5]);
    expect(() => parseSweepPoints('concurrency', '1,2.5')).toThrow(
      /--concurrency "1,2.5": expected a comma list of positive integers/,
    );
    expect(() => parseSweepPoints('rate', 'fast')).toThrow(/--rates "fast"/);
  });
});

describe('sweep against a local server', () => {
  it('writes one row per point and judges the SLO per point', async () => {
    target = await startFakeOpenAi({ ttftMs: 40, itlMs: 1 });
    const seen: number[] = [];
    const rows = await runSweep({
      run: {
        targetUrl: target.url,
        scenario: scenarioFixture({ slo: { ttft_p95_ms: 20 } }),
        quantization: 'int8',
        hardware: HARDWARE_FIXTURE,
        keepSamples: false,
      },
      points: parseSweepPoints('concurrency', '1,2'),
      requestsPerPoint: 6,
      measurement: { cost: { kind: 'hourly', usdPerHour: 3.6 } },
      onRow: (r) => seen.push(r.load),
    });
    expect(seen).toEqual([1, 2]);
    expect(rows.map((r) => [r.quantization, r.load, r.requests])).toEqual([
      ['int8', 1, 6],
      ['int8', 2, 6],
    ]);
    // Every TTFT is ≥ 40 ms against a 20 ms limit: nothing is good, the SLO is missed everywhere.
    for (const r of rows) {
      expect(r.ttftP50Ms!).toBeGreaterThanOrEqual(39);
      expect(r.goodFraction).toBe(0);
      expect(r.meetsSlo).toBe(false);
      expect(r.outputUsdPerMtok).toBeNull(); // priced on goodput, which is zero
    }
    // Twice the concurrency at a fixed service time: roughly twice the throughput.
    // (1.2, not 2: on a loaded 2-core machine the client and server compete for the same cores.)
    expect(rows[1]!.requestsPerS! / rows[0]!.requestsPerS!).toBeGreaterThan(1.2);
    expect(sweepVerdicts(rows)[0]!.maxLoadMeetingSlo).toBeNull();
  });
});
