import { classifyVllmError } from './foreign-errors';
import { ImportFormatError, parsePythonJson } from './import-format-error';
import {
  blankSample,
  hardwareFromSource,
  isObject,
  num,
  round3,
  tpotMs,
  type ImportedRun,
  type ReportedDistribution,
  type ResultImporter,
} from './imported-run';
import { guessQuantization, normaliseQuantization } from './quantization';

const TOOL = 'vLLM bench serve';

/**
 * `vllm bench serve --save-result [--save-detailed] [--append-result] [--metadata K=V …]` JSON, as
 * `vllm/benchmarks/serve.py` writes it (`json.dump(result_json)`, one line per result; `--append-result`
 * adds a newline and the next result, so a file can hold several — each becomes a run). Python's
 * json writes `Infinity` for `--burstiness inf`.
 * Aggregates: `duration`, `completed`, `failed`, `total_input_tokens`, `total_output_tokens`,
 * `request_throughput`, `output_throughput`, `total_token_throughput`, `mean|median|std|pNN_<m>_ms`.
 * With --save-detailed, per request: `input_lens`, `output_lens`, `ttfts`, `itls` (seconds), `errors`
 * ("" on success) and, in newer 0.1x releases, `start_times` (perf_counter seconds), `latencies`,
 * `queue_times`. vLLM's TTFT, TPOT and ITL have our definitions, so they map 1:1.
 */
export const vllmBenchImporter: ResultImporter = {
  format: 'vllm',
  description:
    'vLLM `vllm bench serve --save-result` JSON (per request with --save-detailed; --append-result files)',
  parse(text, file) {
    const lines = text.split('\n');
    const runs: ImportedRun[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const doc = parsePythonJson(line, file, i + 1);
      if (!isObject(doc) || typeof doc.duration !== 'number' || doc.completed === undefined) {
        throw new ImportFormatError(
          file,
          `line ${i + 1}`,
          'expected a vLLM bench serve result object with "duration" and "completed" (vllm bench serve --save-result)',
        );
      }
      runs.push(toRun(doc, file, `line ${i + 1}`));
    });
    if (!runs.length)
      throw new ImportFormatError(file, '', 'expected a vLLM bench serve result; the file is empty');
    if (runs.length > 1)
      for (const r of runs) r.config.import.fileKind += ` (--append-result, ${runs.length} results)`;
    return runs;
  },
};

/** Keys vLLM itself writes; every other top-level key came from `--metadata KEY=VALUE`. */
const VLLM_KEYS = new Set([
  'date',
  'endpoint_type',
  'backend',
  'label',
  'model_id',
  'tokenizer_id',
  'num_prompts',
  'request_rate',
  'burstiness',
  'max_concurrency',
  'ramp_up_strategy',
  'ramp_up_start_rps',
  'ramp_up_end_rps',
  'duration',
  'completed',
  'failed',
  'total_input_tokens',
  'total_output_tokens',
  'request_throughput',
  'request_goodput',
  'output_throughput',
  'total_token_throughput',
  'input_lens',
  'output_lens',
  'ttfts',
  'itls',
  'latencies',
  'start_times',
  'queue_times',
  'generated_texts',
  'errors',
  'max_output_tokens_per_s',
  'max_concurrent_requests',
  'rtfx',
  'rps_change_events',
  'total_input_sequences',
  'input_sequence_throughput',
]);
const isVllmKey = (k: string) =>
  VLLM_KEYS.has(k) ||
  /^(mean|median|std|p[\d.]+)_\w+_ms$/.test(k) ||
  /^(spec_decode|diffusion|probe)_/.test(k);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function toRun(doc: Record<string, unknown>, file: string, place: string): ImportedRun {
  const ttfts = list(doc.ttfts);
  const detailed = Array.isArray(doc.ttfts);
  const startTimes = list(doc.start_times);
  const hasSendTimes =
    detailed && startTimes.length === ttfts.length && startTimes.every((t) => num(t) !== null);
  for (const key of ['input_lens', 'output_lens', 'itls', 'errors'] as const) {
    if (detailed && Array.isArray(doc[key]) && (doc[key] as unknown[]).length !== ttfts.length)
      throw new ImportFormatError(
        file,
        `${place}, "${key}"`,
        `expected ${ttfts.length} entries like "ttfts" (found ${(doc[key] as unknown[]).length})`,
      );
  }
  const metadata = Object.fromEntries(Object.entries(doc).filter(([k]) => !isVllmKey(k)));
  const unmapped: string[] = [];
  const t0 = hasSendTimes ? Math.min(...startTimes.map((t) => num(t)!)) : 0;
  const samples = ttfts.map((t, i) =>
    sample(doc, i, t, hasSendTimes ? (num(startTimes[i])! - t0) * 1000 : 0),
  );
  const durationS = num(doc.duration);
  const reported = {
    tool: TOOL,
    authoritative: detailed
      ? hasSendTimes
        ? []
        : ['throughput' as const]
      : ['throughput' as const, 'latency' as const],
    requests: (num(doc.completed) ?? 0) + (num(doc.failed) ?? 0) || null,
    errors: num(doc.failed),
    durationS,
    inputTokens: num(doc.total_input_tokens),
    outputTokens: num(doc.total_output_tokens),
    requestsPerS: num(doc.request_throughput),
    outputTokensPerS: num(doc.output_throughput),
    totalTokensPerS: num(doc.total_token_throughput),
    ...distributions(doc),
  };
  if (!detailed) {
    unmapped.push(
      'per-request data: absent (vllm bench serve saves it with --save-detailed); aggregate-only import',
    );
  } else {
    unmapped.push(
      Array.isArray(doc.latencies)
        ? 'E2E per request: vLLM `latencies` (send → last byte)'
        : 'E2E per request: not saved by this vLLM version; reconstructed as TTFT + sum(ITL gaps), i.e. up to the last content chunk',
      'output_lens: vLLM takes usage.completion_tokens when the server sends it, else re-tokenizes; recorded as SERVER',
    );
    if (!hasSendTimes)
      unmapped.push(
        `send times: not saved by this vLLM version (no start_times); the run's duration and throughput are vLLM's own (duration ${durationS} s)`,
      );
    else {
      const spanS = spanOf(samples);
      const out = samples.reduce((a, s) => a + (s.errorKind ? 0 : (s.outputTokens ?? 0)), 0);
      if (durationS && spanS && Math.abs(spanS / durationS - 1) > 0.005)
        unmapped.push(
          `duration: vLLM's ${round3(durationS)} s counts from before the first send to after the last response; the requests span ${round3(spanS)} s (first send → last end), so output tokens/s here is ${round3(out / spanS)} vs vLLM's ${round3(num(doc.output_throughput) ?? 0)}`,
        );
    }
  }
  if (doc.burstiness === Infinity)
    unmapped.push('burstiness: Infinity (--burstiness inf: evenly spaced arrivals)');
  const model = String(doc.model_id ?? 'unknown');
  const finished = parseVllmDate(doc.date);
  const started = new Date(finished.getTime() - (durationS ?? 0) * 1000);
  const label = String(doc.label ?? doc.backend ?? 'serve');
  return {
    scenario: `vllm-bench-${label}-${String(doc.request_rate)}qps${doc.max_concurrency != null ? `-c${String(doc.max_concurrency)}` : ''}`,
    targetUrl: typeof metadata.base_url === 'string' ? metadata.base_url : 'unknown (imported)',
    targetEngine: 'vllm',
    model,
    quantization: quantizationOf(model, metadata),
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource(TOOL),
    config: {
      load: {
        requestRate: doc.request_rate === 'inf' ? 'inf' : num(doc.request_rate),
        burstiness: doc.burstiness === Infinity ? 'inf' : num(doc.burstiness),
        maxConcurrency: num(doc.max_concurrency),
        rampUp: doc.ramp_up_strategy ?? null,
      },
      numPrompts: num(doc.num_prompts),
      tokenizer: doc.tokenizer_id ?? null,
      import: {
        tool: TOOL,
        toolVersion: hasSendTimes ? '0.1x (saves start_times, latencies)' : '0.1x',
        fileKind: detailed ? '--save-result --save-detailed JSON' : '--save-result JSON (aggregates only)',
        format: 'vllm',
        file,
        timeBase: hasSendTimes ? 'send-times' : 'tool-duration',
        metricMapping: {
          ttfts: 'ttftMs',
          itls: 'itlMs (chunk gaps)',
          latencies: 'e2eMs',
          tpot: 'tpotMs',
          e2el: 'e2eMs',
          start_times: 'sentAtMs',
          queue_times: 'queueMs',
        },
        unmapped: [...unmapped, 'date: local time of the benchmarking host when the run ended, read as UTC'],
        aggregateOnly: !detailed,
        metadata,
      },
    },
    samples,
    summary: { reported },
  };
}

function sample(doc: Record<string, unknown>, i: number, ttftS: unknown, sentAtMs: number) {
  const s = blankSample(i);
  s.sentAtMs = round3(sentAtMs);
  const queueS = num(list(doc.queue_times)[i]);
  if (queueS !== null) {
    s.queueMs = round3(queueS * 1000);
    s.scheduledAtMs = round3(sentAtMs - s.queueMs);
  } else s.scheduledAtMs = s.sentAtMs;
  s.inputTokens = num(list(doc.input_lens)[i]);
  const error = list(doc.errors)[i];
  const latencyS = num(list(doc.latencies)[i]);
  const outputLen = num(list(doc.output_lens)[i]);
  if (typeof error === 'string' && error !== '') {
    s.errorKind = classifyVllmError(error);
    s.errorMessage = error.slice(0, 500);
    return s;
  }
  const gapsMs = list(list(doc.itls)[i]).map((g) => round3((num(g) ?? 0) * 1000));
  s.ttftMs = round3((num(ttftS) ?? 0) * 1000);
  s.itlMs = gapsMs;
  s.e2eMs =
    latencyS !== null ? round3(latencyS * 1000) : round3(s.ttftMs + gapsMs.reduce((a, b) => a + b, 0));
  s.outputTokens = outputLen;
  s.outputTokensServer = outputLen;
  s.tokenSource = outputLen !== null ? 'SERVER' : null;
  s.tpotMs = tpotMs(s.e2eMs, s.ttftMs, outputLen);
  return s;
}

function spanOf(samples: { sentAtMs: number; e2eMs: number | null }[]): number | null {
  const ends = samples.filter((s) => s.e2eMs !== null).map((s) => s.sentAtMs + s.e2eMs!);
  if (!ends.length) return null;
  return (Math.max(...ends) - Math.min(...samples.map((s) => s.sentAtMs))) / 1000;
}

/** vLLM's `mean|median|std|pNN_<metric>_ms` keys as our distributions (ms). */
function distributions(doc: Record<string, unknown>): Record<string, ReportedDistribution> {
  const out: Record<string, ReportedDistribution> = {};
  for (const [theirs, ours] of [
    ['ttft', 'ttftMs'],
    ['tpot', 'tpotMs'],
    ['itl', 'itlMs'],
    ['e2el', 'e2eMs'],
  ] as const) {
    const d: ReportedDistribution = {};
    for (const [k, v] of Object.entries(doc)) {
      const m = new RegExp(`^(mean|median|std|p[\\d.]+)_${theirs}_ms$`).exec(k);
      if (!m || num(v) === null) continue;
      const key = m[1] === 'median' ? 'p50' : m[1]!.replace('.', '_');
      d[key] = num(v)!;
    }
    if (Object.keys(d).length) {
      if (ours === 'ttftMs' || ours === 'e2eMs') d.count = num(doc.completed) ?? undefined;
      out[ours] = d;
    }
  }
  return out;
}

/** vLLM's `--quantization` method names (as a `--metadata quantization=…` value) → our labels. */
const VLLM_METHODS: Record<string, string> = {
  awq: 'awq-int4',
  awq_marlin: 'awq-int4',
  gptq: 'gptq-int4',
  gptq_marlin: 'gptq-int4',
  fp8: 'fp8',
  fbgemm_fp8: 'fp8',
  modelopt: 'fp8',
  bitsandbytes: 'bnb-int4',
  gguf: 'gguf',
  int8: 'int8',
};

function quantizationOf(model: string, metadata: Record<string, unknown>): string {
  const stated = metadata.quantization ?? metadata.quant;
  if (typeof stated === 'string' && stated.trim()) {
    const key = stated.trim().toLowerCase();
    return VLLM_METHODS[key] ?? normaliseQuantization(key);
  }
  return guessQuantization(model);
}

/** vLLM writes `date` as "%Y%m%d-%H%M%S" (local time of the benchmarking host; read as UTC). */
function parseVllmDate(value: unknown): Date {
  const m = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(value) : null;
  if (!m) return new Date(0);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
