import { ImportFormatError, parsePythonJson } from './import-format-error';
import {
  hardwareFromSource,
  isObject,
  num,
  perSecond,
  type ImportedRun,
  type ReportedDistribution,
  type ResultImporter,
} from './imported-run';
import { parseAiperfRecords, RECORD_MAPPING } from './aiperf-records';
import { guessQuantization } from './quantization';

/**
 * AIPerf and GenAI-Perf exports:
 * - `profile_export.jsonl` (AIPerf, one record per request; also a one-line file): aiperf-records.ts;
 * - `profile_export_aiperf.json` (AIPerf, `schema_version` "1.0"…"1.5") and GenAI-Perf's
 *   `profile_export_genai_perf.json`: one object per metric `{unit, avg, min, max, std, p1…p99}` plus,
 *   from AIPerf schema 1.1, `count` (observations) and `sum` — neither is a percentile.
 */
export const aiperfImporter: ResultImporter = {
  format: 'aiperf',
  description:
    'AIPerf profile_export.jsonl (per request) or profile_export_aiperf.json; GenAI-Perf profile_export_genai_perf.json',
  parse(text, file) {
    const firstLine = text.trimStart().split('\n', 1)[0]!;
    if (/^\{\s*"metadata"\s*:/.test(firstLine)) return [parseAiperfRecords(text, file)];
    return [parseAggregate(text, file)];
  },
};

const AGG_KEYS: Record<string, 'ttftMs' | 'tpotMs' | 'itlMs' | 'e2eMs'> = {
  time_to_first_token: 'ttftMs',
  inter_token_latency: 'tpotMs',
  inter_chunk_latency: 'itlMs',
  request_latency: 'e2eMs',
};
const MS_PER: Record<string, number> = { ms: 1, s: 1000, sec: 1000, us: 1e-3, ns: 1e-6 };
const STAT_KEYS = new Set([
  'avg',
  'min',
  'max',
  'std',
  'count',
  'p1',
  'p5',
  'p10',
  'p25',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
]);

function parseAggregate(text: string, file: string): ImportedRun {
  const doc = parsePythonJson(text, file);
  if (!isObject(doc) || (!isObject(doc.time_to_first_token) && !isObject(doc.request_latency))) {
    throw new ImportFormatError(
      file,
      'top level',
      'expected an AIPerf profile_export_aiperf.json, a GenAI-Perf profile_export_genai_perf.json (a "request_latency" or "time_to_first_token" object) or AIPerf profile_export.jsonl records',
    );
  }
  const cfg = isObject(doc.input_config) ? doc.input_config : {};
  const genaiPerf = doc.schema_version === undefined && Array.isArray(cfg.model_names);
  const tool = genaiPerf ? 'GenAI-Perf' : 'AIPerf';
  const endpoint = isObject(cfg.endpoint) ? cfg.endpoint : {};
  const names = Array.isArray(cfg.model_names)
    ? cfg.model_names
    : Array.isArray(endpoint.model_names)
      ? endpoint.model_names
      : [];
  const model = names.length ? String(names[0]) : 'unknown';
  const url =
    typeof endpoint.url === 'string'
      ? endpoint.url
      : Array.isArray(endpoint.urls)
        ? String(endpoint.urls[0])
        : null;
  const unmapped: string[] = [];
  const dists: Record<string, ReportedDistribution> = {};
  for (const [theirs, ours] of Object.entries(AGG_KEYS)) {
    const m = doc[theirs];
    if (!isObject(m)) continue;
    const factor = MS_PER[String(m.unit ?? 'ms')] ?? 1;
    const d: ReportedDistribution = {};
    for (const [k, v] of Object.entries(m)) {
      if (!STAT_KEYS.has(k) || num(v) === null) continue;
      d[k === 'avg' ? 'mean' : k] = k === 'count' ? num(v)! : num(v)! * factor;
    }
    dists[ours] = d;
  }
  if (Object.values(doc).some((m) => isObject(m) && 'sum' in m))
    unmapped.push('"sum" of each record metric (schema 1.1+): a total, not a percentile; not imported');
  if (Object.values(doc).some((m) => isObject(m) && Object.keys(m).some((k) => k.startsWith('adj_'))))
    unmapped.push(
      'adj_p50…adj_p99 (percentiles with failed requests as unbounded latency): no equivalent, not imported',
    );
  if (doc.telemetry_data)
    unmapped.push(
      'GPU telemetry (telemetry_data): not imported; it is per-GPU DCGM/amdsmi data, not per run',
    );
  if (isObject(doc.warmup_metrics))
    unmapped.push('warmup_metrics (schema 1.4+): warm-up phase only; not imported');
  if (doc.goodput !== undefined) unmapped.push(`goodput: ${tool} uses its own --goodput SLOs; not imported`);
  const scalar = (k: string) => (isObject(doc[k]) ? num((doc[k] as { avg?: unknown }).avg) : null);
  const durationS = scalar('benchmark_duration');
  const inputTokens = scalar('total_isl');
  const outputTokens = scalar('total_osl') ?? scalar('total_output_tokens');
  const started = typeof doc.start_time === 'string' ? new Date(doc.start_time) : new Date(0);
  const finished =
    typeof doc.end_time === 'string'
      ? new Date(doc.end_time)
      : new Date(started.getTime() + (durationS ?? 0) * 1000);
  const runInfo = isObject(doc.run_info) ? doc.run_info : {};
  const loadgen = isObject(cfg.loadgen)
    ? cfg.loadgen
    : isObject(cfg.perf_analyzer)
      ? cfg.perf_analyzer
      : null;
  return {
    scenario: genaiPerf ? 'genai-perf-profile' : 'aiperf-profile',
    targetUrl: url ?? 'unknown (imported)',
    targetEngine: 'unknown',
    model,
    quantization: guessQuantization(model),
    startedAt: (durationS !== null && doc.start_time === undefined
      ? new Date(finished.getTime() - durationS * 1000)
      : started
    ).toISOString(),
    finishedAt: finished.toISOString(),
    status: doc.was_cancelled === true ? 'ABORTED' : 'COMPLETED',
    ...hardwareFromSource(tool),
    config: {
      load: loadgen,
      streaming: endpoint.streaming ?? null,
      import: {
        tool,
        toolVersion: genaiPerf
          ? 'version not in the file'
          : `schema ${String(doc.schema_version ?? '1.0 or older (no schema_version)')}${typeof doc.aiperf_version === 'string' ? `, aiperf ${doc.aiperf_version}` : ''}`,
        fileKind: genaiPerf ? 'profile_export_genai_perf.json' : 'profile_export_aiperf.json',
        format: 'aiperf',
        file,
        timeBase: 'tool-duration',
        metricMapping: RECORD_MAPPING,
        unmapped: [
          `per-request data: aggregate file, zero samples; ${tool}'s own figures are in summary.reported`,
          ...unmapped,
        ],
        aggregateOnly: true,
        metadata: {
          targetUrl: url,
          endpointType: endpoint.type ?? null,
          benchmarkId: doc.benchmark_id ?? runInfo.benchmark_id ?? null,
          cliCommand: runInfo.cli_command ?? null,
          errorSummary: doc.error_summary ?? null,
        },
      },
    },
    samples: [],
    summary: {
      reported: {
        tool,
        authoritative: ['throughput', 'latency'],
        requests: scalar('request_count'),
        errors: scalar('error_request_count'),
        durationS,
        inputTokens,
        outputTokens,
        requestsPerS: scalar('request_throughput'),
        outputTokensPerS: scalar('output_token_throughput'),
        totalTokensPerS:
          inputTokens !== null && outputTokens !== null
            ? perSecond(inputTokens + outputTokens, durationS)
            : null,
        ...dists,
      },
    },
  };
}
