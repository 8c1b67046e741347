// The benchmark half of the demo data set (seed-demo.ts): six priced hardware profiles and COMPLETED
// runs across profiles × models × quantization levels × concurrency, each with simulated per-request
// samples, written through the repositories and the DuckDB Appender (fast: no HTTP). Each run's
// config.load is what the agent writes ({ type: 'concurrency', concurrency }), so the leaderboard's
// best operating point shows its load.
import { type Database } from '../src/db/duckdb';
import { agents, hardwareInventories, runs, sampleBatches, type AcceleratorRecord } from '../src/db/tables';
import { insertPrice, insertProfile, linkRun } from '../src/catalogue/catalogue.repository';
import { upsertScenario } from '../src/runs/run.repository';
import { appendSampleBatches } from '../src/ingest/sample-appender';
import type { SampleColumns } from '../src/ingest/sample-columns';

/** How many runs, how many measured requests each, and the seed recorded in their config. */
export interface DemoRunOptions {
  runs: number;
  samplesPerRun: number;
  seed: number;
}

export const DEMO_AGENT_ID = '00000000-0000-4000-8000-00000000de70';

/** A demo hardware profile: catalogue fields, price, and how fast it decodes (ms per token, 8B fp16, alone). */
export interface DemoProfile {
  name: string;
  vendor: string;
  acceleratorModel: string;
  acceleratorCount: number;
  memoryGb: number;
  tdpWatts: number;
  baseTpotMs: number;
  /** Fits a 70B model. */
  big: boolean;
  price:
    | { pricing: 'CLOUD'; onDemandPerHour: number; reservedPerHour: number }
    | { pricing: 'OWNED'; capex: number; amortisationYears: number; hostingPerHour: number };
}

export const PROFILES: DemoProfile[] = [
  {
    name: '1x H100 SXM',
    vendor: 'NVIDIA',
    acceleratorModel: 'H100',
    acceleratorCount: 1,
    memoryGb: 80,
    tdpWatts: 700,
    baseTpotMs: 7,
    big: false,
    price: { pricing: 'CLOUD', onDemandPerHour: 3.99, reservedPerHour: 2.49 },
  },
  {
    name: '4x H100 SXM',
    vendor: 'NVIDIA',
    acceleratorModel: 'H100',
    acceleratorCount: 4,
    memoryGb: 320,
    tdpWatts: 2800,
    baseTpotMs: 5,
    big: true,
    price: { pricing: 'CLOUD', onDemandPerHour: 15.96, reservedPerHour: 9.96 },
  },
  {
    name: '1x A100 80GB',
    vendor: 'NVIDIA',
    acceleratorModel: 'A100',
    acceleratorCount: 1,
    memoryGb: 80,
    tdpWatts: 400,
    baseTpotMs: 11,
    big: false,
    price: { pricing: 'CLOUD', onDemandPerHour: 2.21, reservedPerHour: 1.44 },
  },
  {
    name: '1x L40S',
    vendor: 'NVIDIA',
    acceleratorModel: 'L40S',
    acceleratorCount: 1,
    memoryGb: 48,
    tdpWatts: 350,
    baseTpotMs: 15,
    big: false,
    price: { pricing: 'CLOUD', onDemandPerHour: 1.86, reservedPerHour: 1.2 },
  },
  {
    name: '1x MI300X',
    vendor: 'AMD',
    acceleratorModel: 'MI300X',
    acceleratorCount: 1,
    memoryGb: 192,
    tdpWatts: 750,
    baseTpotMs: 8,
    big: true,
    price: { pricing: 'CLOUD', onDemandPerHour: 3.49, reservedPerHour: 2.29 },
  },
  {
    name: '2x RTX 4090 workstation',
    vendor: 'NVIDIA',
    acceleratorModel: 'RTX 4090',
    acceleratorCount: 2,
    memoryGb: 48,
    tdpWatts: 900,
    baseTpotMs: 12,
    big: false,
    price: { pricing: 'OWNED', capex: 7_800, amortisationYears: 3, hostingPerHour: 0.12 },
  },
];

const MODELS = [
  { name: 'llama-3.1-8b', factor: 1, big: false },
  { name: 'qwen2.5-7b', factor: 0.95, big: false },
  { name: 'llama-3.1-70b', factor: 6.5, big: true },
];
/** Quantization level → decode-time factor (lower is faster) and a small quality-unrelated error rate. */
const QUANTS = [
  { name: 'fp16', factor: 1 },
  { name: 'fp8', factor: 0.62 },
  { name: 'awq-int4', factor: 0.48 },
  { name: 'int8', factor: 0.7 },
];
const CONCURRENCY = [1, 4, 16, 64];
const SCENARIOS = [
  { name: 'chat-short', inputTokens: 400, outputTokens: 220 },
  { name: 'rag-long', inputTokens: 3200, outputTokens: 380 },
];

/** The run grid in a fixed order; `--runs` repeats it (replicates) until it has enough runs. */
function runGrid() {
  const grid: {
    profile: DemoProfile;
    model: (typeof MODELS)[number];
    quant: (typeof QUANTS)[number];
    concurrency: number;
    scenario: (typeof SCENARIOS)[number];
  }[] = [];
  for (const profile of PROFILES)
    for (const model of MODELS) {
      if (model.big && !profile.big) continue;
      for (const quant of QUANTS)
        for (const concurrency of CONCURRENCY)
          for (const scenario of SCENARIOS) grid.push({ profile, model, quant, concurrency, scenario });
    }
  return grid;
}

/** Simulated samples of one run: `concurrency` lanes, decode slows as the batch grows. */
function simulateSamples(
  u: () => number,
  count: number,
  tpotMs: number,
  concurrency: number,
  scenario: (typeof SCENARIOS)[number],
): { columns: SampleColumns; durationMs: number } {
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
  const lanes = new Array<number>(concurrency).fill(0);
  const batchSlowdown = 1 + concurrency / 24;
  for (let seq = 0; seq < count + 2; seq++) {
    const lane = seq % concurrency;
    const sentAtMs = lanes[lane]! + 1 + u() * 3;
    const outputTokens = Math.round(scenario.outputTokens * (0.6 + u() * 0.8));
    const inputTokens = Math.round(scenario.inputTokens * (0.8 + u() * 0.4));
    const tpot = tpotMs * batchSlowdown * (0.9 + u() * 0.25);
    const ttft = (inputTokens / 40) * (tpotMs / 7) * batchSlowdown * (0.8 + u() * 0.6) + 15;
    const failed = u() < 0.004 * batchSlowdown;
    const e2e = failed ? 30_000 : ttft + tpot * (outputTokens - 1);
    lanes[lane] = sentAtMs + e2e;
    c.seq.push(seq);
    c.warmup.push(seq < 2);
    c.scheduledAtMs.push(sentAtMs - 0.3);
    c.sentAtMs.push(sentAtMs);
    c.sendLagMs.push(0.3);
    c.queueMs.push(0);
    c.ttftMs.push(failed ? null : ttft);
    c.e2eMs.push(e2e);
    c.tpotMs.push(failed ? null : tpot);
    c.itlMs.push(failed ? [] : [tpot * 0.97, tpot, tpot * 1.04, tpot * 0.99]);
    c.inputTokens.push(inputTokens);
    c.outputTokens.push(failed ? null : outputTokens);
    c.outputTokensServer.push(failed ? null : outputTokens);
    c.outputTokensClient.push(failed ? null : outputTokens);
    c.tokenSource.push(failed ? null : 'SERVER');
    c.errorKind.push(failed ? 'timeout' : null);
    c.errorMessage.push(failed ? 'no response within 30 s' : null);
  }
  return { columns: c, durationMs: Math.max(...lanes) };
}

export async function seedRuns(database: Database, options: DemoRunOptions, u: () => number) {
  const grid = runGrid();
  const profileIds = new Map<string, string>();
  await database.withTransaction(async ({ db }) => {
    await db
      .insert(agents)
      .values({ id: DEMO_AGENT_ID, name: 'demo-seeder', createdAt: new Date(), lastSeenAt: null });
    for (const p of PROFILES) {
      const record = await insertProfile(db, {
        name: p.name,
        vendor: p.vendor,
        acceleratorModel: p.acceleratorModel,
        acceleratorCount: p.acceleratorCount,
        acceleratorMemoryBytes: p.memoryGb * 1e9,
        tdpWatts: p.tdpWatts,
        measuredWatts: Math.round(p.tdpWatts * 0.8),
        notes: 'demo data (npm run seed:demo)',
      });
      profileIds.set(p.name, record.id);
      const base = {
        profileId: record.id,
        currency: 'USD',
        effectiveFrom: new Date(Date.UTC(2025, 0, 1)),
        source: 'demo list price',
        onDemandPerHour: null,
        reservedPerHour: null,
        capex: null,
        residualValue: null,
        amortisationYears: null,
        discountRatePerYear: null,
        maintenancePerYear: null,
        hostingPerHour: null,
        pue: null,
        electricityPerKwh: null,
      };
      if (p.price.pricing === 'CLOUD') {
        await insertPrice(db, {
          ...base,
          pricing: 'CLOUD',
          onDemandPerHour: p.price.onDemandPerHour,
          reservedPerHour: p.price.reservedPerHour,
        });
      } else {
        await insertPrice(db, {
          ...base,
          pricing: 'OWNED',
          capex: p.price.capex,
          amortisationYears: p.price.amortisationYears,
          hostingPerHour: p.price.hostingPerHour,
          residualValue: 0,
          discountRatePerYear: 0.08,
          maintenancePerYear: 400,
          pue: 1.3,
          electricityPerKwh: 0.18,
        });
      }
    }
  });
  const start = Date.UTC(2026, 0, 1);
  let written = 0;
  let samples = 0;
  while (written < options.runs) {
    // One transaction per 100 runs keeps each commit small and the Appender's chunks full.
    await database.withTransaction(async ({ db, connection }) => {
      const batch: { runId: string; samples: SampleColumns }[] = [];
      for (let k = 0; k < 100 && written < options.runs; k++, written++) {
        const cell = grid[written % grid.length]!;
        const replicate = Math.floor(written / grid.length);
        const tpotMs = cell.profile.baseTpotMs * cell.model.factor * cell.quant.factor;
        const sim = simulateSamples(u, options.samplesPerRun, tpotMs, cell.concurrency, cell.scenario);
        const startedAt = new Date(start + written * 7 * 60_000);
        const hardwareId = crypto.randomUUID();
        const accelerators: AcceleratorRecord[] = Array.from(
          { length: cell.profile.acceleratorCount },
          () => ({
            vendor: cell.profile.vendor,
            model: cell.profile.acceleratorModel,
            memoryBytes: (cell.profile.memoryGb / cell.profile.acceleratorCount) * 1e9,
            driver: cell.profile.vendor === 'AMD' ? 'rocm-6.2' : '550.54',
          }),
        );
        await db.insert(hardwareInventories).values({
          id: hardwareId,
          agentId: DEMO_AGENT_ID,
          hostname: `demo-${cell.profile.acceleratorModel.toLowerCase().replace(/\W+/g, '-')}-${replicate}`,
          cpuModel: 'AMD EPYC 9654',
          cpuCores: 96,
          memoryBytes: 512e9,
          os: 'linux 6.8.0',
          accelerators,
          notes: ['demo data'],
          raw: { demo: true },
          createdAt: startedAt,
        });
        const scenarioBody = { name: cell.scenario.name, demo: true };
        const scenarioId = await upsertScenario(db, cell.scenario.name, scenarioBody);
        const runId = crypto.randomUUID();
        const busyS = sim.durationMs / 1000;
        const outTokens = sim.columns.outputTokens.reduce<number>((s, x) => s + (x ?? 0), 0);
        await db.insert(runs).values({
          id: runId,
          agentId: DEMO_AGENT_ID,
          clientRunId: `demo-${written}`,
          scenario: cell.scenario.name,
          scenarioId,
          targetUrl: 'http://127.0.0.1:8000/v1',
          targetEngine: cell.profile.vendor === 'AMD' ? 'vllm-rocm' : 'vllm',
          model: cell.model.name,
          quantization: cell.quant.name,
          engineBackend: null,
          status: 'COMPLETED',
          config: {
            load: { type: 'concurrency', concurrency: cell.concurrency },
            concurrency: cell.concurrency,
            requests: options.samplesPerRun,
            warmupRequests: 2,
            seed: options.seed,
            demo: true,
          },
          summary: {
            demo: true,
            energyJoules: Math.round(cell.profile.tdpWatts * 0.75 * busyS),
            outputTokens: outTokens,
          },
          hardwareId,
          startedAt,
          finishedAt: new Date(startedAt.getTime() + sim.durationMs + 2_000),
        });
        await db.insert(sampleBatches).values({
          runId,
          batchSeq: 0,
          sampleCount: sim.columns.seq.length,
          receivedAt: startedAt,
          transport: 'bulk',
        });
        await linkRun(db, runId, profileIds.get(cell.profile.name)!);
        batch.push({ runId, samples: sim.columns });
        samples += sim.columns.seq.length;
      }
      await appendSampleBatches(connection, batch);
    });
  }
  return { runs: written, samples, profiles: profileIds };
}
