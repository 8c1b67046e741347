// The columnar sample batch of POST /ingest/samples: one array per column instead of one object
// per sample, which parses ~2x faster and is what the Appender wants anyway. The columns, their
// order and their rules are the schema's SAMPLE_COLUMNS (@yardstick/schema/samples), shared with
// the agent that writes them, the CSV path (./csv-format.ts) and the GraphQL SampleInput.
import {
  MAX_ITL_GAPS,
  SAMPLE_COLUMNS,
  SAMPLE_COLUMN_NAMES,
  sampleValueCheck,
  sampleValueFailure,
  type SampleColumnDef,
  type SampleColumnName,
  type SampleColumns,
} from '@yardstick/schema/samples';

export { MAX_ITL_GAPS, SAMPLE_COLUMN_NAMES, type SampleColumns };

/** Most samples one bulk batch may carry (10x the GraphQL limit; one transaction each). */
export const MAX_BULK_SAMPLES = 50_000;

/** A bulk request body: `{ runId, batchSeq, samples: SampleColumns }`. */
export interface BulkBatch {
  runId: string;
  batchSeq: number;
  samples: SampleColumns;
}

/** Input that breaks a rule; `field` is the JSON path, the message says how to fix it. */
export class IngestInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** One column's definition with its check built once (no per-value decision about the rule). */
interface CheckedColumn {
  def: SampleColumnDef;
  check: (value: unknown) => boolean;
}

const CHECKED: readonly CheckedColumn[] = SAMPLE_COLUMNS.map((def) => ({
  def,
  check: sampleValueCheck(def),
}));
const KNOWN = new Set<string>(SAMPLE_COLUMN_NAMES);

/**
 * The error for a value that failed its column's check; `field` is the path of the column's value
 * (`samples.ttftMs.3`), a list element is named below it (`samples.itlMs.3.5`). The path is only built
 * when a value fails: building it for every value cost ~30% of the validation time.
 */
export function sampleValueError(def: SampleColumnDef, value: unknown, field: string): IngestInputError {
  const { at, problem } = sampleValueFailure(def, value);
  return new IngestInputError(at === undefined ? field : `${field}.${at}`, problem);
}

/**
 * Checks one column of `rowCount` values in place: undefined becomes null, a null where the column
 * is not nullable or a value that breaks the rule throws the error naming it (`${field}.${i}`).
 */
export function checkSampleColumn(
  { def, check }: CheckedColumn,
  column: unknown[],
  rowCount: number,
  field: string,
): void {
  for (let i = 0; i < rowCount; i++) {
    const value = column[i];
    if (value === null || value === undefined) {
      if (!def.nullable) throw sampleValueError(def, value, `${field}.${i}`);
      column[i] = null;
    } else if (!check(value)) {
      throw sampleValueError(def, value, `${field}.${i}`);
    }
  }
}

/** The checked columns, by name (for callers that check rows, such as GraphQL's appendSamples). */
export const CHECKED_SAMPLE_COLUMNS: ReadonlyMap<SampleColumnName, CheckedColumn> = new Map(
  CHECKED.map((c) => [c.def.name as SampleColumnName, c]),
);

/**
 * Checks a parsed JSON body and returns it typed. Throws IngestInputError naming the first bad
 * field, e.g. `samples.ttftMs.3: must be a number >= 0 (milliseconds)`.
 */
export function parseBulkBatch(body: unknown): BulkBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IngestInputError(
      'body',
      'must be a JSON object { runId, batchSeq, samples: { seq: [...], ... } }',
    );
  }
  const { runId, batchSeq, samples } = body as Record<string, unknown>;
  if (typeof runId !== 'string' || runId.length < 1 || runId.length > 100) {
    throw new IngestInputError('runId', 'must be the id startRun returned (1-100 characters)');
  }
  if (!Number.isInteger(batchSeq) || (batchSeq as number) < 0 || (batchSeq as number) > 2_000_000_000) {
    throw new IngestInputError(
      'batchSeq',
      'must be an integer 0-2000000000, unique per run (retries reuse it)',
    );
  }
  if (typeof samples !== 'object' || samples === null || Array.isArray(samples)) {
    throw new IngestInputError(
      'samples',
      'must be an object of columns, e.g. { "seq": [0, 1], "warmup": [false, false], ... }',
    );
  }
  const input = samples as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    if (!KNOWN.has(name)) {
      throw new IngestInputError(
        `samples.${name}`,
        `unknown column; known: ${SAMPLE_COLUMN_NAMES.join(', ')}`,
      );
    }
  }
  if (!Array.isArray(input.seq))
    throw new IngestInputError('samples.seq', 'must be an array of request indexes');
  const rowCount = input.seq.length;
  if (rowCount > MAX_BULK_SAMPLES) {
    throw new IngestInputError(
      'samples.seq',
      `holds ${rowCount} samples; at most ${MAX_BULK_SAMPLES} per batch: split it`,
    );
  }
  const out: Record<string, unknown[]> = {};
  for (const checked of CHECKED) {
    const { name, required, absent } = checked.def;
    const column = input[name];
    const field = `samples.${name}`;
    if (column === undefined && !required) {
      out[name] = new Array(rowCount).fill(absent);
      continue;
    }
    if (!Array.isArray(column))
      throw new IngestInputError(field, `is required: an array of ${rowCount} values`);
    if (column.length !== rowCount) {
      throw new IngestInputError(
        field,
        `has ${column.length} values but samples.seq has ${rowCount}; every column needs one per sample`,
      );
    }
    checkSampleColumn(checked, column, rowCount, field);
    out[name] = column;
  }
  const seen = new Set<number>();
  for (let i = 0; i < rowCount; i++) {
    const seq = out.seq![i] as number;
    if (seen.has(seq)) throw new IngestInputError(`samples.seq.${i}`, `${seq} appears twice in this batch`);
    seen.add(seq);
  }
  return { runId, batchSeq: batchSeq as number, samples: out as unknown as SampleColumns };
}
