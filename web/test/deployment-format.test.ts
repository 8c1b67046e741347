import { describe, expect, it } from 'vitest';
import { choiceText, formatPerMtok, isoDay, loadOf, perMtokPair } from '../src/lib/deployment-format';

describe('deployment formatting', () => {
  it('shows cost per Mtok at full utilisation beside the realised figure', () => {
    expect(formatPerMtok(0.4085)).toBe('$0.409 / Mtok');
    expect(formatPerMtok(19.47)).toBe('$19.47 / Mtok');
    expect(formatPerMtok(null)).toBe('—');
    expect(perMtokPair(5.56, 19.47, 0.285)).toBe(
      '$5.56 / Mtok at full utilisation · $19.47 / Mtok realised at 28.5 % utilisation',
    );
    expect(perMtokPair(0.409, 136.41, 0.003)).toBe(
      '$0.409 / Mtok at full utilisation · $136.41 / Mtok realised at 0.3 % utilisation',
    );
    expect(perMtokPair(25, 25, null)).toBe('$25.00 / Mtok at full utilisation · $25.00 / Mtok realised');
  });

  it('names the load, the choice and the effective day', () => {
    expect(loadOf({ concurrency: 64, ratePerS: null })).toBe('concurrency 64');
    expect(loadOf({ concurrency: null, ratePerS: 5 })).toBe('5 req/s');
    expect(loadOf({})).toBeNull();
    expect(choiceText('ANALYST')).toBe('chosen by an analyst');
    expect(choiceText('RECOMMENDATION')).toMatch(/rank 1/);
    expect(isoDay('2026-01-01T00:00:00.000Z')).toBe('2026-01-01');
  });
});

describe('hourly prices', () => {
  it('keep their cents', async () => {
    const { formatPerHour } = await import('../src/lib/deployment-format');
    expect(formatPerHour(2.49)).toBe('$2.49 / h');
    expect(formatPerHour(2)).toBe('$2.00 / h');
    expect(formatPerHour(null)).toBe('—');
  });
});
