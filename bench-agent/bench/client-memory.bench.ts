/**
 * Memory: a long run must not accumulate per-request data in memory. The agent runs a closed loop
 * (concurrency 64) against a zero-delay local SSE server with samples streaming to the on-disk spool
 * (the upload server is unreachable, as in an offline run) and `keepSamples: false`, so only counters
 * and HDR histograms stay in memory. Resident set size (RSS) is sampled every second.
 *
 * Goal (issue 3): a 1,000,000-request run stays under 300 MB resident. The run is a real one: it stops
 * at BENCH_REQUESTS (default 1,000,000) or, as a safety cap, BENCH_MEMORY_SECONDS (default 600),
 * whichever comes first; only when the cap ends it early is RSS at 1,000,000 requests projected (from
 * the post-GC heap growth per request). Baseline: RSS of the same process before the run.
 * The server is the bare node:net one (`--raw`): a node:http server is slower than the agent, and at its
 * ~5,000 req/s a million requests took 5 minutes; memory does not depend on which server answers.
 * Run: npm run bench -- client-memory   (about 1.5-3 minutes on two shared cores)
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseScenario } from '@yardstick/schema/scenario';
import { runScenario } from '../src/run/run.service';
import { startSseServer } from './client-bench.helpers';

const TARGET_REQUESTS = Number(process.env.BENCH_REQUESTS ?? process.env.BENCH_MEMORY_REQUESTS ?? 1_000_000);
const MAX_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 600);
const GOAL_MB = 300;
const MB = 1024 * 1024;
const hardware = {
  hostname: 'bench',
  cpuModel: '',
  cpuCores: os.cpus().length,
  memoryBytes: 0,
  os: '',
  accelerators: [],
  notes: [],
  raw: {},
};

// A full garbage collection on demand, without needing node --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const server = await startSseServer({ raw: true });
const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'bench-spool-'));
try {
  gc();
  const baselineMb = process.memoryUsage().rss / MB;
  const baselineHeapMb = process.memoryUsage().heapUsed / MB;
  const points: { done: number; rssMb: number }[] = [];
  let done = 0;
  // Every 5 s, a full GC and the heap that survives it: per-request data kept in memory grows this.
  const retained: { done: number; heapMb: number }[] = [];
  let ticks = 0;
  const timer = setInterval(() => {
    points.push({ done, rssMb: process.memoryUsage().rss / MB });
    ticks += 1;
    if (ticks % 5 === 0) {
      gc();
      retained.push({ done, heapMb: process.memoryUsage().heapUsed / MB });
    }
  }, 1000);
  const scenario = parseScenario(
    JSON.stringify({
      name: 'memory',
      description: 'memory bench',
      request: { input_tokens: { dist: 'fixed', value: 16 }, output_tokens: { dist: 'fixed', value: 16 } },
      load: { type: 'concurrency', concurrency: 64 },
      stop: { requests: TARGET_REQUESTS, duration_s: MAX_SECONDS },
      timeout_s: 30,
    }),
    'memory.json',
  );
  const out = await runScenario({
    targetUrl: server.url,
    scenario,
    hardware,
    keepSamples: false,
    server: { url: 'http://127.0.0.1:1', token: 'none', spoolDir, retryWindowMs: 1000 },
    onProgress: (p) => (done = p.done),
  });
  clearInterval(timer);
  points.push({ done, rssMb: process.memoryUsage().rss / MB });
  const peakMb = Math.max(...points.map((p) => p.rssMb));
  // Growth of the post-GC heap between the first and the last check (one-off allocations such as the
  // tokenizer and JIT code land before the first check and do not count per request).
  const r0 = retained[0];
  const r1 = retained.at(-1);
  const retainedMb = r0 && r1 ? r1.heapMb - r0.heapMb : 0;
  const retainedPer100kMb = r0 && r1 && r1.done > r0.done ? (retainedMb / (r1.done - r0.done)) * 100_000 : 0;
  console.log(
    `post-GC heap every 5 s (MB): ${retained.map((r) => r.heapMb.toFixed(1)).join(' ')} (before the run ${baselineHeapMb.toFixed(1)})`,
  );
  const spoolMb = readdirSync(spoolDir).reduce((a, f) => a + statSync(path.join(spoolDir, f)).size, 0) / MB;
  // RSS grows while V8 sizes its heap lazily even when nothing is retained, so the projection to
  // 1,000,000 requests adds the retained (post-GC) growth per request to the peak, not the RSS slope.
  const half = points.filter((p) => p.done >= done / 2);
  const first = half[0]!;
  const last = half.at(-1)!;
  const slopeMbPerReq = last.done > first.done ? (last.rssMb - first.rssMb) / (last.done - first.done) : 0;
  const projectedMb = peakMb + Math.max(0, retainedPer100kMb / 100_000) * Math.max(0, 1_000_000 - done);
  console.log(`host: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(
    `requests ${out.summary.requests} (errors ${out.summary.errors}) in ${out.summary.durationS?.toFixed(1)} s; spooled ${spoolMb.toFixed(1)} MB to disk`,
  );
  console.log(
    `RSS baseline ${baselineMb.toFixed(1)} MB; peak ${peakMb.toFixed(1)} MB (ratio ${(peakMb / baselineMb).toFixed(2)} of baseline); end ${last.rssMb.toFixed(1)} MB`,
  );
  console.log(
    `RSS growth over the second half: ${(slopeMbPerReq * 100_000).toFixed(2)} MB per 100,000 requests`,
  );
  console.log(
    `RSS at 1,000,000 requests: ${done >= 1_000_000 ? `measured ${peakMb.toFixed(1)}` : `projected ${projectedMb.toFixed(1)}`} MB`,
  );
  const worst = Math.max(peakMb, projectedMb);
  console.log(
    `${worst < GOAL_MB ? 'GOAL MET' : 'GOAL MISSED'}: a 1,000,000-request run stays under ${GOAL_MB} MB resident (${worst.toFixed(1)} MB)`,
  );
} finally {
  await server.close();
  rmSync(spoolDir, { recursive: true, force: true });
}
