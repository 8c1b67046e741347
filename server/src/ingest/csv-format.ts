// The CSV body of POST /ingest/samples (content-type text/csv): DuckDB parses it (read_csv, in
// C++) and the rules of the JSON path (./sample-columns.ts) are checked in SQL, so no sample value
// passes through JavaScript. Why: docs/adr/0004-csv-sample-ingest.md.
import {
  SAMPLE_COLUMNS,
  SAMPLE_INT_MAX,
  sampleRuleProblem,
  type SampleColumnDef,
  type SampleColumnName,
} from '@yardstick/schema/samples';
import { IngestInputError, MAX_BULK_SAMPLES, MAX_ITL_GAPS } from './sample-columns';

type ColumnName = SampleColumnName;

/**
 * One CSV column: the type read_csv parses it as, the SQL stored for it (`v` is the column
 * reference), the rule as a SQL condition (NULL, e.g. a required cell left empty, fails it), and
 * the JSON path's wording of it. Built from the schema's column definition (csvColumn).
 */
interface CsvColumn {
  readType: 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';
  required: boolean;
  /** Stored value; integers are read as DOUBLE (DuckDB would round "1.5" to 2) and cast after the check. */
  store: (v: string) => string;
  /** What is stored when the column is left out. */
  absent: string;
  /** An expression over the raw cell computed once per row, before `store` and `ok` see it. */
  prepare?: (v: string) => string;
  ok: (v: string) => string;
  problem: string;
}

const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

// Gaps are space-separated ("8 8.25 7.9"): string_split + a list cast parses ~2x faster than
// DuckDB's list literal ("[8,8.25,7.9]"), and needs no CSV quoting. Empty = no gaps (NULL here);
// a gap that is not a number becomes a NULL element (TRY_CAST works element by element).
const gaps = (v: string) => `TRY_CAST(string_split(nullif(${v}, ''), ' ') AS DOUBLE[])`;

/** The rule of a non-null value as SQL over `v` (`null`: no condition beyond NOT NULL). */
function ruleSql(def: SampleColumnDef, v: string): string | null {
  const r = def.rule;
  switch (r.kind) {
    case 'count':
      return `(${v} >= 0 AND ${v} <= ${SAMPLE_INT_MAX} AND ${v} = trunc(${v}))`;
    case 'ms':
      // NaN >= 0 is true in DuckDB (NaN sorts last), hence isfinite.
      return `(${v} >= 0 AND isfinite(${v}))`;
    case 'signedMs':
      return `isfinite(${v})`;
    case 'bool':
      return null;
    case 'oneOf':
      return `${v} IN (${r.values.map(quoteLiteral).join(', ')})`;
    case 'name':
      return `regexp_full_match(${v}, '[a-z0-9_]{1,50}')`;
    case 'text':
      return `length(${v}) <= ${r.maxLength}`;
    case 'msList':
      // Keeps the good gaps and compares counts: a lambda runs vectorised over all gaps at once,
      // where list_min/list_max build an aggregate per row (measured 3x slower for the whole insert).
      return `(len(${v}) <= ${r.maxItems} AND len(list_filter(${v}, lambda g: g >= 0 AND isfinite(g))) = len(${v}))`;
  }
}

/** The SQL literal stored for a column a batch leaves out. */
function absentSql(def: SampleColumnDef): string {
  if (def.sqlType === 'DOUBLE[]') return '[]::DOUBLE[]';
  if (def.absent !== null)
    throw new Error(`${def.name}: no SQL for the stand-in value ${String(def.absent)}`);
  return `NULL::${def.sqlType}`;
}

/** The CSV column for one schema column. */
function csvColumn(def: SampleColumnDef): CsvColumn {
  const rule = (v: string) => ruleSql(def, v);
  // A list column's empty cell is "no gaps" (its stand-in), never null; nullable columns accept NULL.
  const okWhenNull = def.nullable || def.sqlType === 'DOUBLE[]';
  const ok = (v: string) => {
    const r = rule(v);
    if (r === null) return okWhenNull ? 'true' : `(${v} IS NOT NULL)`;
    return okWhenNull ? `(${v} IS NULL OR ${r})` : r;
  };
  const base = { required: def.required, absent: absentSql(def), ok };
  switch (def.sqlType) {
    case 'INTEGER':
      return { ...base, readType: 'DOUBLE', store: (v) => `${v}::INTEGER`, problem: csvProblem(def) };
    case 'DOUBLE':
    case 'BOOLEAN':
    case 'VARCHAR':
      return { ...base, readType: def.sqlType, store: (v) => v, problem: csvProblem(def) };
    case 'DOUBLE[]':
      return {
        ...base,
        readType: 'VARCHAR',
        prepare: gaps,
        store: (v) => `coalesce(${v}, [])`,
        problem: `must be gaps in milliseconds >= 0 separated by single spaces (e.g. "8 8.25 7.9"), at most ${MAX_ITL_GAPS}`,
      };
  }
}

/** The JSON path's wording. */
const csvProblem = (def: SampleColumnDef) => sampleRuleProblem(def);

/** The columns in samples-table order; names are the GraphQL SampleInput fields. */
export const CSV_COLUMNS: { readonly [K in ColumnName]: CsvColumn } = Object.fromEntries(
  SAMPLE_COLUMNS.map((def) => [def.name, csvColumn(def)]),
) as never;

const NAMES = SAMPLE_COLUMNS.map((def) => def.name);
const quoteIdent = (name: string) => `"${name}"`;

/**
 * Checks the header row (the body's first line) and returns its column names in order.
 * `parseCsvHeader('seq,warmup,scheduledAtMs,sentAtMs,sendLagMs,queueMs')` → those six names.
 */
export function parseCsvHeader(line: string): ColumnName[] {
  const names = line
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '')
    .split(',')
    .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  if (names.length === 1 && names[0] === '') {
    throw new IngestInputError(
      'body',
      `must start with a header row naming the columns, e.g. "${NAMES.slice(0, 6).join(',')}"`,
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!(name in CSV_COLUMNS))
      throw new IngestInputError(`samples.${name}`, `unknown column; known: ${NAMES.join(', ')}`);
    if (seen.has(name)) throw new IngestInputError(`samples.${name}`, 'appears twice in the header row');
    seen.add(name);
  }
  for (const name of NAMES) {
    if (CSV_COLUMNS[name].required && !seen.has(name)) {
      throw new IngestInputError(`samples.${name}`, 'is required: add it to the header row');
    }
  }
  return names as ColumnName[];
}

/**
 * The batch's runId and batchSeq from the query string (`?runId=...&batchSeq=7`), with the JSON
 * body's rules and wording.
 */
export function parseCsvTarget(query: Record<string, unknown>): { runId: string; batchSeq: number } {
  const { runId, batchSeq } = query;
  if (typeof runId !== 'string' || runId.length < 1 || runId.length > 100) {
    throw new IngestInputError('runId', 'must be the id startRun returned (1-100 characters), as ?runId=...');
  }
  const seq = typeof batchSeq === 'string' && /^\d{1,10}$/.test(batchSeq) ? Number(batchSeq) : NaN;
  if (!(seq <= 2_000_000_000)) {
    throw new IngestInputError(
      'batchSeq',
      'must be an integer 0-2000000000, unique per run (retries reuse it), as &batchSeq=...',
    );
  }
  return { runId, batchSeq: seq };
}

/**
 * read_csv over the temp file with every option fixed (no sniffing: the format is ours), as a
 * subquery whose columns are already `prepare`d.
 */
export function readCsv(path: string, header: readonly ColumnName[]): string {
  const columns = header.map((name) => `${quoteLiteral(name)}: '${CSV_COLUMNS[name].readType}'`).join(', ');
  const prepared = header.flatMap((name) => {
    const prepare = CSV_COLUMNS[name].prepare;
    return prepare ? [`${prepare(quoteIdent(name))} AS ${quoteIdent(name)}`] : [];
  });
  const source =
    `read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, columns = {${columns}}, ` +
    `delim = ',', quote = '"', escape = '"', strict_mode = true, allow_quoted_nulls = false)`;
  return prepared.length === 0 ? source : `(SELECT * REPLACE (${prepared.join(', ')}) FROM ${source})`;
}

/** Every rule of the header's columns as one SQL condition over readCsv's columns. */
export function rulesSql(header: readonly ColumnName[]): string {
  return header.map((name) => CSV_COLUMNS[name].ok(quoteIdent(name))).join(' AND ');
}

/** Marker in the error() message that a rule failed; the failing row is found afterwards. */
export const RULE_FAILED = 'yardstick-ingest-rule-failed';

/**
 * `INSERT INTO samples SELECT ... FROM read_csv(...)`: one pass that parses, checks (a failing
 * row raises RULE_FAILED, which aborts the statement and so the transaction) and appends.
 * `$1` is the run id. Answers one row: the number of samples inserted. `table` is for benchmarks
 * (a copy of samples); the server always writes `samples`.
 */
export function insertCsvSql(path: string, header: readonly ColumnName[], table = 'samples'): string {
  const present = new Set(header);
  const checks = rulesSql(header);
  const values = NAMES.map((name) =>
    present.has(name) ? CSV_COLUMNS[name].store(quoteIdent(name)) : CSV_COLUMNS[name].absent,
  );
  const targets = ['run_id', ...SAMPLE_COLUMNS.map((def) => def.column)];
  return (
    `INSERT INTO ${table} (${targets.join(', ')}) SELECT $1, ${values.join(', ')} FROM ${readCsv(path, header)} ` +
    `WHERE CASE WHEN ${checks} THEN true ELSE error('${RULE_FAILED}') END`
  );
}

/**
 * After a RULE_FAILED: the first failing row (0-based sample index) and, in it, the first failing
 * column of the header. Answers no row when every row passes. row_number() OVER () counts rows in
 * file order: DuckDB keeps a scan's insertion order (preserve_insertion_order, on by default).
 */
export function firstRuleFailureSql(path: string, header: readonly ColumnName[]): string {
  const flags = header.map(
    (name, i) => `coalesce(${CSV_COLUMNS[name].ok(quoteIdent(name))}, false) AS ok${i}`,
  );
  return (
    `SELECT * FROM (SELECT row_number() OVER () - 1 AS sample_index, ${flags.join(', ')} ` +
    `FROM ${readCsv(path, header)}) WHERE NOT (${header.map((_, i) => `ok${i}`).join(' AND ')}) ` +
    'ORDER BY sample_index LIMIT 1'
  );
}

/** Turns firstRuleFailureSql's row into the error naming the column and the sample. */
export function ruleFailureError(header: readonly ColumnName[], row: readonly unknown[]): IngestInputError {
  const index = Number(row[0]);
  const failing = header.find((_, i) => row[i + 1] === false) ?? header[0]!;
  return new IngestInputError(
    `samples.${failing}.${index}`,
    `${CSV_COLUMNS[failing].problem} (CSV row ${index + 2}, counting the header as row 1)`,
  );
}

/** After a primary-key violation: a seq twice in this batch, else the first seq stored before ($1 = run id). */
export function firstSeqClashSql(path: string, header: readonly ColumnName[]): string {
  return (
    `WITH f AS (SELECT row_number() OVER () - 1 AS i, seq FROM ${readCsv(path, header)}), ` +
    'twice AS (SELECT min(i) AS i FROM (SELECT i, row_number() OVER (PARTITION BY seq ORDER BY i) AS k FROM f) WHERE k > 1), ' +
    'stored AS (SELECT min(f.i) AS i FROM f JOIN samples s ON s.run_id = $1 AND s.seq = f.seq) ' +
    'SELECT (SELECT i FROM twice), (SELECT i FROM stored)'
  );
}

/** The error for firstSeqClashSql's answer. */
export function seqClashError(twice: unknown, stored: unknown): IngestInputError {
  if (twice !== null && twice !== undefined) {
    return new IngestInputError(`samples.seq.${Number(twice)}`, 'appears twice in this batch');
  }
  const where = stored === null || stored === undefined ? '' : `.${Number(stored)}`;
  return new IngestInputError(
    `samples.seq${where}`,
    'a seq in this batch is already stored for this run (seq must be unique per run)',
  );
}

/** The batch size error, shared with the JSON path's wording. */
export function tooManySamplesError(rows: number): IngestInputError {
  return new IngestInputError(
    'samples.seq',
    `holds ${rows} samples; at most ${MAX_BULK_SAMPLES} per batch: split it`,
  );
}

/**
 * Maps read_csv's own failures to a 400: a value it cannot convert names the column and sample
 * (`CSV Error on Line: 4 ... converting column "ttftMs"`: DuckDB's "line" counts CSV records,
 * header included); anything structural (column count, quotes, line size) names the body.
 * Returns null for errors that are not about the CSV.
 */
export function csvReadError(message: string): IngestInputError | null {
  const line = /CSV Error on Line: (\d+)/.exec(message);
  if (!line) return null;
  const record = Number(line[1]);
  const column = /Error when converting column "([^"]+)"/.exec(message);
  if (column && column[1]! in CSV_COLUMNS) {
    const name = column[1] as ColumnName;
    const value = /Could not convert string "((?:[^"]|"")*)"/.exec(message)?.[1];
    return new IngestInputError(
      `samples.${name}.${record - 2}`,
      `${CSV_COLUMNS[name].problem}${value === undefined ? '' : `, got "${value.slice(0, 60)}"`} (CSV row ${record}, counting the header as row 1)`,
    );
  }
  // The reason is the last line between "Original Line: ..." (which may span lines) and
  // "Possible fixes", e.g. "Expected Number of Columns: 17 Found: 18".
  const start = message.indexOf('Original Line:');
  const end = message.indexOf('Possible fixes');
  const between = message.slice(start < 0 ? 0 : start, end < 0 ? undefined : end).split('\n');
  const reasons = between.map((l) => l.trim()).filter((l) => l && !l.startsWith('Original Line:'));
  const reason = reasons.at(-1) ?? 'unreadable';
  return new IngestInputError(
    'body',
    `malformed CSV at row ${record} (counting the header as row 1): ${reason} (RFC 4180: comma-separated, "double quotes" around values with commas, quotes or newlines, "" for a quote)`,
  );
}
