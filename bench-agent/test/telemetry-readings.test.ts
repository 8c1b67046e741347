import { describe, expect, it } from 'vitest';
import { MAX_SAMPLES_PER_COLLECTOR, SampleBuffer } from '../src/telemetry/sample-buffer';
import { deviceId, toReadings } from '../src/telemetry/telemetry-readings';
import type { TelemetrySample } from '../src/telemetry/telemetry.types';

const gpu = (i: number, tMs: number): TelemetrySample => ({
  tMs,
  source: 'nvidia-smi',
  device: `gpu${i}`,
  powerW: tMs,
});

describe('SampleBuffer (bounded readings per collector)', () => {
  it('keeps a 1-hour run at 1 s with 8 GPUs in full', () => {
    const buffer = new SampleBuffer();
    for (let t = 0; t < 3600; t += 1) for (let g = 0; g < 8; g += 1) buffer.push(gpu(g, t * 1000));
    expect(buffer.length).toBe(28_800);
    expect(buffer.length).toBeLessThan(MAX_SAMPLES_PER_COLLECTOR);
  });

  it('past the cap thins every device evenly and still returns each latest reading', () => {
    const buffer = new SampleBuffer(4);
    for (let t = 0; t < 6; t += 1) buffer.push(gpu(0, t), gpu(1, t));
    // cap 4 for two devices: stride 4 after two thinnings → t0, t4 per device, plus latest t5.
    const byDevice = (d: string) =>
      buffer
        .toArray()
        .filter((s) => s.device === d)
        .map((s) => s.tMs);
    expect(byDevice('gpu0')).toEqual([0, 4, 5]);
    expect(byDevice('gpu1')).toEqual([0, 4, 5]);
  });

  it('stays bounded for a day at 100 ms with 8 GPUs', () => {
    const buffer = new SampleBuffer(1000);
    for (let t = 0; t < 864_000; t += 1) buffer.push(gpu(t % 8, t * 100));
    expect(buffer.length).toBeLessThanOrEqual(1000);
    expect(buffer.length).toBeGreaterThan(500);
  });
});

describe('toReadings (collector samples → appendTelemetry readings)', () => {
  it.each([
    ['gpu0', 'gpu:0'],
    ['gpu12', 'gpu:12'],
    ['package-1', 'cpu-package:1'],
    ['host', 'host'],
    ['dram zone', 'dram_zone'],
  ])('device %s → %s', (from, to) => expect(deviceId(from)).toBe(to));

  it('turns MiB into bytes, clamps utilisation and derives RAPL watts from joule counters', () => {
    const readings = toReadings([
      { tMs: 0, source: 'rapl', device: 'package-0', energyJ: 0 },
      {
        tMs: 0,
        source: 'nvidia-smi',
        device: 'gpu0',
        powerW: 250,
        utilizationPct: 101,
        memoryUsedMiB: 2,
        temperatureC: 60,
      },
      { tMs: 500, source: 'rapl', device: 'package-0', energyJ: 30 }, // 30 J in 0.5 s = 60 W
      { tMs: 1500, source: 'rapl', device: 'package-0', energyJ: 40 }, // 10 J in 1 s = 10 W
    ]);
    expect(readings).toEqual([
      {
        device: 'gpu:0',
        collector: 'nvidia-smi',
        at: '1970-01-01T00:00:00.000Z',
        powerW: 250,
        utilisationPct: 100,
        memoryUsedBytes: 2 * 1024 * 1024,
        temperatureC: 60,
      },
      { device: 'cpu-package:0', collector: 'rapl', at: '1970-01-01T00:00:00.500Z', powerW: 60 },
      { device: 'cpu-package:0', collector: 'rapl', at: '1970-01-01T00:00:01.500Z', powerW: 10 },
    ]);
  });
});
