import type { SampleInput } from '../run/sample.types';
import { SAMPLE_FIELDS, columnLength, type SampleColumns } from './sample-columns';

/**
 * Batches as the `text/csv` body of `POST /ingest/samples` (server/src/ingest/README.md): a header
 * row of SampleInput names (the schema's SAMPLE_COLUMNS, in table order), then one row per sample. The server parses it with DuckDB's read_csv,
 * about 2x the JSON path's samples per CPU-second at large batches.
 *
 * - numbers as `String(n)` (read back bit-exact); a non-finite number is an empty cell (null), as
 *   JSON.stringify writes it, so both wire formats store the same thing;
 * - `warmup` as `true` / `false`;
 * - `itlMs` as gaps separated by single spaces (`8 8.2 7.9`), an empty cell for no gaps;
 * - text cells (tokenSource, errorKind, errorMessage) RFC 4180-quoted when they hold a comma, quote,
 *   CR or LF, or leading/trailing space; `""` for an empty string, since an empty cell is null.
 *
 * `samplesToCsv({ seq: [0], warmup: [true], …, itlMs: [[8, 8.2]], errorMessage: ['a, "b"'] })` →
 * `seq,warmup,…,itlMs,…,errorMessage\n0,true,…,8 8.2,…,"a, ""b"""\n`
 */
export const CSV_HEADER = `${SAMPLE_FIELDS.join(',')}\n`;

/** A whole batch from its columns (spool replay, or a batch not encoded as it was filled). */
export function samplesToCsv(columns: SampleColumns): string {
  const cells = SAMPLE_FIELDS.map((f) => (columns[f] ?? []) as readonly unknown[]);
  let out = CSV_HEADER;
  const rows = columnLength(columns);
  for (let i = 0; i < rows; i += 1) {
    let line = cell(cells[0]![i]);
    for (let c = 1; c < cells.length; c += 1) line += `,${cell(cells[c]![i])}`;
    out += `${line}\n`;
  }
  return out;
}

/**
 * One sample's row, newline included. The live uploader encodes each sample as it arrives (~10 µs
 * for 32 ITL gaps): encoding a 5,000-sample batch at once took ~45 ms, a stall of the event loop
 * that times the requests (JSON.stringify of the same batch: ~16 ms, in C++).
 */
export function sampleToCsvRow(sample: SampleInput): string {
  let line = cell(sample[SAMPLE_FIELDS[0]!]);
  for (let c = 1; c < SAMPLE_FIELDS.length; c += 1) line += `,${cell(sample[SAMPLE_FIELDS[c]!])}`;
  return `${line}\n`;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // itlMs: a gap that is not finite is sent as is ("NaN") and refused by the server, as in JSON.
  if (Array.isArray(value)) return value.join(' ');
  const text = String(value);
  return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
