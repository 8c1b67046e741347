import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDurationS,
  formatMs,
  formatRate,
  hardwareLabel,
  quantizationTone,
} from '../src/lib/format';

describe('number formatting', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [0.4234, '0.42 ms'],
    [8.305, '8.31 ms'],
    [45.24, '45.2 ms'],
    [1234.4, '1,234 ms'],
  ])('formatMs(%s) = %s', (ms, expected) => {
    expect(formatMs(ms)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [0.523, '0.52'],
    [12.34, '12.3'],
    [1234.6, '1,235'],
  ])('formatRate(%s) = %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [0, '0 B'],
    [1536, '1.5 KiB'],
    [17179869184, '16 GiB'],
    [2 ** 40 * 1.25, '1.3 TiB'],
    [200 * 2 ** 20, '200 MiB'],
  ])('formatBytes(%s) = %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [42, '42.0 s'],
    [185, '3 min 05 s'],
    [3720, '1 h 02 min'],
  ])('formatDurationS(%s) = %s', (s, expected) => {
    expect(formatDurationS(s)).toBe(expected);
  });

  it('formats counts with separators', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(null)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('renders ISO timestamps in the given time zone', () => {
    expect(formatDateTime('2026-11-23T05:48:15.123Z', 'UTC')).toBe('2026-11-23 05:48:15');
    expect(formatDateTime('2026-11-23T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-24 08:30:00');
  });

  it('returns unparseable input unchanged and a dash for nothing', () => {
    expect(formatDateTime('not a date', 'UTC')).toBe('not a date');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('hardwareLabel', () => {
  it('prefers the first accelerator and counts the rest', () => {
    expect(
      hardwareLabel({
        hostname: 'gpu-box',
        cpuModel: 'AMD EPYC 9454',
        accelerators: [
          { vendor: 'NVIDIA', model: 'H100 80GB HBM3' },
          { vendor: 'NVIDIA', model: 'H100 80GB HBM3' },
        ],
      }),
    ).toEqual({ device: 'NVIDIA H100 80GB HBM3 +1', host: 'gpu-box' });
  });

  it('does not repeat a vendor already in the model name', () => {
    expect(
      hardwareLabel({
        hostname: 'h',
        cpuModel: 'x',
        accelerators: [{ vendor: 'AMD', model: 'AMD Instinct MI300X' }],
      }).device,
    ).toBe('AMD Instinct MI300X');
  });

  it('falls back to the CPU model, then to "Unknown hardware"', () => {
    expect(hardwareLabel({ hostname: 'laptop', cpuModel: 'Intel Core i7-1185G7', accelerators: [] })).toEqual(
      {
        device: 'Intel Core i7-1185G7',
        host: 'laptop',
      },
    );
    expect(hardwareLabel(null)).toEqual({ device: 'Unknown hardware', host: '' });
  });
});

describe('quantizationTone', () => {
  it.each([
    ['fp32', 'fp32'],
    ['FP32', 'fp32'],
    ['fp16', 'half'],
    ['bf16', 'half'],
    ['int8', 'int8'],
    ['fp8', 'int8'],
    ['w8a16', 'int8'],
    ['int4', 'low-bit'],
    ['Q4_K_M', 'low-bit'],
    ['gptq-int4', 'low-bit'],
    ['awq', 'other'],
  ])('%s -> %s', (q, tone) => {
    expect(quantizationTone(q)).toBe(tone);
  });
});
