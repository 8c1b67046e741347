/**
 * The per-request sample: ONE definition of its columns, from which every part derives what it needs.
 *
 * - the agent: the `SampleInput` type it builds, its columnar upload batches and the CSV header
 *   (bench-agent/src/upload/);
 * - the server: the JSON ingest checks (`sampleValueCheck`), the CSV ingest checks and read types
 *   (server/src/ingest/csv-format.ts turns each `rule` into SQL), the Appender layout and the drizzle
 *   table (`column`, `sqlType`), and the GraphQL `SampleInput` (descriptions, nullability).
 *
 * The array's order is the samples table's column order after `run_id`: the Appender appends in table
 * order, and `ALTER TABLE … ADD COLUMN` puts a new column last, so a new column goes at the END of this
 * list, with its migration (schema/README.md, "Add a sample column"). Times are milliseconds on the
 * agent's monotonic clock, relative to the run's start.
 */

/** Error kinds a request can end with (null = success). */
export const ERROR_KINDS = [
  'connect',
  'http_status',
  'timeout',
  'stream_broken',
  'malformed_event',
  'cancelled',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

import { MAX_ITL_GAPS, type SampleRule } from './sample-rules';

export {
  MAX_ITL_GAPS,
  SAMPLE_INT_MAX,
  sampleRuleProblem,
  sampleValueCheck,
  sampleValueFailure,
  type SampleRule,
} from './sample-rules';

/** The DuckDB type a column is stored as. */
export type SampleSqlType = 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' | 'DOUBLE[]';

/** One column of the sample. `T` is the value's TypeScript type (null excluded). */
export interface SampleColumnDef<T = unknown> {
  /** camelCase: the GraphQL `SampleInput` field, the JSON column and the CSV header name. */
  readonly name: string;
  /** snake_case column of the samples table. */
  readonly column: string;
  readonly sqlType: SampleSqlType;
  /** Unit of the value, or null for flags and text. */
  readonly unit: 'ms' | 'tokens' | null;
  /** Null is a valid value (the table column is nullable). */
  readonly nullable: boolean;
  /** A bulk batch must carry the column; absent optional columns take `absent`. */
  readonly required: boolean;
  /** Stored when an optional column is left out of a batch (or a GraphQL row omits the field). */
  readonly absent: T | null;
  readonly rule: SampleRule;
  readonly description: string;
  /** Type carrier only (never set at run time). */
  readonly __value?: T;
}

const def =
  <T>() =>
  <const D extends Omit<SampleColumnDef<T>, '__value'>>(d: D): D & { readonly __value?: T } =>
    d;

const ms = { kind: 'ms' } as const;
const count = { kind: 'count' } as const;

/** The sample columns, in samples-table order (after run_id). Add new columns at the end. */
export const SAMPLE_COLUMNS = [
  def<number>()({
    name: 'seq',
    column: 'seq',
    sqlType: 'INTEGER',
    unit: null,
    nullable: false,
    required: true,
    absent: null,
    rule: count,
    description: 'Request index within the run, unique per run (warm-up requests first).',
  }),
  def<boolean>()({
    name: 'warmup',
    column: 'warmup',
    sqlType: 'BOOLEAN',
    unit: null,
    nullable: false,
    required: true,
    absent: null,
    rule: { kind: 'bool' },
    description: 'A warm-up request: stored, left out of every statistic.',
  }),
  def<number>()({
    name: 'scheduledAtMs',
    column: 'scheduled_at_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: false,
    required: true,
    absent: null,
    rule: ms,
    description: 'When the load model meant to send the request, ms since run start (monotonic clock).',
  }),
  def<number>()({
    name: 'sentAtMs',
    column: 'sent_at_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: false,
    required: true,
    absent: null,
    rule: ms,
    description: 'When the request was sent, ms since run start.',
  }),
  def<number>()({
    name: 'sendLagMs',
    column: 'send_lag_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: false,
    required: true,
    absent: null,
    rule: { kind: 'signedMs' },
    description: "Send lag: sent − scheduled, ms (the client's own overhead).",
  }),
  def<number>()({
    name: 'queueMs',
    column: 'queue_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: false,
    required: true,
    absent: null,
    rule: ms,
    description: 'Time the request waited for a concurrency slot, ms.',
  }),
  def<number>()({
    name: 'ttftMs',
    column: 'ttft_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: true,
    required: false,
    absent: null,
    rule: ms,
    description: 'Time to first token, ms; null when no token arrived.',
  }),
  def<number>()({
    name: 'e2eMs',
    column: 'e2e_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: true,
    required: false,
    absent: null,
    rule: ms,
    description:
      'End-to-end latency (last byte − send), ms; null when the request failed before any response.',
  }),
  def<number>()({
    name: 'tpotMs',
    column: 'tpot_ms',
    sqlType: 'DOUBLE',
    unit: 'ms',
    nullable: true,
    required: false,
    absent: null,
    rule: ms,
    description:
      'Time per output token after the first, ms: (E2E − TTFT) / (outputTokens − 1); null below 2 tokens.',
  }),
  def<number[]>()({
    name: 'itlMs',
    column: 'itl_ms',
    sqlType: 'DOUBLE[]',
    unit: 'ms',
    nullable: false,
    required: false,
    absent: [],
    rule: { kind: 'msList', maxItems: MAX_ITL_GAPS },
    description: 'Chunk inter-token gaps, ms: arrival of each content chunk − arrival of the previous one.',
  }),
  def<number>()({
    name: 'inputTokens',
    column: 'input_tokens',
    sqlType: 'INTEGER',
    unit: 'tokens',
    nullable: true,
    required: false,
    absent: null,
    rule: count,
    description: "Prompt tokens (the server's usage.prompt_tokens).",
  }),
  def<number>()({
    name: 'outputTokens',
    column: 'output_tokens',
    sqlType: 'INTEGER',
    unit: 'tokens',
    nullable: true,
    required: false,
    absent: null,
    rule: count,
    description: "Output tokens N_out: the server's usage count when reported, else the client's count.",
  }),
  def<number>()({
    name: 'outputTokensServer',
    column: 'output_tokens_server',
    sqlType: 'INTEGER',
    unit: 'tokens',
    nullable: true,
    required: false,
    absent: null,
    rule: count,
    description: "Output tokens from the server's usage.completion_tokens; null when not reported.",
  }),
  def<number>()({
    name: 'outputTokensClient',
    column: 'output_tokens_client',
    sqlType: 'INTEGER',
    unit: 'tokens',
    nullable: true,
    required: false,
    absent: null,
    rule: count,
    description: 'Output tokens counted by the client (content chunks); null when not streamed.',
  }),
  def<'SERVER' | 'CLIENT'>()({
    name: 'tokenSource',
    column: 'token_source',
    sqlType: 'VARCHAR',
    unit: null,
    nullable: true,
    required: false,
    absent: null,
    rule: { kind: 'oneOf', values: ['SERVER', 'CLIENT'] },
    description: 'Which count outputTokens holds.',
  }),
  def<string>()({
    name: 'errorKind',
    column: 'error_kind',
    sqlType: 'VARCHAR',
    unit: null,
    nullable: true,
    required: false,
    absent: null,
    rule: { kind: 'name', example: 'timeout' },
    description: `Null on success; else how the request failed: ${ERROR_KINDS.join(' | ')}.`,
  }),
  def<string>()({
    name: 'errorMessage',
    column: 'error_message',
    sqlType: 'VARCHAR',
    unit: null,
    nullable: true,
    required: false,
    absent: null,
    rule: { kind: 'text', maxLength: 4000 },
    description: 'What went wrong, as the target or the client said it; null on success.',
  }),
] as const;

type Columns = typeof SAMPLE_COLUMNS;
export type SampleColumnName = Columns[number]['name'];
type ValueOf<C> = C extends { readonly __value?: infer T } ? T : never;
type Cell<C> = C extends { readonly nullable: true } ? ValueOf<C> | null : ValueOf<C>;

/** One request's measurements, as the agent builds them and every upload path carries them. */
export type SampleInput = { -readonly [C in Columns[number] as C['name']]: Cell<C> };

/** A batch column by column: every array holds one value per sample (the bulk JSON body's `samples`). */
export type SampleColumns = { [K in keyof SampleInput]: SampleInput[K][] };

/** The column names, in table order. */
export const SAMPLE_COLUMN_NAMES: readonly SampleColumnName[] = SAMPLE_COLUMNS.map((c) => c.name);

/** The column definitions by name. */
export const SAMPLE_COLUMN_BY_NAME: { readonly [K in SampleColumnName]: SampleColumnDef } =
  Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c.name, c])) as never;

/** Rows → columns (order kept). */
export function toSampleColumns(samples: readonly SampleInput[]): SampleColumns {
  const columns: Record<string, unknown[]> = {};
  for (const name of SAMPLE_COLUMN_NAMES) columns[name] = new Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const s = samples[i]!;
    for (const name of SAMPLE_COLUMN_NAMES) columns[name]![i] = s[name];
  }
  return columns as SampleColumns;
}

/** Columns → rows. */
export function fromSampleColumns(columns: SampleColumns): SampleInput[] {
  const rows: SampleInput[] = [];
  for (let i = 0; i < columns.seq.length; i += 1) {
    const row: Record<string, unknown> = {};
    for (const name of SAMPLE_COLUMN_NAMES) row[name] = (columns[name] as unknown[])[i];
    rows.push(row as SampleInput);
  }
  return rows;
}
