/**
 * RFC 4180 CSV: parse with line numbers (so import errors can name the line) and format (every
 * report's CSV export). Quoted fields may hold commas, quotes ("") and line breaks.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses CSV text into records. Blank lines are skipped; a UTF-8 BOM is ignored.
 * Example: `parseCsv('a,b\n1,"x, ""y"""')` → [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', 'x, "y"'] }].
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
  }
  return records;
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number such as -12.5 or 1e-7: a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Neutralises a text cell that a spreadsheet would run as a formula: a value starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading apostrophe, which Excel, LibreOffice and Google
 * Sheets show as text (OWASP CSV Injection guidance). Plain numbers such as "-12.5" stay as they are.
 * Example: `escapeFormula('=HYPERLINK("http://x","y")')` → `'=HYPERLINK("http://x","y")`;
 * `escapeFormula('-3')` → `-3`.
 */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * Reverses escapeFormula on import: an apostrophe followed by a formula character is dropped.
 * Example: `unescapeFormula("'=SUM(A1)")` → `=SUM(A1)`; `unescapeFormula("'quoted'")` is unchanged.
 */
export function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function cell(v: string | number | null | undefined): string {
  if (v == null) return '';
  return quote(typeof v === 'number' ? String(v) : escapeFormula(v));
}

/**
 * Formats rows as CSV with a header (CRLF line ends, as RFC 4180 says). Numbers are written in full
 * precision; null/undefined become empty fields; text that a spreadsheet would run as a formula is
 * escaped (escapeFormula), so every export is safe to open in Excel, LibreOffice or Google Sheets.
 * Example: `formatCsv(['a', 'b'], [{ a: 1, b: 'x,y' }])` → 'a,b\r\n1,"x,y"\r\n'.
 */
export function formatCsv<K extends string>(
  columns: readonly K[],
  rows: readonly Partial<Record<K, string | number | null | undefined>>[],
): string {
  const out = [columns.map(cell).join(',')];
  for (const r of rows) out.push(columns.map((c) => cell(r[c])).join(','));
  return out.join('\r\n') + '\r\n';
}
