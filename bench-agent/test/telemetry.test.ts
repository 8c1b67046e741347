import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NvidiaSmiCollector, parseNvidiaSmiLine } from '../src/telemetry/nvidia-smi.collector';
import { AmdSmiCollector, parseAmdSmiMetricJson } from '../src/telemetry/amd-smi.collector';
import { RocmSmiCollector } from '../src/telemetry/rocm-smi.collector';
import { RaplCollector, raplDeltaMicroJ } from '../src/telemetry/rapl.collector';
import { HostCollector } from '../src/telemetry/host.collector';
import { energyByDevice, energyEfficiency, trapezoidJoules } from '../src/telemetry/energy';
import { TelemetrySession, parseCollectorNames } from '../src/telemetry/telemetry.registry';
import { measuredRun } from '../src/workers/measured-run';
import { startFakeOpenAi } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

const tools = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tools');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('nvidia-smi collector', () => {
  it('parses the documented csv,noheader,nounits line, with [N/A] fields left out', () => {
    const s = parseNvidiaSmiLine('2024/05/14 09:12:33.417, 0, 287.45, 97, 74213, 63');
    expect(s).toEqual({
      tMs: new Date(2024, 4, 14, 9, 12, 33, 417).getTime(),
      source: 'nvidia-smi',
      device: 'gpu0',
      powerW: 287.45,
      utilizationPct: 97,
      memoryUsedMiB: 74213,
      temperatureC: 63,
    });
    const na = parseNvidiaSmiLine('2024/05/14 09:12:33.417, 3, [N/A], [Not Supported], 10, 40');
    expect(na).toMatchObject({ device: 'gpu3', memoryUsedMiB: 10 });
    expect(na?.powerW).toBeUndefined();
    expect(parseNvidiaSmiLine('No devices were found')).toBeNull();
  });

  it('samples the fixture tool with -lms and integrates gpu0 power into energy', async () => {
    const c = new NvidiaSmiCollector({ command: path.join(tools, 'nvidia-smi'), intervalMs: 100 });
    expect(await c.start()).toEqual({ available: true });
    await sleep(700);
    const samples = await c.stop();
    const gpu0 = samples.filter((s) => s.device === 'gpu0');
    expect(gpu0.length).toBeGreaterThanOrEqual(3);
    expect(samples.some((s) => s.device === 'gpu1' && s.powerW === undefined)).toBe(true);
    const [e] = energyByDevice(gpu0);
    // 250 W held constant: energy = 250 × covered seconds, whatever the spacing of the samples.
    expect(e!.joules).toBeCloseTo(250 * e!.coveredS, 6);
    expect(e!.averagePowerW).toBeCloseTo(250, 6);
  });

  it('reports unavailable with the reason when the tool is missing or fails', async () => {
    const missing = new NvidiaSmiCollector({ command: '/nonexistent/nvidia-smi' });
    expect(await missing.start()).toEqual({
      available: false,
      reason: '/nonexistent/nvidia-smi not found on PATH',
    });
    process.env.FIXTURE_NVIDIA_FAIL = '1';
    try {
      const failing = new NvidiaSmiCollector({ command: path.join(tools, 'nvidia-smi') });
      const a = await failing.start();
      expect(a.available).toBe(false);
      expect(a.available ? '' : a.reason).toMatch(/exited with code 9 \(NVIDIA-SMI has failed/);
    } finally {
      delete process.env.FIXTURE_NVIDIA_FAIL;
    }
  });
});

describe('AMD collectors', () => {
  it('parses amd-smi metric --json in the list and gpu_data shapes', async () => {
    const c = new AmdSmiCollector({ command: path.join(tools, 'amd-smi'), intervalMs: 50 });
    expect(await c.start()).toEqual({ available: true });
    const [s] = await c.stop();
    expect(s).toMatchObject({
      device: 'gpu0',
      powerW: 542,
      utilizationPct: 87,
      memoryUsedMiB: 121344,
      temperatureC: 71,
    });
    const wrapped = parseAmdSmiMetricJson(
      'WARNING: not in render group\n{"gpu_data":[{"gpu":2,"power":{"socket_power":"N/A"}}]}',
      5,
    );
    expect(wrapped).toEqual([{ tMs: 5, source: 'amd-smi', device: 'gpu2' }]);
  });

  it('parses rocm-smi --showpower --json', async () => {
    const c = new RocmSmiCollector({ command: path.join(tools, 'rocm-smi') });
    expect(await c.start()).toEqual({ available: true });
    const samples = await c.stop();
    expect(samples.find((s) => s.device === 'gpu0')).toMatchObject({ powerW: 35, utilizationPct: 99 });
    expect(samples.find((s) => s.device === 'gpu1')?.powerW).toBeUndefined();
  });
});

describe('RAPL collector', () => {
  function fixtureRoot(uj: number, maxUj: number): { root: string; set(uj: number): void } {
    const root = mkdtempSync(path.join(tmpdir(), 'rapl-'));
    temps.push(root);
    const zone = path.join(root, 'intel-rapl:0');
    mkdirSync(zone);
    mkdirSync(path.join(root, 'intel-rapl:0:0')); // a subzone (core): must not be counted twice
    writeFileSync(path.join(zone, 'name'), 'package-0\n');
    writeFileSync(path.join(zone, 'max_energy_range_uj'), `${maxUj}\n`);
    const set = (v: number) => writeFileSync(path.join(zone, 'energy_uj'), `${v}\n`);
    set(uj);
    return { root, set };
  }

  it('computes deltas across a counter wrap', () => {
    expect(raplDeltaMicroJ(100, 350, 1000)).toBe(250);
    expect(raplDeltaMicroJ(262_143_000_000, 1_000_000, 262_143_328_850)).toBe(1_328_850);
  });

  it('accumulates package energy from energy_uj, through a wrap', async () => {
    let t = 1_000_000;
    const fx = fixtureRoot(900_000_000, 1_000_000_000);
    const c = new RaplCollector({ sysfsRoot: fx.root, intervalMs: 60_000, now: () => t });
    expect(await c.start()).toEqual({ available: true });
    t += 2000;
    fx.set(100_000_000); // wrapped: 100 J to the top, then 100 J
    const samples = await c.stop();
    const last = samples.at(-1)!;
    expect(last).toMatchObject({ device: 'package-0', energyJ: 200, powerW: 100 });
    expect(energyByDevice(samples)[0]).toMatchObject({ joules: 200, method: 'counter' });
  });

  it('says why when powercap is missing or energy_uj is root-only', async () => {
    const none = new RaplCollector({ sysfsRoot: '/nonexistent/powercap' });
    expect(await none.start()).toMatchObject({
      available: false,
      reason: expect.stringMatching(/does not exist/),
    });
    if (process.getuid?.() !== 0) {
      const fx = fixtureRoot(1, 10);
      chmodSync(path.join(fx.root, 'intel-rapl:0', 'energy_uj'), 0o000);
      const locked = new RaplCollector({ sysfsRoot: fx.root });
      expect(await locked.start()).toMatchObject({
        available: false,
        reason: expect.stringMatching(/root only/),
      });
    }
  });
});

describe('energy and the session', () => {
  it('integrates power with the trapezoid rule (worked example)', () => {
    expect(
      trapezoidJoules([
        { tMs: 3000, powerW: 200 },
        { tMs: 0, powerW: 100 },
        { tMs: 1000, powerW: 200 },
      ]),
    ).toBe(550);
    expect(energyEfficiency(550, 1100)).toEqual({
      joules: 550,
      joulesPerOutputToken: 0.5,
      outputTokensPerJoule: 2,
    });
    expect(energyEfficiency(0, 0)).toEqual({
      joules: 0,
      joulesPerOutputToken: null,
      outputTokensPerJoule: null,
    });
  });

  it('runs several collectors, reports the unavailable ones and J per output token', async () => {
    const session = await TelemetrySession.start(['nvidia-smi', 'rapl', 'host'], {
      intervalMs: 100,
      perCollector: {
        'nvidia-smi': { command: path.join(tools, 'nvidia-smi') },
        rapl: { sysfsRoot: '/nonexistent' },
      },
    });
    expect(session.describe()).toContain('nvidia-smi: sampling');
    expect(session.describe().find((l) => l.startsWith('rapl'))).toMatch(/unavailable/);
    await sleep(500);
    const report = await session.stop(1000);
    expect(report.collectors.find((c) => c.name === 'host')?.samples).toBeGreaterThan(1);
    expect(report.totalJoules).toBeGreaterThan(0);
    expect(report.efficiency!.joulesPerOutputToken).toBeCloseTo(report.totalJoules / 1000, 9);
    expect(report.averagePowerW).toBeCloseTo(250, 3);
    expect(() => parseCollectorNames('nvidia-smi,bogus')).toThrow(
      /unknown collector "bogus"; use auto, none/,
    );
    const host = new HostCollector({ intervalMs: 50 });
    await host.start();
    await sleep(120);
    const hs = await host.stop();
    expect(hs.every((s) => s.memoryUsedMiB! > 0)).toBe(true);
    expect(
      hs.some((s) => s.utilizationPct !== undefined && s.utilizationPct >= 0 && s.utilizationPct <= 100),
    ).toBe(true);
  });
});

describe('energy in the run summary', () => {
  it('puts measured joules at summary.energyJoules, where the server leaderboard reads them', async () => {
    const target = await startFakeOpenAi({ ttftMs: 20 });
    try {
      const r = await measuredRun(
        {
          targetUrl: target.url,
          scenario: scenarioFixture({ stop: { requests: 12 } }),
          hardware: HARDWARE_FIXTURE,
        },
        {
          telemetry: ['nvidia-smi'],
          telemetryOptions: {
            intervalMs: 50,
            perCollector: { 'nvidia-smi': { command: path.join(tools, 'nvidia-smi') } },
          },
        },
      );
      expect(r.summary.telemetry!.totalJoules).toBeGreaterThan(0);
      expect(r.summary.energyJoules).toBe(r.summary.telemetry!.totalJoules);
    } finally {
      await target.close();
    }
  });
});
