import { GraphqlRequestError, type GraphqlClient } from './graphql.client';
import type { SampleColumns } from './sample-columns';

/** The server has no `POST /ingest/samples` (HTTP 404 without its JSON error): an older server. */
export class IngestEndpointMissingError extends Error {
  override name = 'IngestEndpointMissingError';
}

/** The server refused the batch (4xx with `{ error: { code, field, message } }`): a retry will not help. */
export class IngestRejectedError extends GraphqlRequestError {
  override name = 'IngestRejectedError';
}

/** What the endpoint answers for a stored (or recognised duplicate) batch. */
export interface IngestResult {
  runId: string;
  batchSeq: number;
  accepted: number;
  duplicate: boolean;
}

/**
 * Sends one batch to `POST /ingest/samples` (columnar JSON, bearer agent token). Idempotent on the
 * server per (runId, batchSeq): a retry of a stored batch answers `duplicate: true`.
 * @throws ServerUnreachableError (5xx, timeout, no connection: retry later), IngestEndpointMissingError
 *   (404 from a server without the endpoint: fall back to GraphQL), IngestRejectedError (any other 4xx).
 */
export async function postSampleBatch(
  client: GraphqlClient,
  runId: string,
  batchSeq: number,
  samples: SampleColumns,
): Promise<IngestResult> {
  const url = new URL('ingest/samples', client.serverBase);
  const { status, text } = await client.postJson(url, JSON.stringify({ runId, batchSeq, samples }));
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
    throw new IngestEndpointMissingError(`${url.href}: HTTP 404 (no bulk ingest endpoint)`);
  }
  const where = body.error?.field ? ` (${body.error.field})` : '';
  throw new IngestRejectedError(
    `${url.href}: HTTP ${status} ${body.error?.code ?? ''}${where}: ${body.error?.message ?? text.slice(0, 200)}`,
  );
}
