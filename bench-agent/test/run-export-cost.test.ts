import { describe, expect, it } from 'vitest';
import type { ExportRunQuery } from '../src/graphql/agent-operations';
import { priceRun } from '../src/cost/run-cost';
import { runToCsv, runToJson } from '../src/interop/run-export';

// `export` carries the run's cost per million output tokens when the agent priced it: the summary's
// cost block is built here by the agent's own priceRun, as `run --price-usd-per-hour 2.5` stores it.
type Run = NonNullable<ExportRunQuery['run']>;
const pct = { count: 10, mean: 100, min: 90, p50: 100, p90: 110, p95: 115, p99: 120, max: 125 };

function run(summary: unknown): Run {
  return {
    id: 'r1',
    agentId: 'a1',
    scenario: 'chat',
    targetUrl: 'http://127.0.0.1:8000/v1',
    targetEngine: 'vllm',
    model: 'llama-3.1-8b',
    quantization: 'fp8',
    engineBackend: null,
    status: 'COMPLETED',
    startedAt: '2026-02-01T00:00:00.000Z',
    finishedAt: '2026-02-01T00:01:00.000Z',
    config: {},
    summary,
    sampleCount: 10,
    hardware: null,
    stats: {
      requests: 10,
      errors: 0,
      inputTokens: 20_000,
      outputTokens: 10_000,
      durationS: 10,
      requestsPerS: 1,
      outputTokensPerS: 1000,
      totalTokensPerS: 3000,
      ttftMs: pct,
      tpotMs: pct,
      itlMs: pct,
      e2eMs: pct,
      errorsByKind: [],
    },
  } as Run;
}

describe('export: cost per Mtok of a priced run', () => {
  const cost = priceRun(
    { kind: 'hourly', usdPerHour: 2.5 },
    { inputTokensPerS: 2000, outputTokensPerS: 1000 },
    { utilisation: 0.5 },
  );
  const usage = (2.5 * 1e6) / (1000 * 3600); // $0.6944 per output Mtok while busy
  const allocation = usage / 0.5;

  it('fills the CSV cost columns on every row', () => {
    const rows = runToCsv(run({ cost }))
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const head = rows[0]!;
    const col = (name: string) => head.indexOf(name);
    expect(rows).toHaveLength(5);
    for (const row of rows.slice(1)) {
      expect(Number(row[col('usd_per_hour')])).toBe(2.5);
      expect(Number(row[col('output_usd_per_mtok_usage')])).toBeCloseTo(usage, 12);
      expect(Number(row[col('output_usd_per_mtok_allocation')])).toBeCloseTo(allocation, 12);
      expect(Number(row[col('utilisation')])).toBe(0.5);
    }
    const unpriced = runToCsv(run({})).trim().split('\n')[1]!.split(',');
    expect(unpriced[col('usd_per_hour')]).toBe('');
  });

  it('adds costPerMtok to the JSON', () => {
    expect(JSON.parse(runToJson(run({ cost }))).costPerMtok).toEqual({
      usdPerHour: 2.5,
      outputUsdPerMtokUsage: expect.closeTo(usage, 12),
      outputUsdPerMtokAllocation: expect.closeTo(allocation, 12),
      utilisation: 0.5,
    });
    expect(JSON.parse(runToJson(run(null))).costPerMtok).toBeNull();
  });
});
