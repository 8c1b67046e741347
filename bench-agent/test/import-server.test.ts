/* eslint-disable @typescript-eslint/no-explicit-any -- the test reads other tools' files ad hoc, independently of the importers' types */
/**
 * Every row of the interop README's table: each fixture (built from the tool's writer code, SOURCES.md)
 * is imported into the real `yardstick-server` on a temp DuckDB file, and the server's statistics are
 * compared with the file's own figures, computed here from the file independently of the importer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResults } from '../src/interop/import.service';
import { startRealServer, type RealServer } from './helpers/real-server';

const DIR = path.resolve(import.meta.dirname, 'fixtures/import');
const text = (f: string) => readFileSync(path.join(DIR, f), 'utf8');
/** Python's json: Infinity is not JSON; the test reads it its own way. */
const pyJson = (s: string) => JSON.parse(s.replace(/\bInfinity\b/g, '1e999')) as Record<string, any>;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** numpy.percentile / DuckDB quantile_cont: linear interpolation. */
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * (p / 100);
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

interface Stats {
  requests: number;
  errors: number;
  durationS: number | null;
  outputTokensPerS: number | null;
  totalTokensPerS: number | null;
  reportedBy: string | null;
  reportedFields: string[] | null;
  ttftMs: { p50: number | null; p99: number | null; count: number };
  tpotMs: { p50: number | null; p99: number | null };
  e2eMs: { p50: number | null; p99: number | null };
  errorsByKind: { kind: string; count: number }[];
}
interface Run {
  status: string;
  model: string;
  quantization: string;
  scenario: { name: string } | null;
  sampleCount: number;
  config: {
    import: { tool: string; toolVersion: string; timeBase: string; metadata: Record<string, unknown> };
  };
  stats: Stats;
}
const RUN = `query($id: ID!) { run(id: $id) { status model quantization sampleCount config
  stats { requests errors durationS outputTokensPerS totalTokensPerS reportedBy reportedFields
    ttftMs { p50 p99 count } tpotMs { p50 p99 } e2eMs { p50 p99 } errorsByKind { kind count } } } }`;

let server: RealServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-import-server-'));
  server = await startRealServer(path.join(dir, 'store.duckdb'));
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function importFile(
  format: string,
  file: string,
  overrides?: { model?: string; quantization?: string },
): Promise<Run[]> {
  const outcomes = await importResults({
    format,
    file: path.join(DIR, file),
    overrides,
    server: { url: server.url, token: server.agentToken, spoolDir: path.join(dir, 'spool') },
  });
  const runs: Run[] = [];
  for (const o of outcomes) {
    expect(o.upload?.delivered, o.upload?.offlineReason).toBe(true);
    runs.push((await server.gql<{ run: Run }>(RUN, { id: o.upload!.runId })).run);
  }
  return runs;
}

describe('vLLM bench serve', () => {
  it("0.1x --save-detailed without start_times: throughput is vLLM's own, latency from the samples; Bad Request is an HTTP status error", async () => {
    const doc = pyJson(text('vllm-0.1x-detailed.json'));
    const [run] = await importFile('vllm', 'vllm-0.1x-detailed.json');
    expect(run!.status).toBe('COMPLETED');
    expect(run!.stats.outputTokensPerS).toBeCloseTo(doc.output_throughput, 9);
    expect(run!.stats.reportedBy).toBe('vLLM bench serve');
    expect(run!.stats.reportedFields).toContain('outputTokensPerS');
    const ok = (doc.errors as string[]).map((e, i) => (e ? null : i)).filter((i): i is number => i !== null);
    expect(run!.stats.ttftMs.p99).toBeCloseTo(
      pct(
        ok.map((i) => doc.ttfts[i] * 1000),
        99,
      ),
      2,
    );
    expect(run!.stats.ttftMs.p99).toBeCloseTo(doc.p99_ttft_ms, 2);
    expect(run!.stats.errorsByKind).toEqual([{ kind: 'http_status', count: 1 }]);
    expect(run!.quantization).toBe('awq-int4');
    expect(run!.config.import.metadata).toMatchObject({ tp: '1', quantization: 'awq' });
  });

  it('0.1x --append-result with start_times: two runs, throughput from real send times', async () => {
    const docs = text('vllm-0.1x-append.json').trim().split('\n').map(pyJson);
    const runs = await importFile('vllm', 'vllm-0.1x-append.json');
    expect(runs).toHaveLength(2);
    runs.forEach((run, k) => {
      const d = docs[k]!;
      const ok = (d.errors as string[]).map((e, i) => (e ? null : i)).filter((i): i is number => i !== null);
      const t0 = Math.min(...(d.start_times as number[]));
      const end = Math.max(...ok.map((i) => d.start_times[i] + d.latencies[i]));
      const expected = sum(ok.map((i) => d.output_lens[i])) / (end - t0);
      expect(run.config.import.timeBase).toBe('send-times');
      expect(run.stats.reportedBy).toBeNull();
      expect(run.stats.outputTokensPerS!).toBeCloseTo(expected, 1);
      expect(Math.abs(run.stats.outputTokensPerS! / d.output_throughput - 1)).toBeLessThan(0.01);
    });
    expect(runs[1]!.stats.errorsByKind).toEqual([{ kind: 'stream_broken', count: 1 }]);
    expect(runs[0]!.quantization).toBe('fp8');
  });

  it('--save-result without --save-detailed: aggregate-only, every figure reported by vLLM', async () => {
    const doc = pyJson(text('vllm-0.1x-aggregate.json'));
    const [run] = await importFile('vllm', 'vllm-0.1x-aggregate.json');
    expect(run!.sampleCount).toBe(0);
    expect(run!.stats).toMatchObject({
      outputTokensPerS: doc.output_throughput,
      reportedBy: 'vLLM bench serve',
      requests: doc.completed + doc.failed,
    });
    expect(run!.stats.ttftMs.p99).toBeCloseTo(doc.p99_ttft_ms, 9);
    expect(run!.stats.tpotMs.p50).toBeCloseTo(doc.median_tpot_ms, 9);
  });
});

describe('AIPerf and GenAI-Perf', () => {
  it('profile_export.jsonl, multi-turn with warm-up: COMPLETED, unique seqs, warm-up excluded, throughput from send times', async () => {
    const recs = text('aiperf-multi-turn.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    const [run] = await importFile('aiperf', 'aiperf-multi-turn.jsonl', {
      model: 'Qwen/Qwen3-8B',
      quantization: 'AWQ-INT4',
    });
    const measured = recs.filter((r) => r.metadata.benchmark_phase === 'profiling');
    const ok = measured.filter((r) => !r.error);
    const t0 = Math.min(...measured.map((r) => r.metadata.request_start_ns));
    const end = Math.max(
      ...ok.map((r) => r.metadata.request_start_ns + r.metrics.request_latency.value * 1e6),
    );
    expect(run!.status).toBe('COMPLETED');
    expect(run!.sampleCount).toBe(recs.length);
    expect(run!.stats.requests).toBe(measured.length);
    expect(run!.stats.errorsByKind).toEqual([{ kind: 'http_status', count: 1 }]);
    expect(run!.stats.outputTokensPerS!).toBeCloseTo(
      sum(ok.map((r) => r.metrics.output_sequence_length.value)) / ((end - t0) / 1e9),
      1,
    );
    expect(run!.stats.tpotMs.p50).toBeCloseTo(
      pct(
        ok.map((r) => r.metrics.inter_token_latency.value),
        50,
      ),
      2,
    );
    expect(run!).toMatchObject({ model: 'Qwen/Qwen3-8B', quantization: 'awq-int4' });
  });

  it('a one-line profile_export.jsonl imports', async () => {
    const [run] = await importFile('aiperf', 'aiperf-one-record.jsonl');
    expect(run!.stats.requests).toBe(1);
  });

  it("profile_export_aiperf.json schema 1.5: AIPerf's own figures; count/sum are not percentiles; target URL kept", async () => {
    const doc = JSON.parse(text('aiperf-profile_export_aiperf.json')) as Record<string, any>;
    const [run] = await importFile('aiperf', 'aiperf-profile_export_aiperf.json');
    expect(run!.config.import.toolVersion).toMatch(/schema 1\.5/);
    expect(run!.stats.outputTokensPerS).toBe(doc.output_token_throughput.avg);
    expect(run!.stats.ttftMs).toEqual({
      p50: doc.time_to_first_token.p50,
      p99: doc.time_to_first_token.p99,
      count: doc.time_to_first_token.count,
    });
    expect(run!.stats.tpotMs.p99).toBe(doc.inter_token_latency.p99);
    expect(run!.config.import.metadata.targetUrl).toBe(doc.input_config.endpoint.url);
    expect(run!.quantization).toBe('awq-int4');
  });

  it('GenAI-Perf profile_export_genai_perf.json: model from input_config', async () => {
    const doc = JSON.parse(text('genai-perf-profile_export_genai_perf.json')) as Record<string, any>;
    const [run] = await importFile('aiperf', 'genai-perf-profile_export_genai_perf.json');
    expect(run!.config.import.tool).toBe('GenAI-Perf');
    expect(run!.model).toBe(doc.input_config.model_names[0]);
    expect(run!.stats).toMatchObject({
      outputTokensPerS: doc.output_token_throughput.avg,
      reportedBy: 'GenAI-Perf',
    });
    expect(run!.stats.e2eMs.p99).toBe(doc.request_latency.p99);
  });
});

describe('GuideLLM', () => {
  const check = (runs: Run[], doc: Record<string, any>) => {
    const [full, sampled] = runs;
    const b0 = doc.benchmarks[0];
    const ok = b0.requests.successful as Record<string, any>[];
    const starts = [...ok, ...b0.requests.errored].map((r) => r.info.timings.request_start as number);
    const end = Math.max(...ok.map((r) => r.info.timings.request_end as number));
    expect(full!.config.import.timeBase).toBe('send-times');
    expect(full!.stats.outputTokensPerS!).toBeCloseTo(
      sum(ok.map((r) => r.output_tokens)) / (end - Math.min(...starts)),
      1,
    );
    expect(full!.stats.errorsByKind).toEqual([{ kind: 'http_status', count: 1 }]);
    const b1 = doc.benchmarks[1];
    expect(sampled!.stats).toMatchObject({
      reportedBy: 'GuideLLM',
      outputTokensPerS: b1.metrics.output_tokens_per_second.successful.mean,
    });
    expect(sampled!.stats.ttftMs.p99).toBeCloseTo(
      b1.metrics.time_to_first_token_ms.successful.percentiles.p99,
      2,
    );
    expect(full!.model).toBe(b0.config.backend.model);
    expect(full!.quantization).toBe('gptq-int4');
  };
  it("0.7 JSON: per-request send times; a sampled benchmark takes GuideLLM's own figures", async () => {
    check(
      await importFile('guidellm', 'guidellm-0.7-benchmarks.json'),
      JSON.parse(text('guidellm-0.7-benchmarks.json')),
    );
  });
  it('0.7 YAML: the same runs', async () => {
    check(
      await importFile('guidellm', 'guidellm-0.7-benchmarks.yaml'),
      parseYaml(text('guidellm-0.7-benchmarks.yaml')),
    );
  });
  it('0.2/0.3 shape still imports', async () => {
    const [run] = await importFile('guidellm', 'guidellm-0.3-benchmarks.json');
    expect(run!.stats.reportedBy).toBe('GuideLLM');
  });
});

describe('llama-bench', () => {
  for (const file of ['llama-bench.json', 'llama-bench.jsonl']) {
    it(`${file}: sequential repetitions, one scenario per depth, Q4_K - Medium is q4_k_m`, async () => {
      const entries = (
        file.endsWith('l')
          ? text(file)
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l))
          : JSON.parse(text(file))
      ) as Record<string, any>[];
      const runs = await importFile('llama-bench', file);
      runs.forEach((run, i) => {
        const e = entries[i]!;
        const tokensPerS = ((e.n_prompt + e.n_gen) * e.samples_ns.length) / (sum(e.samples_ns) / 1e9);
        // samples carry ms rounded to 3 decimals: a relative error below 1e-6
        expect(Math.abs(run.stats.totalTokensPerS! / tokensPerS - 1)).toBeLessThan(1e-6);
        expect(Math.abs(run.stats.totalTokensPerS! / e.avg_ts - 1)).toBeLessThan(0.005);
        expect(run.stats.durationS!).toBeCloseTo(sum(e.samples_ns) / 1e9, 4);
        expect(run.quantization).toBe('q4_k_m');
      });
      const tgRuns = runs.filter((_, i) => entries[i]!.n_gen > 0);
      expect(tgRuns.map((r) => r.stats.outputTokensPerS! > 0)).toEqual([true, true]);
      expect(new Set(runs.map((r) => r.config.import.timeBase))).toEqual(new Set(['sequential']));
    });
  }
});
