import { describe, expect, it } from 'vitest';
import { formatInputValue, inputKeyLabel, inputName, parsePercent } from '../src/lib/finance-labels';

describe('finance input labels and units', () => {
  it('gives internal names a label and their values a unit', () => {
    expect(inputName('recaptureFraction')).toBe('Share of saved time put to valuable work');
    expect(formatInputValue('loadedRatePerHour', 44, 'USD')).toBe('$44 / hour');
    expect(formatInputValue('recaptureFraction', 0.5)).toBe('50.0 %');
    expect(formatInputValue('tasksPerMonth', 42_000)).toBe('42,000 tasks / month');
    expect(formatInputValue('timeSavedHoursPerTask', 0.0833333)).toBe('0.083 h');
    expect(formatInputValue('amountPerMonth', 8_000, 'EUR')).toBe('€8,000 / month');
    expect(formatInputValue('unknownThing', 3)).toBe('3');
  });

  it('names tornado keys of serving inputs and value streams', () => {
    const names = new Map([['v1', 'Time saved']]);
    expect(inputKeyLabel('serving.tokensPerSecondPerDevice', names)).toBe('Throughput per device at the SLO');
    expect(inputKeyLabel('demand.tasksPerMonth', names)).toBe('Demand');
    expect(inputKeyLabel('valueStreams[v1].loadedRatePerHour', names)).toBe(
      'Time saved · Loaded labour cost',
    );
  });

  it('takes percentages as typed and refuses what is not one, naming the field', () => {
    expect(parsePercent(80, 'Adoption ceiling')).toEqual({ fraction: 0.8 });
    expect(parsePercent('0', 'Adoption ceiling')).toEqual({ fraction: 0 });
    expect(parsePercent(180, 'Adoption ceiling')).toEqual({
      error: 'Adoption ceiling must be between 0 and 100 % (you typed 180).',
    });
    expect(parsePercent('', 'Discount rate')).toEqual({
      error: 'Discount rate: type a percentage between 0 and 100.',
    });
    expect(parsePercent(-5, 'Discount rate')).toMatchObject({
      error: expect.stringMatching(/between 0 and 100/),
    });
  });
});
