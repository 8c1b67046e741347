import type { Percentiles, RunStats } from './stats.types';

/**
 * Runs imported from another tool carry that tool's own figures in `summary.reported` (written by
 * `yardstick-agent import`): `{tool, authoritative: ["throughput" | "latency"], durationS, requests,
 * errors, inputTokens, outputTokens, requestsPerS, outputTokensPerS, totalTokensPerS, ttftMs, tpotMs,
 * itlMs, e2eMs}`. `authoritative` names what the samples cannot give — throughput when the file has no
 * send times or only a sample of the requests, latency when it has no per-request data or a sample —
 * and for those groups the run's statistics are the tool's, labelled `reportedBy`.
 *
 * Example: a vLLM `--save-result` file (aggregates only) has no samples; its stats become vLLM's
 * `output_throughput` 52.3 tok/s and `p99_ttft_ms`, with `reportedBy: "vLLM bench serve"`.
 */
export function withReportedFigures(stats: RunStats, summary: unknown): RunStats {
  const reported = isObject(summary) && isObject(summary.reported) ? summary.reported : null;
  if (!reported || typeof reported.tool !== 'string') return stats;
  const groups = Array.isArray(reported.authoritative) ? reported.authoritative : [];
  const fields: string[] = [];
  const out: RunStats = { ...stats };
  if (groups.includes('throughput')) {
    out.durationS = num(reported.durationS);
    out.requestsPerS = num(reported.requestsPerS);
    out.outputTokensPerS = num(reported.outputTokensPerS);
    out.totalTokensPerS = num(reported.totalTokensPerS);
    if (stats.requests === 0) {
      out.requests = num(reported.requests) ?? 0;
      out.errors = num(reported.errors) ?? 0;
      out.inputTokens = num(reported.inputTokens) ?? 0;
      out.outputTokens = num(reported.outputTokens) ?? 0;
    }
    fields.push('durationS', 'requestsPerS', 'outputTokensPerS', 'totalTokensPerS');
  }
  if (groups.includes('latency')) {
    for (const key of ['ttftMs', 'tpotMs', 'itlMs', 'e2eMs'] as const) {
      const d = reported[key];
      if (!isObject(d)) continue;
      out[key] = percentilesOf(d);
      fields.push(key);
    }
  }
  if (!fields.length) return stats;
  out.reportedBy = reported.tool;
  out.reportedFields = fields;
  return out;
}

function percentilesOf(d: Record<string, unknown>): Percentiles {
  return {
    count: num(d.count) ?? 0,
    mean: num(d.mean),
    min: num(d.min),
    p50: num(d.p50),
    p90: num(d.p90),
    p95: num(d.p95),
    p99: num(d.p99),
    max: num(d.max),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
