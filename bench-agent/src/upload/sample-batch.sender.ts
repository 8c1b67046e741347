import type { GraphqlClient } from './graphql.client';
import {
  IngestEndpointMissingError,
  IngestFormatUnsupportedError,
  postSampleBatch,
  type IngestFormat,
} from './ingest.client';
import { columnLength, fromColumns, type SampleColumns } from './sample-columns';
import { AppendSamplesDocument } from '../graphql/agent-operations';

/** Most samples one GraphQL `appendSamples` call may carry (the server's limit). */
export const GRAPHQL_MAX_SAMPLES = 5_000;
/** batchSeq offset of the 2nd, 3rd… GraphQL part of a bulk batch larger than GRAPHQL_MAX_SAMPLES. */
const FALLBACK_PART_STRIDE = 100_000_000;

/**
 * Sends sample batches to the bulk endpoint as columnar JSON, or as CSV when asked (large batches:
 * run.uploader.ts#uploadFormatFor); once a server answered 415 for CSV (one from before CSV ingest)
 * as columnar JSON; once a server answered 404 for the
 * endpoint (one from before it) through the GraphQL `appendSamples` mutation. Each step down is said
 * once in the log and holds for the rest of the sender's life. One sender per server connection,
 * shared by every batch of a run (and by every run of a replay).
 */
export class SampleBatchSender {
  private useGraphql = false;
  private format: IngestFormat;

  constructor(
    private readonly client: GraphqlClient,
    private readonly log: (line: string) => void = () => {},
    /** The first body format tried: `csv` steps down to `json` on a 415. */
    format: IngestFormat = 'json',
  ) {
    this.format = format;
  }

  /** Which path batches take now: `bulk-csv`, `bulk` (JSON) or `graphql` (the server's names). */
  get transport(): 'bulk-csv' | 'bulk' | 'graphql' {
    if (this.useGraphql) return 'graphql';
    return this.format === 'csv' ? 'bulk-csv' : 'bulk';
  }

  /**
   * Sends one batch (`csv`: the same batch already encoded, used while CSV is the format); throws
   * what the client throws (ServerUnreachableError is for the caller to retry).
   */
  async send(runId: string, batchSeq: number, samples: SampleColumns, csv?: string): Promise<void> {
    while (!this.useGraphql) {
      try {
        await postSampleBatch(this.client, runId, batchSeq, samples, this.format, csv);
        return;
      } catch (err) {
        if (err instanceof IngestFormatUnsupportedError && this.format === 'csv') {
          this.format = 'json';
          this.log(`${err.message}: a yardstick-server without CSV ingest; sending samples as JSON instead`);
          continue;
        }
        if (!(err instanceof IngestEndpointMissingError)) throw err;
        this.useGraphql = true;
        this.log(
          `${err.message}: an older yardstick-server; sending samples through GraphQL appendSamples instead`,
        );
      }
    }
    await this.sendGraphql(runId, batchSeq, samples);
  }

  /**
   * appendSamples takes at most 5,000 samples: a larger batch goes in parts. Part 0 keeps the batch's
   * own batchSeq (so batches of ≤5,000 — every old spool — keep theirs); part p > 0 uses
   * batchSeq + p × 100,000,000, which no other batch of a run reaches. The mapping is fixed, so a
   * retried or replayed part is recognised as a duplicate.
   */
  private async sendGraphql(runId: string, batchSeq: number, samples: SampleColumns): Promise<void> {
    const rows = fromColumns(samples);
    const parts = Math.max(1, Math.ceil(columnLength(samples) / GRAPHQL_MAX_SAMPLES));
    for (let p = 0; p < parts; p += 1) {
      const part = rows.slice(p * GRAPHQL_MAX_SAMPLES, (p + 1) * GRAPHQL_MAX_SAMPLES);
      await this.client.request(AppendSamplesDocument, {
        input: { runId, batchSeq: batchSeq + p * FALLBACK_PART_STRIDE, samples: part },
      });
    }
  }
}
