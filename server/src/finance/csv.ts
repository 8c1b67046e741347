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

/**
 * Formats rows as CSV with a header (CRLF line ends, as RFC 4180 says). Numbers are written in full
 * precision; null/undefined become empty fields.
 * Example: `formatCsv(['a', 'b'], [{ a: 1, b: 'x,y' }])` → 'a,b\r\n1,"x,y"\r\n'.
 */
export function formatCsv<K extends string>(
  columns: readonly K[],
  rows: readonly Partial<Record<K, string | number | null | undefined>>[],
): string {
  const out = [columns.map(quote).join(',')];
  for (const r of rows) out.push(columns.map((c) => quote(r[c] == null ? '' : String(r[c]))).join(','));
  return out.join('\r\n') + '\r\n';
}
