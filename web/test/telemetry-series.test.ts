import { describe, expect, it } from 'vitest';
import { collectorNotes, telemetryDatasets } from '../src/lib/telemetry-series';

describe('telemetryDatasets', () => {
  it('gives power and utilisation lines per device, skipping measures a device never reported', () => {
    const sets = telemetryDatasets([
      {
        device: 'gpu:0',
        collector: 'nvidia-smi',
        points: [
          { startS: 0, powerAvgW: 250, utilisationAvgPct: 97 },
          { startS: 1, powerAvgW: null, utilisationAvgPct: 90 },
        ],
      },
      { device: 'host', collector: 'host', points: [{ startS: 0, powerAvgW: null, utilisationAvgPct: 12 }] },
    ]);
    expect(sets.map((s) => [s.label, s.yAxisID, s.data])).toEqual([
      ['gpu:0 power (W)', 'y', [{ x: 0, y: 250 }]],
      [
        'gpu:0 utilisation (%)',
        'y1',
        [
          { x: 0, y: 97 },
          { x: 1, y: 90 },
        ],
      ],
      ['host utilisation (%)', 'y1', [{ x: 0, y: 12 }]],
    ]);
    expect(sets[0]!.borderColor).toBe(sets[1]!.borderColor);
    expect(sets[0]!.borderColor).not.toBe(sets[2]!.borderColor);
  });

  it('is empty without readings', () => expect(telemetryDatasets([])).toEqual([]));
});

describe('collectorNotes', () => {
  it('names each collector the agent tried, with readings or the reason it was unavailable', () => {
    const summary = {
      telemetry: {
        collectors: [
          { name: 'nvidia-smi', available: false, reason: 'nvidia-smi not found on PATH', samples: 0 },
          { name: 'host', available: true, samples: 40 },
        ],
      },
    };
    expect(collectorNotes(summary)).toEqual([
      'nvidia-smi: unavailable (nvidia-smi not found on PATH)',
      'host (40 readings)',
    ]);
  });

  it.each([null, {}, { telemetry: { collectors: 'x' } }])('is [] for %j', (s) =>
    expect(collectorNotes(s)).toEqual([]),
  );
});
