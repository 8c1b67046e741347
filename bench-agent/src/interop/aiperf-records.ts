import type { SampleInput } from '../run/sample.types';
import { classifyAiperfError } from './foreign-errors';
import { ImportFormatError, parsePythonJson } from './import-format-error';
import { blankSample, hardwareFromSource, isObject, num, round3, type ImportedRun } from './imported-run';

/**
 * AIPerf `profile_export.jsonl`: one `MetricRecordInfo` per line, `{metadata: {session_num, turn_index,
 * x_request_id, request_start_ns, request_end_ns, benchmark_phase, was_cancelled, …}, metrics:
 * {time_to_first_token: {value, unit}, …}, error: {code, type, message} | null}`
 * (ai-dynamo/aiperf `src/aiperf/common/models/record_models.py`).
 * - `session_num` is the session, not the request: the turns of a multi-turn session share it. Samples
 *   are numbered by send time instead (seq 0…n−1), so no two share a seq.
 * - `benchmark_phase: "warmup"` records are kept as warm-up samples, which no statistic counts.
 * - AIPerf's "inter_token_latency" is (request_latency − TTFT) / (OSL − 1), i.e. OUR TPOT.
 */
export const RECORD_MAPPING: Record<string, string> = {
  time_to_first_token: 'ttftMs',
  inter_token_latency: 'tpotMs (AIPerf "ITL" = our TPOT)',
  inter_chunk_latency: 'itlMs (chunk gaps)',
  request_latency: 'e2eMs',
  input_sequence_length: 'inputTokens',
  output_sequence_length: 'outputTokens (AIPerf counts with its own tokenizer: CLIENT)',
  request_start_ns: 'sentAtMs (relative to the first send)',
};

interface AiperfRecord {
  metadata: Record<string, unknown>;
  metrics: Record<string, { value?: unknown; unit?: unknown }>;
  error: Record<string, unknown> | null;
  line: number;
}

export function parseAiperfRecords(text: string, file: string): ImportedRun {
  const records: AiperfRecord[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    const r = parsePythonJson(l, file, i + 1);
    if (!isObject(r) || !isObject(r.metadata) || num(r.metadata.request_start_ns) === null)
      throw new ImportFormatError(
        file,
        `line ${i + 1}`,
        'expected an AIPerf record with "metadata.request_start_ns" (profile_export.jsonl)',
      );
    records.push({
      metadata: r.metadata,
      metrics: isObject(r.metrics) ? (r.metrics as AiperfRecord['metrics']) : {},
      error: isObject(r.error) ? r.error : null,
      line: i + 1,
    });
  });
  if (!records.length) throw new ImportFormatError(file, '', 'expected AIPerf records; the file is empty');
  records.sort((a, b) => startNs(a) - startNs(b));
  const t0 = startNs(records[0]!);
  const samples = records.map((r, seq) => toSample(r, seq, t0));
  const warmups = samples.filter((s) => s.warmup).length;
  const sessions = new Set(records.map((r) => r.metadata.x_correlation_id ?? r.metadata.session_num)).size;
  const multiTurn = records.some((r) => (num(r.metadata.turn_index) ?? 0) > 0);
  const measured = records.filter((r) => r.metadata.benchmark_phase !== 'warmup');
  const tEnd = Math.max(...records.map((r) => num(r.metadata.request_end_ns) ?? startNs(r)));
  const unmapped = [
    'model, endpoint and load settings: not in profile_export.jsonl (they are in profile_export_aiperf.json input_config)',
    'scheduled time, send lag and queue time: AIPerf records only the send time (scheduledAtMs = sentAtMs)',
    'server token count: AIPerf re-tokenizes the output client-side; outputTokensServer is null',
  ];
  if (warmups)
    unmapped.push(
      `${warmups} warm-up record(s) (benchmark_phase "warmup") kept as warm-up samples: no statistic counts them`,
    );
  if (multiTurn)
    unmapped.push(
      `multi-turn: ${measured.length} requests in ${sessions} sessions; AIPerf's session_num is per session, so samples are numbered by send time`,
    );
  return {
    scenario: multiTurn ? 'aiperf-multi-turn' : 'aiperf-profile',
    targetUrl: 'unknown (imported)',
    targetEngine: 'unknown',
    model: 'unknown',
    quantization: 'unknown',
    status: 'COMPLETED',
    ...hardwareFromSource('AIPerf'),
    startedAt: new Date(Math.floor(t0 / 1e6)).toISOString(),
    finishedAt: new Date(Math.floor(tEnd / 1e6)).toISOString(),
    config: {
      import: {
        tool: 'AIPerf',
        toolVersion: 'per-record export (MetricRecordInfo)',
        fileKind: 'profile_export.jsonl',
        format: 'aiperf',
        file,
        timeBase: 'send-times',
        metricMapping: RECORD_MAPPING,
        unmapped,
        aggregateOnly: false,
        metadata: { sessions, warmupRecords: warmups },
      },
    },
    samples,
    summary: {
      reported: {
        tool: 'AIPerf',
        authoritative: [],
        requests: measured.length,
        errors: measured.filter((r) => r.error !== null || r.metadata.was_cancelled === true).length,
        durationS: null,
        inputTokens: null,
        outputTokens: null,
        requestsPerS: null,
        outputTokensPerS: null,
        totalTokensPerS: null,
      },
    },
  };
}

const startNs = (r: AiperfRecord): number => Number(r.metadata.request_start_ns);

function toSample(r: AiperfRecord, seq: number, t0: number): SampleInput {
  const value = (k: string) => r.metrics[k]?.value;
  const s = blankSample(seq);
  s.warmup = r.metadata.benchmark_phase === 'warmup';
  s.sentAtMs = s.scheduledAtMs = round3((startNs(r) - t0) / 1e6);
  s.inputTokens = num(value('input_sequence_length')) ?? num(value('error_isl'));
  if (r.metadata.was_cancelled === true || r.error) {
    const type = String(r.error?.type ?? 'Cancelled');
    const msg = String(r.error?.message ?? 'cancelled');
    s.errorKind = classifyAiperfError(num(r.error?.code), type, msg);
    s.errorMessage = `${type}: ${msg}`.slice(0, 500);
    return s;
  }
  s.ttftMs = num(value('time_to_first_token'));
  s.e2eMs = num(value('request_latency'));
  s.tpotMs = num(value('inter_token_latency'));
  const chunks = value('inter_chunk_latency');
  s.itlMs = Array.isArray(chunks) ? chunks.map((g) => num(g) ?? 0) : [];
  s.outputTokens = num(value('output_sequence_length')) ?? num(value('output_token_count'));
  s.outputTokensClient = s.outputTokens;
  s.tokenSource = s.outputTokens !== null ? 'CLIENT' : null;
  return s;
}
