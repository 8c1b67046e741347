import type { RunSummary } from './run-summary';
import type { MeasuredSummary } from '../workers/measured-run';

const f = (v: number | null | undefined, d = 1): string =>
  v === null || v === undefined ? '-' : v.toFixed(d);

/**
 * The lines the run table prints under the latency table: tail percentiles, goodput, the client's own
 * overhead (send lag, CPU), both token counts, energy and cost when measured.
 */
export function summaryExtraLines(summary: RunSummary | MeasuredSummary): string[] {
  const lines: string[] = [];
  const s = summary as MeasuredSummary;
  if (s.ttftMs.count > 0) {
    lines.push(
      `tail: TTFT p99.9 ${f(s.ttftMs.p999)} ms (stddev ${f(s.ttftMs.stddev)})  ` +
        `TPOT p99.9 ${f(s.tpotMs.p999, 2)} ms  E2E p99.9 ${f(s.e2eMs.p999)} ms`,
    );
  }
  if (s.goodput) {
    const g = s.goodput;
    const limits = Object.entries(g.limits)
      .map(([k, v]) => `${k.replace(/Ms$/, '')} <= ${v} ms`)
      .join(', ');
    lines.push(
      `goodput${limits ? ` (${limits})` : ' (no SLO: every success counts)'}: ${f(g.requestsPerS, 2)} req/s  ` +
        `${f(g.outputTokensPerS)} output tok/s  ${g.goodFraction === null ? '-' : (g.goodFraction * 100).toFixed(1)}% of requests` +
        g.percentileChecks
          .map((c) => `  ${c.metric} p${c.percentile} ${f(c.valueMs)} ms ${c.met ? 'met' : 'MISSED'}`)
          .join(''),
    );
  }
  if (s.sendLagMs) {
    lines.push(
      `client: send lag p50 ${f(s.sendLagMs.p50, 3)} ms p99 ${f(s.sendLagMs.p99, 3)} ms  ` +
        `CPU ${f(s.agentCpu?.percentOfOneCore)}% of a core${s.agentCpu && s.agentCpu.processes > 1 ? ` over ${s.agentCpu.processes} processes` : ''}`,
    );
  }
  if (s.tokenCounts) {
    const t = s.tokenCounts;
    lines.push(
      `output tokens: server usage ${t.outputTokensServer} (${t.requestsWithServerCount} requests), ` +
        `client count ${t.outputTokensClient}; N_out from ${t.requestsWithServerCount > 0 ? 'server usage where reported' : 'client count'}`,
    );
  }
  for (const c of s.telemetry?.collectors ?? []) {
    if (!c.available) lines.push(`telemetry ${c.name}: unavailable (${c.reason})`);
  }
  if (s.telemetry && s.telemetry.energy.length > 0) {
    const e = s.telemetry;
    lines.push(
      `energy ${f(e.totalJoules)} J (avg ${f(e.averagePowerW)} W)  ${f(e.efficiency?.joulesPerOutputToken, 4)} J/output token  ` +
        `${f(e.efficiency?.outputTokensPerJoule, 3)} tokens/J`,
    );
  }
  if (s.cost) {
    const c = s.cost;
    lines.push(
      `cost at $${f(c.usdPerHour, 4)}/h (${c.throughputBasis}): usage $${f(c.usage.inputUsdPerMtok, 4)} in / ` +
        `$${f(c.usage.outputUsdPerMtok, 4)} out / $${f(c.usage.totalUsdPerMtok, 4)} total per Mtok; ` +
        `allocation (utilisation ${c.utilisation}) $${f(c.allocation.outputUsdPerMtok, 4)} out per Mtok`,
    );
  }
  return lines;
}
