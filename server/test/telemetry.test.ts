import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgent, startRun, startTestServer, type TestServer } from './helpers';

const APPEND_TELEMETRY = `mutation($input: AppendTelemetryInput!) {
  appendTelemetry(input: $input) { runId batchSeq accepted duplicate } }`;
const SERIES = `query($id: ID!, $bucketS: Float) { run(id: $id) { telemetrySeries(bucketS: $bucketS) {
  device collector points { startS widthS readings powerAvgW powerMaxW utilisationAvgPct memoryMaxBytes temperatureMaxC } } } }`;

const STARTED_AT = Date.parse('2026-01-01T00:00:00.000Z');
/** A reading `s` seconds after the run's start. */
const at = (s: number) => new Date(STARTED_AT + s * 1000).toISOString();

type Payload = { appendTelemetry: { runId: string; batchSeq: number; accepted: number; duplicate: boolean } };
type Point = Record<string, number | null>;
type Series = { run: { telemetrySeries: { device: string; collector: string; points: Point[] }[] } };

describe('appendTelemetry and Run.telemetrySeries over real GraphQL and DuckDB', () => {
  let t: TestServer;
  let agent: { id: string; token: string };
  let other: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestServer();
    agent = await registerAgent(t, 'gpu-box');
    other = await registerAgent(t, 'someone-else');
  });
  afterAll(() => t.close());

  const readingCount = async (runId: string) =>
    Number(
      (
        await t.server.db.connection.runAndReadAll(
          'SELECT count(*) FROM telemetry_readings WHERE run_id = $1',
          [runId],
        )
      ).getRowsJS()[0]?.[0],
    );
  const newRun = () => startRun(t, agent.token, { startedAt: new Date(STARTED_AT).toISOString() });
  const append = (runId: string, batchSeq: number, readings: unknown[], token = agent.token) =>
    t.gql<Payload>(APPEND_TELEMETRY, { input: { runId, batchSeq, readings } }, token);

  // Hand-made readings: the expected slices below are worked out by hand, not by the code.
  const gpu = (s: number, m: Record<string, number | null>) => ({
    device: 'gpu:0',
    collector: 'nvidia-smi',
    at: at(s),
    ...m,
  });
  const READINGS = [
    gpu(-0.5, { powerW: 999 }), // before the run started: left out
    gpu(0.0, { powerW: 100, utilisationPct: 50, memoryUsedBytes: 1000, temperatureC: 40 }),
    gpu(0.5, { powerW: 200, utilisationPct: 70, memoryUsedBytes: 3000, temperatureC: 45 }),
    gpu(1.2, { powerW: 300, memoryUsedBytes: 2000 }),
    gpu(2.9, { utilisationPct: 10 }),
    { device: 'host', collector: 'host', at: at(0.1), utilisationPct: 20, memoryUsedBytes: 5e9 },
    { device: 'host', collector: 'host', at: at(0.9), utilisationPct: 40, memoryUsedBytes: 4e9 },
  ];

  it('stores a batch once, however often it is sent', async () => {
    const runId = await newRun();
    const first = await append(runId, 0, READINGS);
    expect(first.data?.appendTelemetry).toEqual({ runId, batchSeq: 0, accepted: 7, duplicate: false });
    const again = await append(runId, 0, READINGS);
    expect(again.data?.appendTelemetry).toEqual({ runId, batchSeq: 0, accepted: 0, duplicate: true });
    expect(await readingCount(runId)).toBe(7);
    const next = await append(runId, 1, [gpu(3.5, { powerW: 50 })]);
    expect(next.data?.appendTelemetry.accepted).toBe(1);
    expect(await readingCount(runId)).toBe(8);
  });

  it('buckets per device relative to the run start (1 s and 2 s slices)', async () => {
    const runId = await newRun();
    await append(runId, 0, READINGS);
    const one = await t.gql<Series>(SERIES, { id: runId, bucketS: 1 }, agent.token);
    expect(one.errors).toBeUndefined();
    const series = one.data!.run.telemetrySeries;
    expect(series.map((s) => `${s.device}/${s.collector}`)).toEqual(['gpu:0/nvidia-smi', 'host/host']);
    const p = (startS: number, widthS: number, readings: number, m: Point) => ({
      startS,
      widthS,
      readings,
      powerAvgW: null,
      powerMaxW: null,
      utilisationAvgPct: null,
      memoryMaxBytes: null,
      temperatureMaxC: null,
      ...m,
    });
    expect(series[0]!.points).toEqual([
      p(0, 1, 2, {
        powerAvgW: 150,
        powerMaxW: 200,
        utilisationAvgPct: 60,
        memoryMaxBytes: 3000,
        temperatureMaxC: 45,
      }),
      p(1, 1, 1, { powerAvgW: 300, powerMaxW: 300, memoryMaxBytes: 2000 }),
      p(2, 1, 1, { utilisationAvgPct: 10 }),
    ]);
    expect(series[1]!.points).toEqual([p(0, 1, 2, { utilisationAvgPct: 30, memoryMaxBytes: 5e9 })]);

    const two = await t.gql<Series>(SERIES, { id: runId, bucketS: 2 }, agent.token);
    expect(two.data!.run.telemetrySeries[0]!.points).toEqual([
      p(0, 2, 3, {
        powerAvgW: 200,
        powerMaxW: 300,
        utilisationAvgPct: 60,
        memoryMaxBytes: 3000,
        temperatureMaxC: 45,
      }),
      p(2, 2, 1, { utilisationAvgPct: 10 }),
    ]);
  });

  it('a run without readings has an empty series; too many slices names the smallest bucket', async () => {
    const empty = await newRun();
    const none = await t.gql<Series>(SERIES, { id: empty }, agent.token);
    expect(none.data!.run.telemetrySeries).toEqual([]);
    const runId = await newRun();
    await append(runId, 0, [gpu(10, { powerW: 1 })]);
    const fine = await t.gql<Series>(SERIES, { id: runId, bucketS: 0.001 }, agent.token);
    expect(fine.errors?.[0]?.message).toMatch(
      /telemetrySeries\.bucketS: 0\.001 s gives 10001 slices.*0\.003 s/,
    );
    const zero = await t.gql<Series>(SERIES, { id: runId, bucketS: 0 }, agent.token);
    expect(zero.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("refuses another agent's run, a missing run and non-agent tokens", async () => {
    const runId = await newRun();
    const foreign = await append(runId, 0, READINGS, other.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.message).toMatch(/belongs to another agent/);
    const missing = await append('no-such-run', 0, READINGS);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const admin = await append(runId, 0, READINGS, t.adminToken);
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await readingCount(runId)).toBe(0);
  });

  it('is all or nothing: one bad reading stores nothing, and the batchSeq stays free', async () => {
    const runId = await newRun();
    const bad = [...READINGS.slice(1, 3), gpu(0.7, { utilisationPct: 150 })];
    const res = await append(runId, 0, bad);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(
      /^appendTelemetry\.input\.readings\.2\.utilisationPct: must be 0-100/,
    );
    expect(await readingCount(runId)).toBe(0);
    const badDevice = await append(runId, 0, [{ ...READINGS[1], device: '' }]);
    expect(badDevice.errors?.[0]?.message).toMatch(/readings\.0\.device/);
    const retry = await append(runId, 0, READINGS.slice(1, 3));
    expect(retry.data?.appendTelemetry).toMatchObject({ accepted: 2, duplicate: false });
  });

  it('limits a batch to 10000 readings with an error that says how to split', async () => {
    const runId = await newRun();
    const many = Array.from({ length: 10_001 }, (_, i) => gpu(i / 1000, { powerW: 1 }));
    const res = await append(runId, 0, many);
    expect(res.errors?.[0]?.message).toMatch(
      /at most 10000 readings; split them over several appendTelemetry/,
    );
    expect(await readingCount(runId)).toBe(0);
    const ok = await append(runId, 0, many.slice(0, 10_000));
    expect(ok.data?.appendTelemetry.accepted).toBe(10_000);
    expect(await readingCount(runId)).toBe(10_000);
  });

  it('audits each call with the run as entity', async () => {
    const runId = await newRun();
    await append(runId, 7, READINGS);
    const rows = (
      await t.server.db.connection.runAndReadAll(
        `SELECT entity_type, entity_id, outcome, actor_agent_id FROM audit_log
         WHERE operation = 'appendTelemetry' AND entity_id = $1`,
        [runId],
      )
    ).getRowsJS();
    expect(rows).toEqual([['telemetry_batch', runId, 'OK', agent.id]]);
  });
});
