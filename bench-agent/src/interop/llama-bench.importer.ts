import { ImportFormatError, parsePythonJson } from './import-format-error';
import {
  blankSample,
  hardwareFromSource,
  isObject,
  num,
  round3,
  type ImportedRun,
  type ResultImporter,
} from './imported-run';
import type { HardwareLayer } from './import-hardware';
import { ggufTypeFromFtypeName, guessQuantization } from './quantization';

/**
 * llama.cpp `llama-bench -o json` (an array) or `-o jsonl` (one object per line), as
 * `tools/llama-bench/llama-bench.cpp` prints `test::get_fields()` + `samples_ns` + `samples_ts`. Each
 * entry is one test — `pp512` (n_prompt=512), `tg128` (n_gen=128) or `pp512+tg128` — at a context
 * depth `n_depth` (tokens already in the KV cache, filled before the timer starts), repeated
 * `repetitions` times one after another; `samples_ns` holds each repetition's time. Each entry becomes a
 * run whose samples are the repetitions, sent back to back (time base "sequential": the run lasts the
 * sum of its repetitions). A test at another depth is another scenario.
 */
export const llamaBenchImporter: ResultImporter = {
  format: 'llama-bench',
  description:
    'llama.cpp llama-bench -o json / -o jsonl (one run per test and depth, e.g. pp512, tg128@d4096)',
  parse(text, file) {
    const trimmed = text.trim();
    const entries: { e: unknown; place: string }[] = [];
    if (trimmed.startsWith('[')) {
      const whole = parsePythonJson(trimmed, file);
      (whole as unknown[]).forEach((e, i) => entries.push({ e, place: `entry ${i + 1}` }));
    } else {
      text.split('\n').forEach((l, i) => {
        if (l.trim()) entries.push({ e: parsePythonJson(l, file, i + 1), place: `line ${i + 1}` });
      });
    }
    if (!entries.length)
      throw new ImportFormatError(
        file,
        '',
        'expected llama-bench -o json or -o jsonl output; the file holds no test',
      );
    return entries.map(({ e, place }) => {
      if (!isObject(e) || !Array.isArray(e.samples_ns) || num(e.n_prompt) === null || num(e.n_gen) === null)
        throw new ImportFormatError(
          file,
          place,
          'expected a llama-bench test object with n_prompt, n_gen and samples_ns (llama-bench -o json / -o jsonl)',
        );
      const bad = e.samples_ns.findIndex((ns) => !(typeof ns === 'number' && ns > 0));
      if (bad >= 0)
        throw new ImportFormatError(
          file,
          `${place}, samples_ns[${bad}]`,
          'expected a positive duration in ns',
        );
      return toRun(e, file);
    });
  },
};

function toRun(e: Record<string, unknown>, file: string): ImportedRun {
  const nPrompt = num(e.n_prompt)!;
  const nGen = num(e.n_gen)!;
  const nDepth = num(e.n_depth) ?? 0;
  const test = [nPrompt ? `pp${nPrompt}` : '', nGen ? `tg${nGen}` : ''].filter(Boolean).join('+') || 'test';
  const scenario = `llama-bench-${test}${nDepth ? `@d${nDepth}` : ''}`;
  const samplesNs = e.samples_ns as number[];
  let sentAtMs = 0;
  const samples = samplesNs.map((ns, i) => {
    const s = blankSample(i);
    const ms = round3(ns / 1e6);
    s.sentAtMs = s.scheduledAtMs = round3(sentAtMs);
    sentAtMs += ns / 1e6;
    s.e2eMs = ms;
    s.inputTokens = nPrompt;
    s.outputTokens = nGen;
    s.outputTokensClient = nGen;
    s.tokenSource = 'CLIENT';
    if (nPrompt && !nGen) s.ttftMs = ms; // prompt processing alone ≈ TTFT without queueing or HTTP
    if (nGen && !nPrompt) s.tpotMs = round3(ms / nGen); // pure decode: every token is a decode step
    return s;
  });
  const totalS = samplesNs.reduce((a, b) => a + b, 0) / 1e9;
  const tokens = (nPrompt + nGen) * samplesNs.length;
  const avgTs = num(e.avg_ts);
  const ours = tokens / totalS;
  const unmapped = [
    'no HTTP server, no concurrency: send lag, queue time and chunk ITL do not exist (0 / empty)',
    'token counts are exact (llama-bench fixes them): recorded as CLIENT counts',
    'time base: repetitions run one after another; each sample is sent when the previous one ended, so the run lasts the sum of samples_ns (the untimed warm-up run and any depth prefill are not in it)',
  ];
  if (nPrompt && !nGen)
    unmapped.push(
      'pp test: ttftMs = prompt-processing time (≈ TTFT with an idle server); throughput is in total (prompt) tokens/s, output tokens are 0',
    );
  if (nGen && !nPrompt)
    unmapped.push('tg test: tpotMs = duration / n_gen (pure decode, no prefill to exclude)');
  if (nPrompt && nGen) unmapped.push('pp+tg test: prefill and decode are not timed apart; only E2E is set');
  if (nDepth)
    unmapped.push(
      `n_depth ${nDepth}: that many tokens were in the KV cache before each repetition (not counted as input tokens)`,
    );
  if (avgTs !== null && Math.abs(ours / avgTs - 1) > 0.001)
    unmapped.push(
      `throughput: llama-bench's avg_ts ${avgTs} is the mean of per-repetition rates; tokens / total time is ${round3(ours)} (${round3((ours / avgTs - 1) * 100)}%)`,
    );
  const modelType = String(e.model_type ?? '');
  const model = String(e.model_filename ?? (modelType || 'unknown'));
  const quantization = ggufTypeFromFtypeName(modelType) ?? guessQuantization(model);
  const started = typeof e.test_time === 'string' ? new Date(e.test_time) : new Date(0);
  return {
    scenario,
    targetUrl: 'in-process (llama-bench)',
    targetEngine: 'llama.cpp',
    model,
    quantization,
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + totalS * 1000).toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource('llama-bench', hardwareStated(e)),
    config: {
      test,
      nDepth,
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
          'model_type',
          'model_size',
          'model_n_params',
          'build_commit',
          'build_number',
        ]
          .filter((k) => e[k] !== undefined)
          .map((k) => [k, e[k]]),
      ),
      import: {
        tool: 'llama-bench',
        toolVersion: `build ${String(e.build_number ?? '?')} (${String(e.build_commit ?? 'unknown commit')})`,
        fileKind: '-o json / -o jsonl test entry',
        format: 'llama-bench',
        file,
        timeBase: 'sequential',
        metricMapping: {
          samples_ns: 'e2eMs per repetition',
          avg_ts: 'summary.reported (tokens/s)',
          model_type: 'quantization (GGUF file type)',
        },
        unmapped,
        aggregateOnly: false,
        metadata: { modelType, nDepth },
      },
    },
    samples,
    summary: {
      reported: {
        tool: 'llama-bench',
        authoritative: [],
        requests: samplesNs.length,
        errors: 0,
        durationS: totalS,
        inputTokens: nPrompt * samplesNs.length,
        outputTokens: nGen * samplesNs.length,
        requestsPerS: null,
        outputTokensPerS: nGen && !nPrompt ? avgTs : null,
        totalTokensPerS: avgTs,
      },
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
