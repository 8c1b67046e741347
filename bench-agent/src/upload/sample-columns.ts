/**
 * One batch of samples column by column: the body of `POST /ingest/samples` and of a spool
 * `sampleBatch` line (server/src/ingest/README.md). Every array holds one value per sample; the keys
 * and their order come from the schema's SAMPLE_COLUMNS (the samples table's order, also the CSV
 * header's). Columnar JSON is ~2.4x smaller than one object per sample.
 */
import { SAMPLE_COLUMN_NAMES, type SampleColumns } from '@yardstick/schema/samples';

export {
  fromSampleColumns as fromColumns,
  toSampleColumns as toColumns,
  type SampleColumns,
} from '@yardstick/schema/samples';

/** The SampleInput fields, in the server's samples-table order (also the CSV header's order). */
export const SAMPLE_FIELDS = SAMPLE_COLUMN_NAMES;

/** Samples in a batch. */
export const columnLength = (columns: SampleColumns): number => columns.seq.length;
