import { execFile } from 'node:child_process';
import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { importerFor } from '../src/interop/importer.registry';
import { guessQuantization } from '../src/interop/vllm-bench.importer';
import { startFakeGraphql } from './helpers/fake-graphql.server';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');
const DIR = path.resolve(import.meta.dirname, 'fixtures/import');
const read = (f: string) => readFileSync(path.join(DIR, f), 'utf8');
const parse = (format: string, f: string) => importerFor(format).parse(read(f), f);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('import: vLLM bench serve', () => {
  it('turns per-request arrays into samples with our TTFT/TPOT/ITL/E2E (seconds → ms)', () => {
    const [run] = parse('vllm', 'vllm-bench-serve.json');
    expect(run!.samples).toHaveLength(4);
    const s0 = run!.samples[0]!;
    expect(s0.ttftMs).toBe(50);
    expect(s0.itlMs).toEqual([10, 11, 12]);
    expect(s0.e2eMs).toBe(83); // 50 + 10 + 11 + 12
    expect(s0.tpotMs).toBe(11); // (83 - 50) / (4 - 1)
    expect(s0.outputTokens).toBe(4);
    expect(run!.samples[3]).toMatchObject({ errorKind: 'http_status', ttftMs: null });
    expect(run!.samples[3]!.errorMessage).toContain('prompt too long');
    expect(run!.quantization).toBe('awq-int4');
    expect(run!.startedAt).toBe('2025-06-12T10:15:30.000Z');
    expect(run!.summary.sourcePercentiles).toMatchObject({
      ttftMs: { mean: 55, p50: 55, std: 4.08, p99: 59.9 },
      e2eMs: { p99: 99.9 },
    });
    expect(run!.config.import.unmapped.join('\n')).toMatch(/E2E per request: not saved/);
  });

  it('an aggregate-only file becomes a run with zero samples, and says so', () => {
    const doc = JSON.parse(read('vllm-bench-serve.json')) as Record<string, unknown>;
    for (const k of ['input_lens', 'output_lens', 'ttfts', 'itls', 'errors', 'generated_texts'])
      delete doc[k];
    const [run] = importerFor('vllm').parse(JSON.stringify(doc), 'agg.json');
    expect(run!.samples).toEqual([]);
    expect(run!.config.import.aggregateOnly).toBe(true);
    expect(run!.config.import.unmapped.join('\n')).toMatch(/--save-detailed/);
  });
});

describe('import: AIPerf', () => {
  it('per-record JSONL: AIPerf "inter_token_latency" lands in tpotMs, "inter_chunk_latency" in itlMs', () => {
    const [run] = parse('aiperf', 'aiperf-profile_export.jsonl');
    expect(run!.samples).toHaveLength(3);
    const s0 = run!.samples[0]!;
    expect(s0.ttftMs).toBeCloseTo(255.886568, 6);
    expect(s0.e2eMs).toBeCloseTo(297.525228, 6);
    expect(s0.tpotMs).toBeCloseTo((297.525228 - 255.886568) / 8, 5);
    expect(s0.itlMs).toHaveLength(8);
    expect(s0.tokenSource).toBe('CLIENT');
    expect(run!.samples[1]!.sentAtMs).toBe(100); // request_start_ns 100 ms after the first
    expect(run!.samples[2]).toMatchObject({ errorKind: 'cancelled', inputTokens: 550 });
    expect(run!.config.import.metricMapping.inter_token_latency).toMatch(/our TPOT/);
  });

  it('aggregate JSON: zero samples, percentiles kept in summary, model and load from input_config', () => {
    const [run] = parse('aiperf', 'aiperf-profile_export_aiperf.json');
    expect(run!.samples).toEqual([]);
    expect(run!.model).toBe('openai/gpt-oss-20b');
    expect(run!.summary).toMatchObject({ requests: 200, requestsPerS: 13.16084556379392 });
    expect(run!.summary.sourcePercentiles).toMatchObject({
      tpotMs: { mean: 51.76, p99: 55.87 },
      e2eMs: { p25: 5678.539702, p99: 9381.628943169999 },
    });
    expect(run!.config.import.aggregateOnly).toBe(true);
  });
});

describe('import: GuideLLM', () => {
  it('one run per benchmark; ITL = our TPOT; sampled requests are noted', () => {
    const runs = parse('guidellm', 'guidellm-benchmarks.json');
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.scenario).toBe('guidellm-constant-2rps');
    expect(run.samples).toHaveLength(3);
    const s0 = run.samples[0]!;
    expect(s0.ttftMs).toBe(80);
    expect(s0.e2eMs).toBe(380);
    expect(s0.tpotMs).toBe(20); // (380 - 80) / 15
    expect(run.samples[2]).toMatchObject({ errorKind: 'http_status' });
    expect(run.summary.sourcePercentiles).toMatchObject({
      tpotMs: { mean: 21, p99: 22 },
      e2eMs: { p50: 400 },
    });
    const notes = run.config.import.unmapped.join('\n');
    expect(notes).toMatch(/only 3 of 60 requests/);
    expect(notes).toMatch(/time_per_output_token_ms .* no equivalent/);
  });
});

describe('import: llama-bench', () => {
  it('JSON array: one run per test, repetitions as samples, quantization from the model type', () => {
    const [pp, tg] = parse('llama-bench', 'llama-bench.json');
    expect(pp!.scenario).toBe('llama-bench-pp512');
    expect(pp!.samples.map((s) => s.ttftMs)).toEqual([98, 100, 102]);
    expect(tg!.scenario).toBe('llama-bench-tg128');
    expect(tg!.samples[1]!.tpotMs).toBe(10); // 1280 ms / 128 tokens
    expect(tg!.quantization).toBe('q4_0');
    expect(tg!.hardware.accelerators[0]).toMatchObject({ vendor: 'NVIDIA', model: 'NVIDIA A100-SXM4-80GB' });
    expect(tg!.summary.tokensPerS).toBe(100);
  });

  it('JSONL gives the same run as the JSON entry', () => {
    const [fromJsonl] = parse('llama-bench', 'llama-bench.jsonl');
    const [, fromJson] = parse('llama-bench', 'llama-bench.json');
    expect(fromJsonl!.samples).toEqual(fromJson!.samples);
  });
});

describe('import: errors and labels', () => {
  it('names the file and what was expected for a wrong format', () => {
    expect(() => parse('guidellm', 'vllm-bench-serve.json')).toThrow(
      /vllm-bench-serve.json: not a GuideLLM report/,
    );
    expect(() => parse('llama-bench', 'guidellm-benchmarks.json')).toThrow(/not llama-bench output/);
    expect(() => importerFor('mlperf')).toThrow(/expected one of: vllm, aiperf, guidellm, llama-bench/);
  });

  it('guesses quantization labels from model names', () => {
    expect(guessQuantization('TheBloke/Llama-2-7B-GPTQ')).toBe('gptq-int4');
    expect(guessQuantization('neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8')).toBe('fp8');
    expect(guessQuantization('llama 7B Q4_K_M')).toBe('q4_k_m');
    expect(guessQuantization('meta-llama/Llama-3.1-8B-Instruct')).toBe('unknown');
  });
});

describe('yardstick-agent import (CLI, through the spooled uploader)', () => {
  it('uploads every sample once; importing the same file again creates no second run', async () => {
    const server = await startFakeGraphql('tok');
    cleanups.push(server.close);
    const spoolDir = mkdtempSync(path.join(tmpdir(), 'yardstick-import-'));
    const args = ['import', '--format', 'vllm', path.join(DIR, 'vllm-bench-serve.json')];
    const up = [...args, '--server', server.url, '--token', 'tok', '--spool-dir', spoolDir];
    const first = await execFileAsync(process.execPath, [BIN, ...up]);
    expect(first.stdout).toMatch(/4 samples, \d+ unmapped note\(s\) -> run run-1/);
    expect(first.stdout).toContain('unmapped: E2E per request');
    await execFileAsync(process.execPath, [BIN, ...up]);
    expect(server.log.startRun).toHaveLength(1);
    expect(server.log.startRun[0]).toMatchObject({
      model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      quantization: 'awq-int4',
    });
    expect(server.log.appendSamples).toHaveLength(1);
    expect(server.log.appendSamples[0]!.samples).toHaveLength(4);
    expect(server.log.finishRun[0]).toMatchObject({
      status: 'COMPLETED',
      finishedAt: '2025-06-12T10:15:31.234Z',
    });
    expect(readdirSync(spoolDir)).toEqual([]);
    const dry = await execFileAsync(process.execPath, [BIN, ...args, '--dry-run']);
    expect(dry.stdout).toContain('(dry run)');
  });
});
