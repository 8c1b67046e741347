import {
  blankSample,
  isObject,
  num,
  round3,
  hardwareFromSource,
  type ImportedRun,
  type ResultImporter,
} from './imported-run';
import { guessQuantization } from './vllm-bench.importer';
import type { HardwareLayer } from './import-hardware';

/**
 * llama.cpp `llama-bench -o json` (an array) or `-o jsonl` (one object per line). Each entry is one test:
 * `pp512` (n_prompt=512, n_gen=0: prompt processing), `tg128` (n_gen=128: generation) or `pp512+tg128`,
 * repeated `repetitions` times with per-repetition durations in `samples_ns`. Each entry becomes a run
 * whose samples are the repetitions. llama-bench runs the model in-process (no HTTP, no batching across
 * users), so these are engine-only numbers: comparable across hardware, not with served runs.
 */
export const llamaBenchImporter: ResultImporter = {
  format: 'llama-bench',
  description: 'llama.cpp llama-bench -o json / -o jsonl (one run per test, e.g. pp512, tg128)',
  parse(text, file) {
    const trimmed = text.trim();
    let entries: unknown[];
    try {
      const whole = JSON.parse(trimmed) as unknown;
      entries = Array.isArray(whole) ? whole : [whole];
    } catch {
      try {
        entries = trimmed
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as unknown);
      } catch (err) {
        throw new Error(
          `${file}: not llama-bench output (neither JSON nor JSON Lines: ${(err as Error).message})`,
        );
      }
    }
    if (!entries.length || !entries.every((e) => isObject(e) && Array.isArray(e.samples_ns))) {
      throw new Error(`${file}: not llama-bench output (expected objects with samples_ns)`);
    }
    return entries.map((e) => toRun(e as Record<string, unknown>, file));
  },
};

function toRun(e: Record<string, unknown>, file: string): ImportedRun {
  const nPrompt = num(e.n_prompt) ?? 0;
  const nGen = num(e.n_gen) ?? 0;
  const test = [nPrompt ? `pp${nPrompt}` : '', nGen ? `tg${nGen}` : ''].filter(Boolean).join('+');
  const unmapped = [
    'no HTTP server, no concurrency: send lag, queue time and chunk ITL do not exist (0 / empty)',
    'token counts are exact (llama-bench fixes them): recorded as CLIENT counts',
  ];
  const samples = (e.samples_ns as unknown[]).map((ns, i) => {
    const s = blankSample(i);
    const ms = round3((num(ns) ?? 0) / 1e6);
    s.e2eMs = ms;
    s.inputTokens = nPrompt;
    s.outputTokens = nGen;
    s.outputTokensClient = nGen;
    s.tokenSource = 'CLIENT';
    if (nPrompt && !nGen) s.ttftMs = ms; // prompt processing alone ≈ TTFT without queueing or HTTP
    if (nGen && !nPrompt) s.tpotMs = round3(ms / nGen); // pure decode: every token is a decode step
    return s;
  });
  if (nPrompt && !nGen)
    unmapped.push('pp test: ttftMs = prompt-processing time (≈ TTFT with an idle server)');
  if (nGen && !nPrompt)
    unmapped.push('tg test: tpotMs = duration / n_gen (pure decode, no prefill to exclude)');
  if (nPrompt && nGen) unmapped.push('pp+tg test: prefill and decode are not timed apart; only E2E is set');
  const model = String(e.model_type ?? e.model_filename ?? 'unknown');
  const started = typeof e.test_time === 'string' ? new Date(e.test_time) : new Date(0);
  const totalMs = samples.reduce((a, s) => a + (s.e2eMs ?? 0), 0);
  return {
    scenario: `llama-bench-${test || 'test'}`,
    targetUrl: 'in-process (llama-bench)',
    targetEngine: 'llama.cpp',
    model: String(e.model_filename ?? model),
    quantization: guessQuantization(model),
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + totalMs).toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource('llama-bench', hardwareStated(e)),
    config: {
      test,
      llamaBench: Object.fromEntries(
        [
          'backends',
          'n_batch',
          'n_ubatch',
          'n_threads',
          'n_gpu_layers',
          'type_k',
          'type_v',
          'flash_attn',
          'model_size',
          'model_n_params',
          'build_commit',
        ].map((k) => [k, e[k] ?? null]),
      ),
      import: {
        tool: 'llama-bench',
        format: 'llama-bench',
        file,
        metricMapping: { samples_ns: 'e2eMs per repetition', avg_ts: 'summary.tokensPerS' },
        unmapped,
        aggregateOnly: false,
      },
    },
    samples,
    summary: {
      source: 'llama-bench',
      tokensPerS: num(e.avg_ts),
      tokensPerSStddev: num(e.stddev_ts),
      avgMs: num(e.avg_ns) !== null ? round3(num(e.avg_ns)! / 1e6) : null,
    },
  };
}

/**
 * What a llama-bench entry says about the machine: `cpu_info` (CPU model), `gpu_info` (device names,
 * comma-separated; empty on CPU-only builds, which we leave unknown rather than read as "none"). Its
 * `n_threads` is how many threads the test used, not the core count: kept in notes and raw only.
 */
function hardwareStated(e: Record<string, unknown>): HardwareLayer | undefined {
  const cpu = typeof e.cpu_info === 'string' && e.cpu_info.trim() ? e.cpu_info.trim() : undefined;
  const gpus =
    typeof e.gpu_info === 'string' && e.gpu_info.trim()
      ? e.gpu_info
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
          .map((g) => ({ vendor: vendorOf(g), model: g, memoryBytes: null, driver: null }))
      : undefined;
  if (cpu === undefined && gpus === undefined) return undefined;
  const threads = num(e.n_threads);
  return {
    label: 'the source file (llama-bench cpu_info, gpu_info)',
    facts: { cpuModel: cpu, accelerators: gpus },
    notes:
      threads !== null
        ? [`llama-bench ran with n_threads ${threads} (threads used, not the core count)`]
        : [],
    raw: {
      cpu_info: e.cpu_info ?? null,
      gpu_info: e.gpu_info ?? null,
      backends: e.backends ?? null,
      n_threads: e.n_threads ?? null,
      build_commit: e.build_commit ?? null,
    },
  };
}

function vendorOf(gpu: string): string {
  if (/nvidia|geforce|rtx|tesla|[ahl]\d{2,3}\b/i.test(gpu)) return 'NVIDIA';
  if (/amd|radeon|instinct|mi\d{3}/i.test(gpu)) return 'AMD';
  if (/apple|m\d (pro|max|ultra)?/i.test(gpu)) return 'Apple';
  if (/intel|arc/i.test(gpu)) return 'Intel';
  return 'unknown';
}
