import { GraphqlRequestError, type GraphqlClient } from './graphql.client';
import type { SampleColumns } from './sample-columns';
import { samplesToCsv } from './sample-csv';

/** The server has no `POST /ingest/samples` (HTTP 404 without its JSON error): an older server. */
export class IngestEndpointMissingError extends Error {
  override name = 'IngestEndpointMissingError';
}

/** The server refused the batch (4xx with `{ error: { code, field, message } }`): a retry will not help. */
export class IngestRejectedError extends GraphqlRequestError {
  override name = 'IngestRejectedError';
}

/**
 * The server does not take this body format (HTTP 415): one from before CSV ingest. A rejection, so
 * a 415 that reaches the uploader (for JSON) stops uploads instead of being retried.
 */
export class IngestFormatUnsupportedError extends IngestRejectedError {
  override name = 'IngestFormatUnsupportedError';
}

/** What the endpoint answers for a stored (or recognised duplicate) batch. */
export interface IngestResult {
  runId: string;
  batchSeq: number;
  accepted: number;
  duplicate: boolean;
}

/** Body format of a batch: `csv` (text/csv, the server's fast path) or `json` (columnar JSON). */
export type IngestFormat = 'csv' | 'json';

/**
 * Sends one batch to `POST /ingest/samples` (bearer agent token), as CSV (`?runId=&batchSeq=` in the
 * query string, samplesToCsv body) or columnar JSON. Idempotent on the server per (runId, batchSeq):
 * a retry of a stored batch answers `duplicate: true`, whichever format stored it.
 * @throws ServerUnreachableError (5xx, timeout, no connection: retry later), IngestEndpointMissingError
 *   (404 from a server without the endpoint: fall back to GraphQL), IngestFormatUnsupportedError (415:
 *   a server without CSV; send JSON), IngestRejectedError (any other 4xx).
 */
export async function postSampleBatch(
  client: GraphqlClient,
  runId: string,
  batchSeq: number,
  samples: SampleColumns,
  format: IngestFormat = 'json',
  /** The batch already encoded as CSV (header included); encoded from `samples` when absent. */
  csv?: string,
): Promise<IngestResult> {
  const url = new URL('ingest/samples', client.serverBase);
  if (format === 'csv') {
    url.searchParams.set('runId', runId);
    url.searchParams.set('batchSeq', String(batchSeq));
  }
  const { status, text } =
    format === 'csv'
      ? await client.post(url, csv ?? samplesToCsv(samples), 'text/csv; charset=utf-8')
      : await client.postJson(url, JSON.stringify({ runId, batchSeq, samples }));
  let body: { error?: { code?: string; field?: string; message?: string } } & Partial<IngestResult>;
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  if (status === 200 && typeof body.accepted === 'number') return body as IngestResult;
  // The endpoint's own 404 ("run not found") is JSON with an error code; anything else is a server
  // that does not know the route at all.
  if (status === 404 && !body.error?.code) {
    throw new IngestEndpointMissingError(`${url.origin}${url.pathname}: HTTP 404 (no bulk ingest endpoint)`);
  }
  if (status === 415) {
    throw new IngestFormatUnsupportedError(
      `${url.origin}${url.pathname}: HTTP 415 for ${format === 'csv' ? 'text/csv' : 'application/json'}`,
    );
  }
  const where = body.error?.field ? ` (${body.error.field})` : '';
  throw new IngestRejectedError(
    `${url.origin}${url.pathname}: HTTP ${status} ${body.error?.code ?? ''}${where}: ${body.error?.message ?? text.slice(0, 200)}`,
  );
}
