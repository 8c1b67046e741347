import type { SampleInput } from '../run/sample.types';

/**
 * One batch of samples column by column: the body of `POST /ingest/samples` and of a spool
 * `sampleBatch` line (server/src/ingest/README.md). Every array holds one value per sample; the keys
 * are the fields of SampleInput. Columnar JSON is ~2.4x smaller than one object per sample.
 */
export type SampleColumns = { [K in keyof SampleInput]: SampleInput[K][] };

/** The SampleInput fields, in the server's samples-table order (also the CSV header's order). */
export const SAMPLE_FIELDS = [
  'seq',
  'warmup',
  'scheduledAtMs',
  'sentAtMs',
  'sendLagMs',
  'queueMs',
  'ttftMs',
  'e2eMs',
  'tpotMs',
  'itlMs',
  'inputTokens',
  'outputTokens',
  'outputTokensServer',
  'outputTokensClient',
  'tokenSource',
  'errorKind',
  'errorMessage',
] as const satisfies readonly (keyof SampleInput)[];

/** Rows → columns (order kept). */
export function toColumns(samples: readonly SampleInput[]): SampleColumns {
  const columns = Object.fromEntries(SAMPLE_FIELDS.map((f) => [f, new Array(samples.length)])) as Record<
    string,
    unknown[]
  >;
  for (let i = 0; i < samples.length; i += 1) {
    const s = samples[i]!;
    for (const f of SAMPLE_FIELDS) columns[f]![i] = s[f];
  }
  return columns as SampleColumns;
}

/** Columns → rows, for the GraphQL `appendSamples` fallback. */
export function fromColumns(columns: SampleColumns): SampleInput[] {
  const rows: SampleInput[] = [];
  for (let i = 0; i < columns.seq.length; i += 1) {
    const row = {} as Record<string, unknown>;
    for (const f of SAMPLE_FIELDS) row[f] = (columns[f] as unknown[])[i];
    rows.push(row as unknown as SampleInput);
  }
  return rows;
}

/** Samples in a batch. */
export const columnLength = (columns: SampleColumns): number => columns.seq.length;
