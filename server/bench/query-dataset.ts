// The query benchmark's data set: `runs` runs × `samplesPerRun` samples, seeded, written through
// the ingest path's Appender (appendSampleBatches) into a DuckDB file that is cached under the OS
// temp dir, keyed by seed and size, so a second benchmark run opens it instead of regenerating.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/duckdb';
import { migrate } from '../src/db/migrate';
import { appendSampleBatches } from '../src/ingest/sample-appender';
import type { SampleColumns } from '../src/ingest/sample-columns';
import { seededRandom } from './bench-server.helpers';

/** What to generate. */
export interface DatasetSpec {
  seed: number;
  runs: number;
  samplesPerRun: number;
}

/** The generated file and how it came to be. */
export interface Dataset {
  path: string;
  /** Seconds spent generating now; null when the cached file was reused. */
  generatedInS: number | null;
  scenarios: readonly string[];
}

/** Hardware kinds: [vendor, accelerator model, count, on-demand USD/hour]. Each gets a profile. */
const HARDWARE = [
  ['NVIDIA', 'H100 80GB HBM3', 8, 98.32],
  ['NVIDIA', 'H200 141GB HBM3e', 8, 84.8],
  ['NVIDIA', 'A100-SXM4-80GB', 8, 40.96],
  ['NVIDIA', 'L40S', 4, 7.2],
  ['AMD', 'Instinct MI300X', 8, 48.0],
  ['NVIDIA', 'H100 80GB HBM3', 1, 12.29],
] as const;
const SCENARIOS = ['chat', 'rag'] as const;
const MODELS = ['llama-3.1-8b', 'llama-3.1-70b', 'qwen2.5-32b'] as const;
const QUANTS = ['fp16', 'fp8'] as const;
const ITL_GAPS = 4; // inter-token gaps stored per sample (a LIST column)
const RUNS_PER_TXN = 100;

/** The cached file for `spec` (bump the version when the generator's output changes). */
export function datasetPath(spec: DatasetSpec): string {
  const dir = join(tmpdir(), 'yardstick-bench');
  mkdirSync(dir, { recursive: true });
  return join(dir, `query-v2-seed${spec.seed}-${spec.runs}x${spec.samplesPerRun}.duckdb`);
}

/** Run ids are seeded hex strings shaped like UUIDs (not ordered: like real agents' runs). */
export function runIdOf(seed: number, index: number): string {
  const rnd = seededRandom(seed * 1_000_003 + index);
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Opens the cached data set for `spec`, generating it first when missing. */
export async function ensureDataset(spec: DatasetSpec, log: (line: string) => void): Promise<Dataset> {
  const path = datasetPath(spec);
  if (existsSync(path)) return { path, generatedInS: null, scenarios: SCENARIOS };
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const started = performance.now();
  await generate(partial, spec, log);
  renameSync(partial, path);
  return { path, generatedInS: (performance.now() - started) / 1000, scenarios: SCENARIOS };
}

async function generate(path: string, spec: DatasetSpec, log: (line: string) => void): Promise<void> {
  const database = await openDatabase(path);
  await migrate(database);
  const rnd = seededRandom(spec.seed);
  const epochMs = Date.parse('2026-01-01T00:00:00Z');
  await database.withTransaction(async ({ connection }) => {
    await connection.run(`INSERT INTO agents VALUES ('bench-agent', 'bench', now(), NULL)`);
    for (const [h, [vendor, model, count, usdPerHour]] of HARDWARE.entries()) {
      const accelerators = JSON.stringify(
        Array.from({ length: count }, () => ({ vendor, model, memoryBytes: 80e9, driver: '550.54' })),
      );
      await connection.run(
        `INSERT INTO hardware_inventories VALUES ($1, 'bench-agent', $2, 'AMD EPYC 9654', 192, 768e9,
           'linux 6.1.0', $3, '[]', '{}', now())`,
        [`hw-${h}`, `bench-${h}`, accelerators],
      );
      await connection.run(
        `INSERT INTO hardware_profiles (id, name, vendor, accelerator_model, accelerator_count,
           accelerator_memory_bytes, tdp_watts, measured_watts, notes, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 80e9, 700, NULL, NULL, now(), now())`,
        [`profile-${h}`, `${count}x ${model}`, vendor, model, count],
      );
      await connection.run(
        `INSERT INTO hardware_prices (id, profile_id, pricing, currency, effective_from, on_demand_per_hour,
           source, created_at) VALUES ($1, $2, 'CLOUD', 'USD', '2025-01-01T00:00:00Z', $3, 'bench', now())`,
        [`price-${h}`, `profile-${h}`, usdPerHour],
      );
    }
  });
  let written = 0;
  const logEvery = Math.max(1, Math.floor(spec.runs / 10));
  for (let first = 0; first < spec.runs; first += RUNS_PER_TXN) {
    const batches: { runId: string; samples: SampleColumns }[] = [];
    const runRows: unknown[][] = [];
    for (let i = first; i < Math.min(first + RUNS_PER_TXN, spec.runs); i += 1) {
      const runId = runIdOf(spec.seed, i);
      const hw = i % HARDWARE.length;
      const startedMs = epochMs + i * 60_000;
      const samples = sampleColumns(spec.samplesPerRun, 1 + hw / 2, rnd);
      const busyMs = samples.e2eMs.reduce<number>(
        (end, e2e, k) => Math.max(end, samples.sentAtMs[k]! + (e2e ?? 0)),
        0,
      );
      runRows.push([
        runId,
        // Every hardware × model × quantization in every scenario (36 leaderboard entries each).
        SCENARIOS[Math.floor(i / 36) % SCENARIOS.length]!,
        MODELS[Math.floor(i / 6) % MODELS.length]!,
        QUANTS[Math.floor(i / 18) % QUANTS.length]!,
        JSON.stringify({ energyJoules: Math.round((busyMs / 1000) * 700 * HARDWARE[hw]![2]) }),
        `hw-${hw}`,
        new Date(startedMs).toISOString(),
        new Date(startedMs + busyMs + 5_000).toISOString(),
        spec.samplesPerRun,
      ]);
      batches.push({ runId, samples });
    }
    await database.withTransaction(async ({ connection }) => {
      // One multi-row INSERT per table and transaction: $1..$8 per run (runRows without the count).
      const values = (width: number, render: (p: (k: number) => string) => string) =>
        runRows.map((_, r) => render((k) => `$${r * width + k}`)).join(', ');
      const runParams = runRows.flatMap((row) => row.slice(0, 8)) as string[];
      const batchParams = runRows.flatMap((row) => [row[0], row[8]]) as (string | number)[];
      await connection.run(
        `INSERT INTO runs (id, agent_id, client_run_id, scenario, target_url, target_engine, model,
           quantization, status, config, summary, hardware_id, started_at, finished_at)
         VALUES ${values(8, (p) => `(${p(1)}, 'bench-agent', ${p(1)}, ${p(2)}, 'http://127.0.0.1:1/v1', 'vllm', ${p(3)}, ${p(4)}, 'COMPLETED', '{}', ${p(5)}, ${p(6)}, ${p(7)}::TIMESTAMPTZ, ${p(8)}::TIMESTAMPTZ)`)}`,
        runParams,
      );
      await connection.run(
        `INSERT INTO sample_batches SELECT id, 0, n, now(), 'bulk' FROM (VALUES ${values(2, (p) => `(${p(1)}, ${p(2)}::INTEGER)`)}) t(id, n)`,
        batchParams,
      );
      written += await appendSampleBatches(connection, batches);
    });
    if ((first / RUNS_PER_TXN) % Math.max(1, Math.floor(logEvery / RUNS_PER_TXN)) === 0)
      log(`  generated ${written.toLocaleString('en-US')} samples`);
  }
  await database.connection.run('CHECKPOINT');
  await database.close();
}

/** One run's samples: 1% warm-up, ~0.5% errors, latencies scaled by `slowdown`. */
function sampleColumns(count: number, slowdown: number, rnd: () => number): SampleColumns {
  const c: SampleColumns = {
    seq: [],
    warmup: [],
    scheduledAtMs: [],
    sentAtMs: [],
    sendLagMs: [],
    queueMs: [],
    ttftMs: [],
    e2eMs: [],
    tpotMs: [],
    itlMs: [],
    inputTokens: [],
    outputTokens: [],
    outputTokensServer: [],
    outputTokensClient: [],
    tokenSource: [],
    errorKind: [],
    errorMessage: [],
  };
  const warmup = Math.ceil(count / 100);
  for (let i = 0; i < count; i += 1) {
    const failed = rnd() < 0.005;
    const ttft = (20 + rnd() * 200) * slowdown;
    const tpot = (6 + rnd() * 6) * slowdown;
    const tokens = 64 + Math.floor(rnd() * 192);
    c.seq.push(i);
    c.warmup.push(i < warmup);
    c.scheduledAtMs.push(i * 12.5);
    c.sentAtMs.push(i * 12.5 + 0.3);
    c.sendLagMs.push(0.3);
    c.queueMs.push(0);
    c.ttftMs.push(failed ? null : ttft);
    c.e2eMs.push(failed ? null : ttft + tpot * tokens);
    c.tpotMs.push(failed ? null : tpot);
    c.itlMs.push(failed ? [] : Array.from({ length: ITL_GAPS }, () => tpot * (0.5 + rnd())));
    c.inputTokens.push(512);
    c.outputTokens.push(failed ? 0 : tokens);
    c.outputTokensServer.push(failed ? null : tokens);
    c.outputTokensClient.push(failed ? null : tokens);
    c.tokenSource.push(failed ? null : 'SERVER');
    c.errorKind.push(failed ? 'timeout' : null);
    c.errorMessage.push(failed ? 'request timed out after 30 s' : null);
  }
  return c;
}
