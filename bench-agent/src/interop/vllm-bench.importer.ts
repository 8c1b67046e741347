import {
  blankSample,
  classifyForeignError,
  isObject,
  num,
  round3,
  tpotMs,
  hardwareFromSource,
  type ImportedRun,
  type ResultImporter,
  type SourcePercentiles,
} from './imported-run';

/**
 * `vllm bench serve --save-result [--save-detailed]` (formerly benchmarks/benchmark_serving.py) JSON.
 * Aggregates: `mean_ttft_ms`, `median_ttft_ms`, `std_ttft_ms`, `p99_ttft_ms` (and whatever
 * `--metric-percentiles` asked for) for ttft, tpot, itl and e2el. With --save-detailed, per request:
 * `input_lens`, `output_lens`, `ttfts` (seconds), `itls` (lists of seconds), `errors` ("" on success).
 * vLLM's TTFT, TPOT and ITL have our definitions (METRICS.md takes them from vLLM), so they map 1:1.
 */
export const vllmBenchImporter: ResultImporter = {
  format: 'vllm',
  description: 'vLLM `vllm bench serve --save-result` JSON (per-request with --save-detailed)',
  parse(text, file) {
    const doc = JSON.parse(text) as unknown;
    if (!isObject(doc) || (doc.mean_ttft_ms === undefined && !Array.isArray(doc.ttfts))) {
      throw new Error(`${file}: not a vLLM bench serve result (no mean_ttft_ms or ttfts field)`);
    }
    const unmapped: string[] = [
      'scheduled/send times: vLLM does not save per-request start times (scheduledAtMs/sentAtMs are 0)',
      'queue time and send lag: not recorded by vLLM',
    ];
    const ttfts = Array.isArray(doc.ttfts) ? (doc.ttfts as unknown[]) : [];
    const itls = Array.isArray(doc.itls) ? (doc.itls as unknown[]) : [];
    const outLens = Array.isArray(doc.output_lens) ? (doc.output_lens as unknown[]) : [];
    const inLens = Array.isArray(doc.input_lens) ? (doc.input_lens as unknown[]) : [];
    const errors = Array.isArray(doc.errors) ? (doc.errors as unknown[]) : [];
    const samples = ttfts.map((t, i) => {
      const s = blankSample(i);
      s.inputTokens = num(inLens[i]);
      const error = typeof errors[i] === 'string' ? (errors[i] as string) : '';
      if (error) {
        s.errorKind = classifyForeignError(error);
        s.errorMessage = error.slice(0, 500);
        return s;
      }
      const gapsMs = (Array.isArray(itls[i]) ? (itls[i] as unknown[]) : []).map((g) =>
        round3((num(g) ?? 0) * 1000),
      );
      s.ttftMs = round3((num(t) ?? 0) * 1000);
      s.itlMs = gapsMs;
      s.e2eMs = round3(s.ttftMs + gapsMs.reduce((a, b) => a + b, 0));
      s.outputTokens = num(outLens[i]);
      s.outputTokensServer = s.outputTokens;
      s.tokenSource = s.outputTokens !== null ? 'SERVER' : null;
      s.tpotMs = tpotMs(s.e2eMs, s.ttftMs, s.outputTokens);
      return s;
    });
    if (samples.length > 0) {
      unmapped.push(
        'E2E per request: not saved by vLLM; reconstructed as TTFT + sum(ITL gaps), i.e. up to the last content chunk',
        'output_lens: vLLM takes usage.completion_tokens when the server sends it, else re-tokenizes; recorded as SERVER',
      );
    } else {
      unmapped.push(
        'per-request data: absent (run vllm bench serve with --save-detailed); aggregate-only import',
      );
    }
    const sourcePercentiles: Record<string, SourcePercentiles> = {};
    for (const [theirs, ours] of [
      ['ttft', 'ttftMs'],
      ['tpot', 'tpotMs'],
      ['itl', 'itlMs'],
      ['e2el', 'e2eMs'],
    ] as const) {
      const p: SourcePercentiles = {};
      for (const [k, v] of Object.entries(doc)) {
        const m = new RegExp(`^(mean|median|std|p[\\d.]+)_${theirs}_ms$`).exec(k);
        if (!m || num(v) === null) continue;
        const key = m[1] === 'median' ? 'p50' : m[1] === 'std' ? 'std' : m[1]!.replace('.', '_');
        p[key] = num(v)!;
      }
      if (Object.keys(p).length) sourcePercentiles[ours] = p;
    }
    const started = parseVllmDate(doc.date);
    const durationS = num(doc.duration) ?? 0;
    const model = String(doc.model_id ?? 'unknown');
    const run: ImportedRun = {
      scenario: `vllm-bench-${String(doc.dataset_name ?? doc.backend ?? 'serve')}`,
      targetUrl: String(doc.base_url ?? 'unknown (imported)'),
      targetEngine: String(doc.backend ?? 'vllm'),
      model,
      quantization: guessQuantization(model),
      startedAt: started.toISOString(),
      finishedAt: new Date(started.getTime() + durationS * 1000).toISOString(),
      status: 'COMPLETED',
      ...hardwareFromSource('vllm bench serve'),
      config: {
        load: {
          requestRate: doc.request_rate ?? null,
          burstiness: doc.burstiness ?? null,
          maxConcurrency: doc.max_concurrency ?? null,
        },
        numPrompts: doc.num_prompts ?? null,
        tokenizer: doc.tokenizer_id ?? null,
        import: {
          tool: 'vllm bench serve',
          format: 'vllm',
          file,
          metricMapping: { ttft: 'ttftMs', tpot: 'tpotMs', itl: 'itlMs (chunk gaps)', e2el: 'e2eMs' },
          unmapped,
          aggregateOnly: samples.length === 0,
        },
      },
      samples,
      summary: {
        source: 'vllm bench serve',
        requests: num(doc.completed),
        durationS,
        requestsPerS: num(doc.request_throughput),
        outputTokensPerS: num(doc.output_throughput),
        totalTokensPerS: num(doc.total_token_throughput),
        goodputRequestsPerS: num(doc.request_goodput),
        sourcePercentiles,
      },
    };
    return [run];
  },
};

/** vLLM writes `date` as "%Y%m%d-%H%M%S" (local time of the benchmarking host; read as UTC). */
function parseVllmDate(value: unknown): Date {
  const m = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(value) : null;
  if (!m) return new Date(0);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** A quantization label from a model id ("…-AWQ" → awq-int4, "…FP8…" → fp8), else "unknown". */
export function guessQuantization(model: string): string {
  const m = model.toLowerCase();
  if (/awq/.test(m)) return 'awq-int4';
  if (/gptq/.test(m)) return m.includes('int8') ? 'gptq-int8' : 'gptq-int4';
  if (/fp8/.test(m)) return 'fp8';
  if (/(^|[^a-z])(int8|w8a8)/.test(m)) return 'int8';
  if (/(^|[^a-z])(int4|w4a16)/.test(m)) return 'int4';
  const gguf = /(q\d(_k)?(_[msl0-9])?|iq\d_\w+|f16|bf16|f32)(\.gguf)?$/.exec(m);
  // Lower case: the server's labels are [a-z0-9_-] (it refused "Q4_0" from llama-bench imports).
  if (gguf) return gguf[1]!;
  return 'unknown';
}
