import { parse as parseYaml } from 'yaml';
import { classifyExceptionText } from './foreign-errors';
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
import { guessQuantization } from './quantization';

/**
 * GuideLLM reports (`guidellm benchmark … --outputs json|yaml`), one run per benchmark (strategy):
 * - 0.7/0.8 (`metadata.version` 2, `GenerativeBenchmarksReport.save_file`: `json.dumps` or `yaml.dump`
 *   of `model_dump(mode="json")`): per request `info.timings.{request_start, first_token_iteration,
 *   last_token_iteration, request_end}` (epoch seconds), `prompt_tokens`, `output_tokens`, `info.error`;
 *   aggregates `metrics.<name>.{successful,errored,incomplete,total}.{mean, median, std_dev, min, max,
 *   count, percentiles.{p50…p999}}`, `metrics.request_totals`, window `scheduler_metrics.measure_start_time
 *   / measure_end_time`, model and target in `config.backend`.
 * - 0.2/0.3: per request `start_time`, `first_token_time`, `end_time`, `error`; `request_totals`,
 *   `worker.backend_model` / `backend_target`.
 * GuideLLM keeps only a sample of the requests in the file: its own figures (over all requests) are the
 * run's throughput and latency whenever the file holds fewer requests than it made.
 * Definitions: GuideLLM's "inter_token_latency" = (last − first token) / (N − 1) = OUR TPOT;
 * "time_per_output_token" = (last token − start) / N includes TTFT and has no equivalent here.
 */
export const guidellmImporter: ResultImporter = {
  format: 'guidellm',
  description: 'GuideLLM benchmarks.json / benchmarks.yaml (0.7/0.8 and 0.2/0.3; one run per benchmark)',
  parse(text, file) {
    const doc =
      /\.ya?ml$/i.test(file) || !text.trimStart().startsWith('{')
        ? readYaml(text, file)
        : parsePythonJson(text, file);
    if (!isObject(doc) || !Array.isArray(doc.benchmarks))
      throw new ImportFormatError(
        file,
        'top level',
        'expected a GuideLLM report with a "benchmarks" list (guidellm benchmark --outputs json|yaml)',
      );
    const version = isObject(doc.metadata) ? doc.metadata : {};
    return (doc.benchmarks as unknown[]).map((b, i) => {
      if (!isObject(b)) throw new ImportFormatError(file, `benchmarks[${i}]`, 'expected a benchmark object');
      return isObject(b.scheduler_metrics) ? currentRun(b, i, file, doc, version) : legacyRun(b, i, file);
    });
  },
};

function readYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 }) as unknown;
  } catch (err) {
    const m = err as { linePos?: { line: number; col: number }[]; message: string };
    const at = m.linePos?.[0];
    throw new ImportFormatError(
      file,
      at ? `line ${at.line}, column ${at.col}` : 'YAML',
      `expected YAML (${m.message.split('\n')[0]})`,
    );
  }
}

const AGG: [string, 'ttftMs' | 'tpotMs' | 'e2eMs', number][] = [
  ['time_to_first_token_ms', 'ttftMs', 1],
  ['inter_token_latency_ms', 'tpotMs', 1],
  ['request_latency', 'e2eMs', 1000],
];
const MAPPING = {
  time_to_first_token_ms: 'ttftMs',
  inter_token_latency_ms: 'tpotMs (GuideLLM "ITL" = our TPOT)',
  request_latency: 'e2eMs (seconds → ms)',
  prompt_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  request_start: 'sentAtMs (relative to the first send)',
};
type Req = Record<string, unknown>;
const arr = (v: unknown): Req[] => (Array.isArray(v) ? (v as Req[]).filter(isObject) : []);
const path = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);

function currentRun(
  b: Record<string, unknown>,
  index: number,
  file: string,
  doc: Record<string, unknown>,
  version: Record<string, unknown>,
): ImportedRun {
  const requests = isObject(b.requests) ? b.requests : {};
  const all = [
    ...arr(requests.successful).map((r) => ({ r, kind: 'ok' as const })),
    ...arr(requests.errored).map((r) => ({ r, kind: 'error' as const })),
    ...arr(requests.incomplete).map((r) => ({ r, kind: 'cancelled' as const })),
  ];
  const startOf = (r: Req) => num(path(r, 'info', 'timings', 'request_start')) ?? num(r.request_start_time);
  all.sort((x, y) => (startOf(x.r) ?? 0) - (startOf(y.r) ?? 0));
  const sm = b.scheduler_metrics as Record<string, unknown>;
  const windowStart = num(sm.measure_start_time) ?? num(b.start_time) ?? 0;
  const windowEnd = num(sm.measure_end_time) ?? num(b.end_time) ?? windowStart;
  const t0 = Math.min(...all.map(({ r }) => startOf(r) ?? Infinity), Infinity);
  const samples = all.map(({ r, kind }, seq) => {
    const s = blankSample(seq);
    const t = path(r, 'info', 'timings') as Record<string, unknown> | undefined;
    const start = startOf(r);
    if (start !== null) s.sentAtMs = s.scheduledAtMs = round3((start - t0) * 1000);
    s.inputTokens = num(r.prompt_tokens);
    if (kind !== 'ok') {
      const err = path(r, 'info', 'error');
      const msg =
        typeof err === 'string' && err
          ? err
          : kind === 'cancelled'
            ? 'incomplete when the benchmark ended'
            : 'error (no text)';
      s.errorKind = kind === 'cancelled' ? 'cancelled' : classifyExceptionText(msg);
      s.errorMessage = msg.slice(0, 500);
      return s;
    }
    const first = num(t?.first_token_iteration);
    const end = num(t?.request_end) ?? num(r.request_end_time);
    s.ttftMs =
      start !== null && first !== null ? round3((first - start) * 1000) : num(r.time_to_first_token_ms);
    s.e2eMs = start !== null && end !== null ? round3((end - start) * 1000) : null;
    s.outputTokens = num(r.output_tokens);
    s.outputTokensServer = s.outputTokens;
    s.tokenSource = s.outputTokens !== null ? 'SERVER' : null;
    s.tpotMs = tpotMs(s.e2eMs, s.ttftMs, s.outputTokens);
    return s;
  });
  const metrics = isObject(b.metrics) ? b.metrics : {};
  const totals = isObject(metrics.request_totals) ? metrics.request_totals : {};
  const total = num(totals.total);
  const sampled = total !== null && samples.length < total;
  const durationS = windowEnd - windowStart;
  const succ = (name: string, stat: string) => num(path(metrics, name, 'successful', stat));
  const backend = (path(b, 'config', 'backend') ?? path(doc, 'config', 'spec', 'backend') ?? {}) as Record<
    string,
    unknown
  >;
  const model = String(backend.model ?? 'unknown');
  const strategy = (path(b, 'config', 'strategy') ?? {}) as Record<string, unknown>;
  const outputTokens = succ('output_token_count', 'total_sum');
  const inputTokens = succ('prompt_token_count', 'total_sum');
  const unmapped = [
    'GuideLLM time_per_output_token_ms = (last token − start) / N includes TTFT: no equivalent, not imported',
    'chunk ITL: GuideLLM does not save per-chunk times; itlMs is empty',
    "E2E: request_start → request_end; TPOT recomputed to the last byte (GuideLLM's ITL ends at the last token)",
  ];
  if (sampled)
    unmapped.push(
      `only ${samples.length} of ${total} requests are in the file (GuideLLM keeps a sample): throughput and latency are GuideLLM's own over all ${total} (summary.reported)`,
    );
  return {
    scenario: `guidellm-${String(strategy.type_ ?? 'benchmark')}${num(strategy.rate) !== null ? `-${String(strategy.rate)}rps` : num(strategy.streams) !== null ? `-c${String(strategy.streams)}` : ''}`,
    targetUrl: String(backend.target ?? 'unknown (imported)'),
    targetEngine: 'unknown',
    model,
    quantization: guessQuantization(model),
    startedAt: new Date(windowStart * 1000).toISOString(),
    finishedAt: new Date(windowEnd * 1000).toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource('GuideLLM'),
    config: {
      load: strategy,
      benchmarkIndex: index,
      import: {
        tool: 'GuideLLM',
        toolVersion: `${String(version.guidellm_version ?? '0.7+')} (report schema ${String(version.version ?? '?')})`,
        fileKind: /\.ya?ml$/i.test(file) ? 'benchmarks.yaml' : 'benchmarks.json',
        format: 'guidellm',
        file,
        timeBase: sampled ? 'tool-duration' : 'send-times',
        metricMapping: MAPPING,
        unmapped,
        aggregateOnly: samples.length === 0,
        metadata: {
          target: backend.target ?? null,
          strategy: strategy.type_ ?? null,
          requestTotals: totals,
          window: { measureStart: windowStart, measureEnd: windowEnd },
        },
      },
    },
    samples,
    summary: {
      reported: {
        tool: 'GuideLLM',
        authoritative: sampled || !samples.length ? ['throughput', 'latency'] : [],
        requests: total,
        errors: num(totals.errored),
        durationS,
        inputTokens,
        outputTokens,
        requestsPerS: succ('requests_per_second', 'mean'),
        outputTokensPerS: succ('output_tokens_per_second', 'mean'),
        totalTokensPerS: succ('tokens_per_second', 'mean'),
        ...distributions(metrics),
      },
    },
  };
}

function distributions(metrics: Record<string, unknown>): Record<string, ReportedDistribution> {
  const out: Record<string, ReportedDistribution> = {};
  for (const [theirs, ours, factor] of AGG) {
    const ok = path(metrics, theirs, 'successful');
    if (!isObject(ok)) continue;
    const d: ReportedDistribution = {};
    const set = (k: string, v: unknown) => num(v) !== null && (d[k] = round3(num(v)! * factor));
    set('mean', ok.mean);
    set('p50', ok.median);
    set('std', ok.std_dev);
    set('min', ok.min);
    set('max', ok.max);
    if (num(ok.count) !== null) d.count = num(ok.count)!;
    for (const [k, v] of Object.entries(isObject(ok.percentiles) ? ok.percentiles : {}))
      set(k === 'p999' ? 'p99_9' : k, v);
    out[ours] = d;
  }
  return out;
}

/** GuideLLM 0.2/0.3: epoch-second `start_time`, `first_token_time`, `end_time` per request. */
function legacyRun(b: Record<string, unknown>, index: number, file: string): ImportedRun {
  const requests = isObject(b.requests) ? b.requests : {};
  const all = [
    ...arr(requests.successful).map((r) => ({ r, kind: 'ok' as const })),
    ...arr(requests.errored).map((r) => ({ r, kind: 'error' as const })),
    ...arr(requests.incomplete).map((r) => ({ r, kind: 'cancelled' as const })),
  ].sort((x, y) => (num(x.r.start_time) ?? 0) - (num(y.r.start_time) ?? 0));
  const t0 = num(all[0]?.r.start_time) ?? num(b.start_time) ?? 0;
  const samples = all.map(({ r, kind }, seq) => {
    const s = blankSample(seq);
    const start = num(r.start_time);
    if (start !== null) s.sentAtMs = s.scheduledAtMs = round3((start - t0) * 1000);
    s.inputTokens = num(r.prompt_tokens);
    if (kind !== 'ok') {
      const msg =
        typeof r.error === 'string' && r.error
          ? r.error
          : kind === 'cancelled'
            ? 'incomplete when the benchmark ended'
            : 'error (no text)';
      s.errorKind = kind === 'cancelled' ? 'cancelled' : classifyExceptionText(msg);
      s.errorMessage = msg.slice(0, 500);
      return s;
    }
    const first = num(r.first_token_time);
    const end = num(r.end_time);
    s.ttftMs =
      start !== null && first !== null ? round3((first - start) * 1000) : num(r.time_to_first_token_ms);
    s.e2eMs = start !== null && end !== null ? round3((end - start) * 1000) : null;
    s.outputTokens = num(r.output_tokens);
    s.outputTokensServer = s.outputTokens;
    s.tokenSource = s.outputTokens !== null ? 'SERVER' : null;
    s.tpotMs = tpotMs(s.e2eMs, s.ttftMs, s.outputTokens);
    return s;
  });
  const totals = isObject(b.request_totals) ? b.request_totals : {};
  const total = num(totals.total);
  const sampled = total !== null && samples.length < total;
  const metrics = isObject(b.metrics) ? b.metrics : {};
  const worker = isObject(b.worker) ? b.worker : {};
  const strategy = isObject(path(b, 'args', 'strategy'))
    ? (path(b, 'args', 'strategy') as Record<string, unknown>)
    : {};
  const model = String(worker.backend_model ?? 'unknown');
  const startS = num(b.start_time) ?? t0;
  const endS = num(b.end_time) ?? startS;
  const succ = (name: string, stat: string) => num(path(metrics, name, 'successful', stat));
  return {
    scenario: `guidellm-${String(strategy.type_ ?? 'benchmark')}${num(strategy.rate) !== null ? `-${String(strategy.rate)}rps` : ''}`,
    targetUrl: String(worker.backend_target ?? 'unknown (imported)'),
    targetEngine: 'unknown',
    model,
    quantization: guessQuantization(model),
    startedAt: new Date(startS * 1000).toISOString(),
    finishedAt: new Date(endS * 1000).toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource('GuideLLM'),
    config: {
      load: strategy,
      benchmarkIndex: index,
      import: {
        tool: 'GuideLLM',
        toolVersion: '0.2/0.3 (benchmarks[].worker, per-request start_time/end_time)',
        fileKind: 'benchmarks.json',
        format: 'guidellm',
        file,
        timeBase: sampled ? 'tool-duration' : 'send-times',
        metricMapping: MAPPING,
        unmapped: [
          'GuideLLM time_per_output_token_ms includes TTFT: no equivalent, not imported',
          'chunk ITL: GuideLLM does not save per-chunk times; itlMs is empty',
          ...(sampled
            ? [
                `only ${samples.length} of ${total} requests are in the file (GuideLLM keeps a sample): throughput and latency are GuideLLM's own (summary.reported)`,
              ]
            : []),
        ],
        aggregateOnly: samples.length === 0,
        metadata: { target: worker.backend_target ?? null, requestTotals: totals },
      },
    },
    samples,
    summary: {
      reported: {
        tool: 'GuideLLM',
        authoritative: sampled || !samples.length ? ['throughput', 'latency'] : [],
        requests: total,
        errors: num(totals.errored),
        durationS: endS - startS,
        inputTokens: null,
        outputTokens: null,
        requestsPerS: succ('requests_per_second', 'mean'),
        outputTokensPerS: succ('output_tokens_per_second', 'mean'),
        totalTokensPerS: succ('tokens_per_second', 'mean'),
        ...distributions(metrics),
      },
    },
  };
}
