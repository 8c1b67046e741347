/**
 * Query speed with a large store: `leaderboard` and `run { stats }` p50/p90 through the real
 * GraphQL API (the server on 127.0.0.1, HTTP, auth, resolvers, services), each as a ratio to the
 * same repository SQL run directly on the server's DuckDB connection in the same process.
 * Goal (issue 4): ≤ 100 ms at p50 and ≤ 1.5x direct SQL.
 *
 * The data set (default 10,000,000 samples across 10,000 runs, seeded) is written through the
 * ingest Appender into a DuckDB file cached under the OS temp dir (see query-dataset.ts); the
 * first run prints how long generating it took, later runs reuse it.
 *
 *   npm run bench -- query
 *   YARDSTICK_BENCH_SAMPLES=1000000 npm run bench -- query     # a quick run (100 samples per run)
 *   YARDSTICK_BENCH_RUNS=1000 YARDSTICK_BENCH_SEED=7 ...        # other shapes
 */
import 'reflect-metadata';
import './quiet-logs';
import { startServer } from '../src/index';
import { listProfiles } from '../src/catalogue/catalogue.repository';
import { ratesAsOf } from '../src/currency/currency.repository';
import { leaderboardRuns, pricesAsOf } from '../src/leaderboard/leaderboard.repository';
import { runStats } from '../src/runs/stats.repository';
import { fmt, seededRandom } from './bench-server.helpers';
import { ensureDataset, runIdOf } from './query-dataset';

const SAMPLES = Number(process.env.YARDSTICK_BENCH_SAMPLES ?? 10_000_000);
const RUNS = Number(process.env.YARDSTICK_BENCH_RUNS ?? 10_000);
const SEED = Number(process.env.YARDSTICK_BENCH_SEED ?? 1);
const ITERATIONS = Number(process.env.YARDSTICK_BENCH_ITERATIONS ?? 30);
const GOAL_P50_MS = 100;
const GOAL_RATIO = 1.5;

const LEADERBOARD_QUERY = `query($scenario: String!, $asOf: DateTime) {
  leaderboard(scenario: $scenario, asOf: $asOf, slo: { percentile: P99, ttftMs: 2000, maxErrorRate: 0.05 }) {
    entries { hardwareProfile { id name } model quantization runIds throughputAtSloTokensPerS
              costPerMtokAllocation costPerMtokUsage joulesPerOutputToken excludedRuns { runId reason } }
    unprofiledRunIds priceIds
  }
}`;
const RUN_QUERY = `query($id: ID!) {
  run(id: $id) { id model stats {
    requests errors inputTokens outputTokens durationS requestsPerS outputTokensPerS
    ttftMs { count mean min p50 p90 p95 p99 max } tpotMs { count mean min p50 p90 p95 p99 max }
    itlMs { count mean min p50 p90 p95 p99 max } e2eMs { count mean min p50 p90 p95 p99 max }
    errorsByKind { kind count } } }
}`;

interface Timing {
  p50: number;
  p90: number;
}

function percentile(sortedMs: number[], q: number): number {
  const pos = (sortedMs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sortedMs[lo]! + (sortedMs[hi]! - sortedMs[lo]!) * (pos - lo);
}

/** Runs `call(i)` ITERATIONS times, one after another, and returns p50/p90 in ms. */
async function time(call: (i: number) => Promise<unknown>): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await call(i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p90: percentile(ms, 0.9) };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (!res.ok || body.errors) throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.data!;
}

async function main() {
  if (!(SAMPLES >= RUNS && RUNS >= 1 && Number.isInteger(SAMPLES / RUNS))) {
    throw new Error(
      `YARDSTICK_BENCH_SAMPLES (${SAMPLES}) must be a positive multiple of YARDSTICK_BENCH_RUNS (${RUNS})`,
    );
  }
  const spec = { seed: SEED, runs: RUNS, samplesPerRun: SAMPLES / RUNS };
  console.log(`Data set: ${fmt(SAMPLES)} samples across ${fmt(RUNS)} runs, seed ${SEED}`);
  const dataset = await ensureDataset(spec, (line) => console.log(line));
  console.log(
    dataset.generatedInS === null
      ? `  reused cached file ${dataset.path}`
      : `  generated in ${dataset.generatedInS.toFixed(1)} s (${fmt(SAMPLES / dataset.generatedInS)} samples/s) -> ${dataset.path}`,
  );

  // Reads are open to local clients on 127.0.0.1 (no token), as in a default deployment.
  const server = await startServer({ dbPath: dataset.path, port: 0, log: () => undefined });
  try {
    const url = `${server.url}/graphql`;
    const scenario = dataset.scenarios[0]!;
    const asOf = new Date('2027-01-01T00:00:00Z');
    const database = server.db;

    let started = performance.now();
    const first = (await graphql(url, LEADERBOARD_QUERY, { scenario, asOf })) as {
      leaderboard: { entries: { runIds: string[] }[] };
    };
    const firstLeaderboardMs = performance.now() - started;
    const entries = first.leaderboard.entries;
    const rankedRuns = entries.reduce((n, e) => n + e.runIds.length, 0);
    if (entries.length === 0)
      throw new Error('the leaderboard is empty: the data set has no priced profiles');

    // Different runs per iteration (same list for both sides), so no answer is served from a cache.
    const rnd = seededRandom(SEED + 99);
    const runIds = Array.from({ length: ITERATIONS }, () => runIdOf(SEED, Math.floor(rnd() * RUNS)));
    started = performance.now();
    await graphql(url, RUN_QUERY, { id: runIds[0] }); // warm-up
    const firstRunMs = performance.now() - started;

    const rows = [
      {
        name: `leaderboard (${fmt(rankedRuns)} runs ranked, ${entries.length} entries)`,
        api: await time(() => graphql(url, LEADERBOARD_QUERY, { scenario, asOf })),
        direct: await time(async () => {
          // Every statement LeaderboardService issues: runs, profiles, prices, currency rates.
          await leaderboardRuns(database, scenario, asOf, 0.99);
          await listProfiles(database.db);
          await pricesAsOf(database, asOf);
          await ratesAsOf(database.connection, asOf);
        }),
      },
      {
        name: `run { stats } (${fmt(spec.samplesPerRun)} samples)`,
        api: await time((i) => graphql(url, RUN_QUERY, { id: runIds[i] })),
        direct: await time((i) => runStats(database.connection, runIds[i]!)),
      },
    ];

    console.log(
      `\nFirst leaderboard after opening (fills the run_aggregates cache if needed): ${fmt(firstLeaderboardMs)} ms`,
    );
    console.log(`First run { stats } after opening: ${fmt(firstRunMs, 1)} ms`);
    console.log(
      `\n${ITERATIONS} calls each, one at a time; direct = the same repository SQL on the server's DuckDB connection, no HTTP/GraphQL/service\n`,
    );
    console.log('| query | API p50 ms | API p90 ms | direct p50 ms | direct p90 ms | API/direct p50 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${fmt(r.api.p50, 1)} | ${fmt(r.api.p90, 1)} | ${fmt(r.direct.p50, 1)} | ${fmt(r.direct.p90, 1)} | ${(r.api.p50 / r.direct.p50).toFixed(2)} |`,
      );
    }
    console.log('');
    for (const r of rows) {
      const ratio = r.api.p50 / r.direct.p50;
      const met = r.api.p50 <= GOAL_P50_MS && ratio <= GOAL_RATIO;
      console.log(
        `${met ? 'GOAL MET' : 'GOAL MISSED'}: ${r.name.split(' (')[0]} p50 ${fmt(r.api.p50, 1)} ms (goal <= ${GOAL_P50_MS}), ` +
          `${ratio.toFixed(2)}x direct SQL (goal <= ${GOAL_RATIO}x)`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();
