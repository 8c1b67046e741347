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
import { guessQuantization } from './vllm-bench.importer';

/**
 * GuideLLM `benchmarks.json` (`guidellm benchmark … --output-path benchmarks.json`): `{benchmarks: [...]}`,
 * one entry per strategy of the sweep, each imported as its own run. Per request (`requests.successful /
 * errored / incomplete`): epoch-second `start_time`, `first_token_time`, `last_token_time`, `end_time`,
 * `prompt_tokens`, `output_tokens`. Aggregates: `metrics.<name>.successful.{mean, median, std_dev, min,
 * max, percentiles.{p50, p90, p95, p99, p999}}`.
 * Definitions: GuideLLM's "inter_token_latency" = (last − first token) / (N − 1) = OUR TPOT; GuideLLM's
 * "time_per_output_token" = (last token − start) / N includes TTFT and has no equivalent here.
 */
const MAPPING = {
  time_to_first_token_ms: 'ttftMs',
  inter_token_latency_ms: 'tpotMs (GuideLLM "ITL" = our TPOT)',
  request_latency: 'e2eMs (seconds → ms)',
  prompt_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
};
const AGG: Record<string, [string, number]> = {
  time_to_first_token_ms: ['ttftMs', 1],
  inter_token_latency_ms: ['tpotMs', 1],
  request_latency: ['e2eMs', 1000],
};

type Req = Record<string, unknown>;

export const guidellmImporter: ResultImporter = {
  format: 'guidellm',
  description: 'GuideLLM benchmarks.json (one run per benchmark/strategy)',
  parse(text, file) {
    const doc = JSON.parse(text) as unknown;
    if (!isObject(doc) || !Array.isArray(doc.benchmarks)) {
      throw new Error(`${file}: not a GuideLLM report (no "benchmarks" array)`);
    }
    return (doc.benchmarks as unknown[]).map((b, i) => toRun(b, i, file));
  },
};

function toRun(b: unknown, index: number, file: string): ImportedRun {
  if (!isObject(b)) throw new Error(`${file}: benchmarks[${index}] is not an object`);
  const requests = isObject(b.requests) ? b.requests : {};
  const list = (k: string): Req[] => (Array.isArray(requests[k]) ? (requests[k] as Req[]) : []);
  const all = [
    ...list('successful').map((r) => ({ r, kind: 'ok' as const })),
    ...list('errored').map((r) => ({ r, kind: 'error' as const })),
    ...list('incomplete').map((r) => ({ r, kind: 'cancelled' as const })),
  ].sort((x, y) => (num(x.r.start_time) ?? 0) - (num(y.r.start_time) ?? 0));
  const startS = num(b.start_time) ?? num(all[0]?.r.start_time) ?? 0;
  const samples = all.map(({ r, kind }, seq) => {
    const s = blankSample(seq);
    const start = num(r.start_time);
    if (start !== null) s.sentAtMs = s.scheduledAtMs = round3((start - startS) * 1000);
    s.inputTokens = num(r.prompt_tokens);
    if (kind !== 'ok') {
      const msg =
        typeof r.error === 'string'
          ? r.error
          : kind === 'cancelled'
            ? 'incomplete when the benchmark ended'
            : 'error';
      s.errorKind = kind === 'cancelled' ? 'cancelled' : classifyForeignError(msg);
      s.errorMessage = msg.slice(0, 500);
      return s;
    }
    const first = num(r.first_token_time);
    const end = num(r.end_time);
    s.ttftMs =
      start !== null && first !== null ? round3((first - start) * 1000) : num(r.time_to_first_token_ms);
    s.e2eMs = start !== null && end !== null ? round3((end - start) * 1000) : scaled(r.request_latency, 1000);
    s.outputTokens = num(r.output_tokens);
    s.outputTokensServer = s.outputTokens;
    s.tokenSource = s.outputTokens !== null ? 'SERVER' : null;
    // Our TPOT runs to the last byte (E2E); GuideLLM's ITL runs to the last token. Use E2E for consistency.
    s.tpotMs = tpotMs(s.e2eMs, s.ttftMs, s.outputTokens);
    return s;
  });
  const metrics = isObject(b.metrics) ? b.metrics : {};
  const sourcePercentiles: Record<string, SourcePercentiles> = {};
  for (const [theirs, [ours, factor]] of Object.entries(AGG)) {
    const ok = isObject(metrics[theirs])
      ? (metrics[theirs] as Record<string, unknown>).successful
      : undefined;
    if (!isObject(ok)) continue;
    const pct = isObject(ok.percentiles) ? ok.percentiles : {};
    const p: SourcePercentiles = {};
    const set = (k: string, v: unknown) => num(v) !== null && (p[k] = round3(num(v)! * factor));
    set('mean', ok.mean);
    set('p50', ok.median);
    set('std', ok.std_dev);
    set('min', ok.min);
    set('max', ok.max);
    for (const [k, v] of Object.entries(pct)) set(k === 'p999' ? 'p99_9' : k, v);
    sourcePercentiles[ours] = p;
  }
  const totals = isObject(b.request_totals) ? b.request_totals : {};
  const total = num(totals.total);
  const args = isObject(b.args) ? b.args : {};
  const strategy = isObject(args.strategy) ? args.strategy : {};
  const worker = isObject(b.worker) ? b.worker : {};
  const model = String(worker.backend_model ?? 'unknown');
  const unmapped = [
    'GuideLLM time_per_output_token_ms = (last token − start) / N includes TTFT: no equivalent, not imported',
    'chunk ITL: GuideLLM does not save per-chunk times; itlMs is empty',
    'scheduled time, send lag, queue time: not recorded (scheduledAtMs = sentAtMs)',
  ];
  if (total !== null && samples.length < total) {
    unmapped.push(
      `only ${samples.length} of ${total} requests are in the file (GuideLLM output sampling); summary.sourcePercentiles cover all ${total}`,
    );
  }
  return {
    scenario: `guidellm-${String(strategy.type_ ?? 'benchmark')}${num(strategy.rate) !== null ? `-${strategy.rate}rps` : ''}`,
    targetUrl: String(worker.backend_target ?? 'unknown (imported)'),
    targetEngine: 'unknown',
    model,
    quantization: guessQuantization(model),
    startedAt: new Date(startS * 1000).toISOString(),
    finishedAt: new Date((num(b.end_time) ?? startS) * 1000).toISOString(),
    status: 'COMPLETED',
    ...hardwareFromSource('GuideLLM'),
    config: {
      load: strategy,
      benchmarkIndex: index,
      import: {
        tool: 'GuideLLM',
        format: 'guidellm',
        file,
        metricMapping: MAPPING,
        unmapped,
        aggregateOnly: samples.length === 0,
      },
    },
    samples,
    summary: { source: 'GuideLLM', requestTotals: totals, sourcePercentiles },
  };
}

const scaled = (v: unknown, factor: number): number | null =>
  num(v) === null ? null : round3(num(v)! * factor);
