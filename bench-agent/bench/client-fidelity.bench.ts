/**
 * Timing fidelity: does the agent measure what the server did, and send when it meant to? (issue 3)
 *
 * 1. TTFT/TPOT error against measured truth. A raw node:net server in its own process
 *    (test/fixtures/tools/delay.server.ts) injects TTFT = 20 ms and 5 ms between 16 chunks and records,
 *    per request, on an epoch clock both processes share (performance.timeOrigin + performance.now()),
 *    when the request's last byte was read and when it wrote the first and the last content chunk. The
 *    agent's samples join those records by the `seed` each request carries. Error = agent TTFT − server
 *    (first write − received), and agent TPOT − server (last − first write) / 15, so the server's late
 *    timers no longer count as client error. Poisson at 200, 500 and 1,000 requests/s; goal at 1,000:
 *    |error| within 1 ms at p50 and 5 ms at p99, for TTFT and TPOT. The old error against the nominal
 *    20 / 5 ms is printed next to it. What stays in the error besides the agent: loopback (the kernel's
 *    TCP path both ways) and the server's own read of the request (a starved server reads late, and its
 *    `received` is then late too); "inbound" (server received − agent sent) and "outbound" (agent first
 *    token − server first write) split it.
 * 2. Rate accuracy. Against the zero-delay raw server (sse-load.server.ts --raw), Poisson at 1,000 / 2,000 /
 *    5,000 requests/s: achieved send rate over the run vs the rate of the schedule the load model drew (a
 *    few thousand Poisson draws are themselves ±1-2% off the nominal rate, so the schedule is the fair
 *    baseline; the nominal ratio is printed too). Goal: within 1%.
 *
 * Goals are judged only when the machine had CPU to spare: if all cores together were ≥ 90% busy during
 * the measurement (os.cpus() counters), the line says "not judged (machine saturated: …)" with the load
 * average and who used the CPU — a starved agent or server says nothing about the agent's design.
 * Run: npm run bench -- client-fidelity   (BENCH_SECONDS per measurement, default 4; about 1 minute)
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseScenario } from '@yardstick/schema/scenario';
import { runScenario, type RunOutcome } from '../src/run/run.service';
import {
  absErrorQuantiles,
  busyFraction,
  cpuSnapshot,
  joinFidelity,
  quantile,
  startDelayServer,
  startSseServer,
  type ClientTiming,
  type CpuSnapshot,
} from './client-bench.helpers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const TTFT_MS = 20;
const ITL_MS = 5;
const CHUNKS = 16;
/**
 * A goal is judged only if the machine had CPU to spare during the measurement: all cores together less
 * than SATURATED busy, and processes other than the agent and the server using less than OTHERS_MAX of
 * all cores (they compete with both for the run queue, which is what makes timers and reads late).
 */
const SATURATED = 0.9;
const OTHERS_MAX = 0.25;
const CORES = os.cpus().length;
const hardware = {
  hostname: 'bench',
  cpuModel: '',
  cpuCores: CORES,
  memoryBytes: 0,
  os: '',
  accelerators: [],
  notes: [],
  raw: {},
};

const scenarioAt = (ratePerS: number, seconds: number) =>
  parseScenario(
    JSON.stringify({
      name: 'fidelity',
      description: 'timing fidelity bench',
      seed: 1000,
      request: {
        input_tokens: { dist: 'fixed', value: 16 },
        output_tokens: { dist: 'fixed', value: CHUNKS },
      },
      load: { type: 'poisson', rate_per_s: ratePerS },
      stop: { duration_s: seconds },
      timeout_s: 30,
    }),
    'fidelity.json',
  );

const epochNow = (): number => performance.timeOrigin + performance.now();
const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${x.toFixed(0)}%`;

/** Who used the CPU during one measurement, for the saturation verdict. */
interface CpuReport {
  /** Fraction of all cores busy (0…1). */
  busy: number;
  /** Percent of one core. */
  agentPct: number;
  serverPct: number | null;
  /** Everything else, percent of one core. */
  othersPct: number;
}

/** Call right after the measurement: `before` was taken right before it, over `wallMs`. */
function cpuReport(
  before: CpuSnapshot,
  out: RunOutcome,
  serverCpuMs: [number | null, number | null],
  wallMs: number,
): CpuReport {
  const busy = busyFraction(before, cpuSnapshot());
  const agentPct = out.summary.agentCpu?.percentOfOneCore ?? 0;
  const [from, to] = serverCpuMs;
  const serverPct = from !== null && to !== null ? ((to - from) / wallMs) * 100 : null;
  return {
    busy,
    agentPct,
    serverPct,
    othersPct: Math.max(0, busy * CORES * 100 - agentPct - (serverPct ?? 0)),
  };
}

function describeCpu(c: CpuReport): string {
  return (
    `machine CPU busy ${pct(c.busy * 100)} of ${CORES} cores (agent ${pct(c.agentPct)} of one core, ` +
    `server ${c.serverPct !== null ? pct(c.serverPct) : 'unknown'}, everything else ≈${pct(c.othersPct)}), ` +
    `load average ${os.loadavg()[0]!.toFixed(1)}`
  );
}

/** MET / MISSED, or "not judged" with the reason when the machine had no CPU to spare. */
function verdict(met: boolean, c: CpuReport, goal: string): string {
  if (c.busy >= SATURATED || c.othersPct >= OTHERS_MAX * CORES * 100) {
    return (
      `GOAL NOT JUDGED (machine saturated: load avg ${os.loadavg()[0]!.toFixed(1)} on ${CORES} cores, CPU ` +
      `${pct(c.busy * 100)} busy, other processes ${pct(c.othersPct)} of a core; measured ` +
      `${met ? 'within' : 'outside'} the budget): ${goal}`
    );
  }
  return `${met ? 'GOAL MET' : 'GOAL MISSED'}: ${goal}`;
}

async function timingError(ratePerS: number, judged: boolean): Promise<void> {
  const server = await startDelayServer({ ttftMs: TTFT_MS, itlMs: ITL_MS, chunks: CHUNKS });
  try {
    const scenario = scenarioAt(ratePerS, SECONDS);
    await server.stats(); // resets the server's event-loop delay histogram
    const serverCpuBefore = server.cpuMs();
    const cpuBefore = cpuSnapshot();
    const wallStart = performance.now();
    // The run's clock starts soon after onStart; sample times are relative to it. The epoch anchor is
    // taken early by that gap, which moves the inbound/outbound split (not the error) by as much.
    let anchor = NaN;
    const out = await runScenario({
      targetUrl: server.url,
      scenario,
      hardware,
      onStart: () => (anchor = epochNow()),
    });
    const cpu = cpuReport(cpuBefore, out, [serverCpuBefore, server.cpuMs()], performance.now() - wallStart);
    const after = await server.stats();
    const records = await server.records();
    const timings: ClientTiming[] = out.samples.map((s) => ({
      id: scenario.seed + s.seq,
      ttftMs: s.errorKind ? null : s.ttftMs,
      tpotMs: s.errorKind ? null : s.tpotMs,
      sentAt: anchor + s.sentAtMs,
    }));
    const j = joinFidelity(timings, records, { ttftMs: TTFT_MS, tpotMs: ITL_MS });
    console.log(
      `\n${ratePerS} req/s Poisson: ${out.samples.length} requests, ${out.summary.errors} errors, ${j.matched} joined to a ` +
        `server record (${j.clientUnmatched} without one, ${j.duplicated} retried, ${j.serverUnmatched} server-only); ` +
        `send lag p99 ${out.summary.sendLagMs.p99} ms`,
    );
    // socket.write → its callback: how long the server's own bytes waited for the kernel (should be ~0).
    const flushMs = records
      .filter((r) => r.firstFlushedAt !== null)
      .map((r) => r.firstFlushedAt! - r.firstWriteAt);
    console.log(
      `  ${describeCpu(cpu)}; server event-loop delay p99 ${f3(after.loopDelayP99Ms)} ms, ` +
        `first chunk write → write callback p99 ${f3(quantile(flushMs, 0.99))} ms`,
    );
    console.log(
      `  server timer lateness (its TTFT − 20 ms / TPOT − 5 ms): TTFT p50 ${f3(quantile(j.serverTtftLate, 0.5))} ` +
        `p99 ${f3(quantile(j.serverTtftLate, 0.99))} ms, TPOT p50 ${f3(quantile(j.serverTpotLate, 0.5))} ` +
        `p99 ${f3(quantile(j.serverTpotLate, 0.99))} ms`,
    );
    const rows = [
      ['TTFT', j.ttftError, j.ttftVsNominal],
      ['TPOT', j.tpotError, j.tpotVsNominal],
    ] as const;
    for (const [name, errors, vsNominal] of rows) {
      const e = absErrorQuantiles(errors);
      const n = absErrorQuantiles(vsNominal);
      console.log(
        `  ${name} |agent − server truth|: p50 ${f3(e.p50)} ms (${f3(e.p50 / 1)} of the 1 ms budget), ` +
          `p99 ${f3(e.p99)} ms (${f3(e.p99 / 5)} of the 5 ms budget), max ${f3(e.max)} ms; ` +
          `old |agent − nominal|: p50 ${f3(n.p50)} p99 ${f3(n.p99)} ms`,
      );
    }
    const fresh = absErrorQuantiles(j.ttftErrorFreshConnection);
    const reused = absErrorQuantiles(j.ttftErrorReusedConnection);
    console.log(
      `  TTFT |error| on a connection opened for the request (${j.ttftErrorFreshConnection.length}): ` +
        `p50 ${f3(fresh.p50)} p99 ${f3(fresh.p99)} ms; on a reused one (${j.ttftErrorReusedConnection.length}): ` +
        `p50 ${f3(reused.p50)} p99 ${f3(reused.p99)} ms`,
    );
    // The epoch anchor is a little early (see onStart above); both one-way paths have the same floor
    // (loopback plus one event-loop turn), so shift the split until their minima agree.
    const shift = (Math.min(...j.inboundMs) - Math.min(...j.outboundMs)) / 2;
    const inbound = j.inboundMs.map((x) => x - shift);
    const outbound = j.outboundMs.map((x) => x + shift);
    console.log(
      `  TTFT error split (zero point set so both minima agree; anchor shift ${f3(shift)} ms): inbound (server ` +
        `received − agent sent) p50 ${f3(quantile(inbound, 0.5))} p99 ${f3(quantile(inbound, 0.99))} ms; ` +
        `outbound (agent first token − server first write) p50 ${f3(quantile(outbound, 0.5))} ` +
        `p99 ${f3(quantile(outbound, 0.99))} ms; loopback is in both`,
    );
    if (judged) {
      for (const [name, errors] of rows) {
        const e = absErrorQuantiles(errors);
        console.log(
          `  ${verdict(e.p50 <= 1 && e.p99 <= 5, cpu, `${name} error within 1 ms at p50 and 5 ms at p99 at ${ratePerS} req/s`)}`,
        );
      }
    }
    if (j.matched < out.samples.length * 0.9) {
      throw new Error(
        `only ${j.matched} of ${out.samples.length} samples joined a server record: check that requests carry their seed`,
      );
    }
  } finally {
    await server.close();
  }
}

async function rateAccuracy(): Promise<void> {
  const server = await startSseServer({ raw: true });
  try {
    for (const rate of [1000, 2000, 5000]) {
      const serverCpuBefore = server.cpuMs();
      const cpuBefore = cpuSnapshot();
      const wallStart = performance.now();
      const out = await runScenario({ targetUrl: server.url, scenario: scenarioAt(rate, SECONDS), hardware });
      const cpu = cpuReport(cpuBefore, out, [serverCpuBefore, server.cpuMs()], performance.now() - wallStart);
      const sent = out.samples.map((s) => s.sentAtMs).sort((a, b) => a - b);
      const scheduled = out.samples.map((s) => s.scheduledAtMs).sort((a, b) => a - b);
      const n = sent.length - 1;
      const sentRate = (n * 1000) / (sent[n]! - sent[0]!);
      const scheduleRate = (n * 1000) / (scheduled[n]! - scheduled[0]!);
      const ratio = sentRate / scheduleRate;
      console.log(
        `\nPoisson ${rate} req/s: ${sent.length} sends, achieved ${sentRate.toFixed(1)} req/s = ${ratio.toFixed(4)} of the schedule ` +
          `(${(sentRate / rate).toFixed(4)} of nominal); send lag p50 ${out.summary.sendLagMs.p50} ms p99 ${out.summary.sendLagMs.p99} ms; ` +
          `${out.summary.errors} errors`,
      );
      console.log(`  ${describeCpu(cpu)}`);
      console.log(
        `  ${verdict(Math.abs(ratio - 1) <= 0.01, cpu, `achieved rate within 1% of target at ${rate} req/s`)}`,
      );
    }
  } finally {
    await server.close();
  }
}

console.log(
  `host: ${CORES} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min); ` +
    `${SECONDS} s per measurement; loopback latency is part of every error below (same host)`,
);
await timingError(200, false);
await timingError(500, false);
await timingError(1000, true);
await rateAccuracy();
