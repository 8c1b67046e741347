// Shared by the ingest benchmarks: a seeded columnar batch, an agent with a run, timing helpers.
import { mulberry32 } from '@yardstick/schema/seeded-random';
import { hardwareInput } from '../test/helpers';
import { agentRunConfig } from '../test/support/agent-run-data';
import type { SampleColumns } from '../src/ingest/sample-columns';

/** Deterministic pseudo-random numbers (the project's mulberry32), so every run sends the same data. */
export const seededRandom = mulberry32;

/** A realistic columnar batch: `count` samples from seq `firstSeq`, 8 inter-token gaps each. */
export function benchColumns(firstSeq: number, count: number, seed = 1): SampleColumns {
  const rnd = seededRandom(seed);
  const seq = Array.from({ length: count }, (_, i) => firstSeq + i);
  const ttft = seq.map(() => Math.round((20 + rnd() * 200) * 1000) / 1000);
  return {
    seq,
    warmup: seq.map(() => false),
    scheduledAtMs: seq.map((s) => s * 12.5),
    sentAtMs: seq.map((s) => s * 12.5 + 0.3),
    sendLagMs: seq.map(() => 0.3),
    queueMs: seq.map(() => 0),
    ttftMs: ttft,
    e2eMs: ttft.map((t) => Math.round((t + 300 + rnd() * 100) * 1000) / 1000),
    tpotMs: seq.map(() => Math.round((8 + rnd() * 4) * 1000) / 1000),
    itlMs: seq.map(() => Array.from({ length: 8 }, () => Math.round((5 + rnd() * 10) * 1000) / 1000)),
    inputTokens: seq.map(() => 512),
    outputTokens: seq.map(() => 128),
    outputTokensServer: seq.map(() => 128),
    outputTokensClient: seq.map(() => 128),
    tokenSource: seq.map(() => 'SERVER' as const),
    errorKind: seq.map(() => null),
    errorMessage: seq.map(() => null),
  };
}

/** The same batch as GraphQL SampleInput objects (one object per sample). */
export function columnsToRows(columns: SampleColumns): Record<string, unknown>[] {
  const keys = Object.keys(columns) as (keyof SampleColumns)[];
  return columns.seq.map((_, i) => Object.fromEntries(keys.map((k) => [k, columns[k][i]])));
}

/** A StartRunInput for benchmark runs, its config the one the agent sends (test/support/agent-run-data.ts). */
export function benchRunInput(clientRunId: string) {
  return {
    clientRunId,
    scenario: 'bench',
    targetUrl: 'http://127.0.0.1:1/v1',
    targetEngine: 'bench',
    model: 'bench-model',
    quantization: 'fp16',
    config: agentRunConfig({ model: 'bench-model', targetEngine: 'bench' }),
    hardware: hardwareInput(),
  };
}

/** POSTs JSON and returns the parsed answer; throws on a non-2xx status or GraphQL errors. */
export async function postJson(url: string, token: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const parsed = (await res.json()) as Record<string, unknown>;
  if (!res.ok || parsed.errors)
    throw new Error(`${url}: ${res.status} ${JSON.stringify(parsed).slice(0, 500)}`);
  return parsed;
}

/** Formats a number with thousands separators. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
