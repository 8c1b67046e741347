import {
  blankSample,
  classifyForeignError,
  isObject,
  num,
  round3,
  hardwareFromSource,
  type ImportedRun,
  type ResultImporter,
  type SourcePercentiles,
} from './imported-run';
import { guessQuantization } from './vllm-bench.importer';

/**
 * AIPerf (and GenAI-Perf) profile exports:
 * - `profile_export.jsonl`: one record per request, `{metadata: {request_start_ns, request_end_ns,
 *   was_cancelled…}, metrics: {time_to_first_token: {value, unit}…}, error: {code, type, message} | null}`;
 * - `profile_export_aiperf.json` / GenAI-Perf's `profile_export_genai_perf.json`: aggregates, one object
 *   per metric `{unit, avg, min, max, std, p1…p99}`.
 * Definitions differ from ours in name only where it hurts most: AIPerf's "inter_token_latency" is
 * (request_latency − TTFT) / (OSL − 1), i.e. OUR TPOT; AIPerf's "inter_chunk_latency" is our chunk ITL.
 */
const MAPPING: Record<string, string> = {
  time_to_first_token: 'ttftMs',
  inter_token_latency: 'tpotMs (AIPerf "ITL" = our TPOT)',
  inter_chunk_latency: 'itlMs (chunk gaps)',
  request_latency: 'e2eMs',
  input_sequence_length: 'inputTokens',
  output_sequence_length: 'outputTokens (AIPerf counts with its own tokenizer: CLIENT)',
};
const AGG_KEYS: Record<string, string> = {
  time_to_first_token: 'ttftMs',
  inter_token_latency: 'tpotMs',
  inter_chunk_latency: 'itlMs',
  request_latency: 'e2eMs',
};

export const aiperfImporter: ResultImporter = {
  format: 'aiperf',
  description:
    'AIPerf profile_export.jsonl (per request) or profile_export_aiperf.json / GenAI-Perf aggregates',
  parse(text, file) {
    const trimmed = text.trim();
    const firstLine = trimmed.split('\n', 1)[0]!;
    const perRecord =
      trimmed.includes('\n') &&
      isObject(safeJson(firstLine)) &&
      'metadata' in (safeJson(firstLine) as object);
    return [perRecord ? parseRecords(trimmed, file) : parseAggregate(trimmed, file)];
  },
};

function parseRecords(text: string, file: string): ImportedRun {
  const records = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = safeJson(l);
      if (!isObject(r) || !isObject(r.metadata))
        throw new Error(`${file}:${i + 1}: not an AIPerf record (no "metadata")`);
      return r as {
        metadata: Record<string, unknown>;
        metrics?: Record<string, { value?: unknown }> | null;
        error?: Record<string, unknown> | null;
      };
    });
  const startNs = records.map((r) => Number(r.metadata.request_start_ns)).filter(Number.isFinite);
  const endNs = records.map((r) => Number(r.metadata.request_end_ns)).filter(Number.isFinite);
  const t0 = Math.min(...startNs);
  const value = (r: (typeof records)[number], k: string) => r.metrics?.[k]?.value;
  const samples = records.map((r, i) => {
    const s = blankSample(num(r.metadata.session_num) ?? i);
    const start = Number(r.metadata.request_start_ns);
    if (Number.isFinite(start)) s.sentAtMs = s.scheduledAtMs = round3((start - t0) / 1e6);
    s.inputTokens = num(value(r, 'input_sequence_length')) ?? num(value(r, 'error_isl'));
    if (r.metadata.was_cancelled === true || r.error) {
      const msg = String(r.error?.message ?? 'cancelled');
      s.errorKind =
        r.metadata.was_cancelled === true
          ? 'cancelled'
          : classifyForeignError(`${r.error?.type ?? ''} ${msg}`, num(r.error?.code));
      s.errorMessage = `${r.error?.type ?? 'error'}: ${msg}`.slice(0, 500);
      return s;
    }
    s.ttftMs = num(value(r, 'time_to_first_token'));
    s.e2eMs = num(value(r, 'request_latency'));
    s.tpotMs = num(value(r, 'inter_token_latency'));
    const chunks = value(r, 'inter_chunk_latency');
    s.itlMs = Array.isArray(chunks) ? chunks.map((g) => num(g) ?? 0) : [];
    s.outputTokens = num(value(r, 'output_sequence_length')) ?? num(value(r, 'output_token_count'));
    s.outputTokensClient = s.outputTokens;
    s.tokenSource = s.outputTokens !== null ? 'CLIENT' : null;
    return s;
  });
  return {
    ...base(file),
    startedAt: new Date(t0 / 1e6).toISOString(),
    finishedAt: new Date(Math.max(...endNs) / 1e6).toISOString(),
    config: {
      import: {
        tool: 'AIPerf',
        format: 'aiperf',
        file,
        metricMapping: MAPPING,
        unmapped: [
          'model, endpoint and load settings: not in profile_export.jsonl (they are in profile_export_aiperf.json input_config)',
          'scheduled time, send lag and queue time: AIPerf records only the send time (scheduledAtMs = sentAtMs)',
          'server token count: AIPerf re-tokenizes the output client-side; outputTokensServer is null',
        ],
        aggregateOnly: false,
      },
    },
    samples,
    summary: { source: 'AIPerf profile_export.jsonl', requests: samples.length },
  };
}

function parseAggregate(text: string, file: string): ImportedRun {
  const doc = safeJson(text);
  if (!isObject(doc) || (!isObject(doc.time_to_first_token) && !isObject(doc.request_latency))) {
    throw new Error(
      `${file}: not an AIPerf/GenAI-Perf export (no time_to_first_token or request_latency object)`,
    );
  }
  const sourcePercentiles: Record<string, SourcePercentiles> = {};
  for (const [theirs, ours] of Object.entries(AGG_KEYS)) {
    const m = doc[theirs];
    if (!isObject(m)) continue;
    const p: SourcePercentiles = {};
    for (const [k, v] of Object.entries(m)) if (num(v) !== null) p[k === 'avg' ? 'mean' : k] = num(v)!;
    sourcePercentiles[ours] = p;
  }
  const scalar = (k: string) => (isObject(doc[k]) ? num((doc[k] as { avg?: unknown }).avg) : null);
  const cfg = isObject(doc.input_config) ? doc.input_config : {};
  const endpoint = isObject(cfg.endpoint) ? cfg.endpoint : {};
  const model = Array.isArray(endpoint.model_names) ? String(endpoint.model_names[0]) : 'unknown';
  const started = typeof doc.start_time === 'string' ? new Date(doc.start_time) : new Date(0);
  const finished = typeof doc.end_time === 'string' ? new Date(doc.end_time) : started;
  return {
    ...base(file),
    model,
    quantization: guessQuantization(model),
    targetUrl: typeof endpoint.url === 'string' ? endpoint.url : 'unknown (imported)',
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    status: doc.was_cancelled === true ? 'ABORTED' : 'COMPLETED',
    config: {
      load: isObject(cfg.loadgen) ? cfg.loadgen : null,
      streaming: endpoint.streaming ?? null,
      import: {
        tool: 'AIPerf/GenAI-Perf',
        format: 'aiperf',
        file,
        metricMapping: MAPPING,
        unmapped: [
          'per-request data: aggregate file, zero samples; its percentiles are in summary.sourcePercentiles',
          'percentiles p1/p5/p10/p25/p75 are kept as given; p99.9 is not reported by AIPerf',
          ...(doc.telemetry_data
            ? ['GPU telemetry (telemetry_data): not imported; it is per-GPU DCGM data, not per run']
            : []),
          ...(doc.goodput !== undefined
            ? ['goodput: AIPerf uses its own --goodput SLOs; kept as summary.sourceGoodput']
            : []),
        ],
        aggregateOnly: true,
      },
    },
    samples: [],
    summary: {
      source: 'AIPerf/GenAI-Perf aggregate',
      requests: scalar('request_count'),
      durationS: scalar('benchmark_duration'),
      requestsPerS: scalar('request_throughput'),
      outputTokensPerS: scalar('output_token_throughput'),
      sourceGoodput: doc.goodput ?? null,
      errorSummary: doc.error_summary ?? [],
      sourcePercentiles,
    },
  };
}

function base(
  file: string,
): Omit<ImportedRun, 'config' | 'samples' | 'summary' | 'startedAt' | 'finishedAt'> {
  return {
    scenario: 'aiperf-profile',
    targetUrl: 'unknown (imported)',
    targetEngine: 'unknown',
    model: 'unknown',
    quantization: 'unknown',
    status: 'COMPLETED',
    ...hardwareFromSource(`AIPerf (${file})`),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
