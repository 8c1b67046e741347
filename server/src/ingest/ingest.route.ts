import express, { type Request, type Response, Router } from 'express';
import { GraphQLError } from '../graphql/graphql';
import type { TokenService } from '../auth/token.service';
import { clientAddressOf } from '../graphql/security';
import { logErrorOnce, type Logger } from '../observability/logger';
import { BodyTooLargeError, CSV_BODY_LIMIT_BYTES, receiveCsvBody } from './csv-body';
import { parseCsvTarget } from './csv-format';
import type { IngestCaller } from './ingest-audit';
import { IngestRefusal, type IngestService } from './ingest.service';
import { IngestInputError, parseBulkBatch } from './sample-columns';

/** Largest request body POST /ingest/samples accepts (a 50,000-sample batch is ~10-20 MB of JSON). */
export const BULK_BODY_LIMIT = '64mb';

interface ErrorBody {
  error: { code: string; message: string; field?: string; errorId?: string };
}

function send(res: Response, status: number, body: ErrorBody) {
  res.status(status).json(body);
}

const tooLarge = (): ErrorBody => ({
  error: { code: 'BAD_USER_INPUT', message: `body over ${BULK_BODY_LIMIT}: split the batch` },
});

/**
 * A text/csv batch: target from the query string, ownership checked before the body is read,
 * body streamed to a temp file that DuckDB reads, the file removed whatever happens.
 */
async function storeCsv(req: Request, caller: IngestCaller, ingest: IngestService) {
  const target = parseCsvTarget(req.query as Record<string, unknown>);
  return ingest.appendCsvBatch(caller, target, async () => {
    if (Number(req.headers['content-length'] ?? 0) > CSV_BODY_LIMIT_BYTES) throw new BodyTooLargeError();
    return receiveCsvBody(req, CSV_BODY_LIMIT_BYTES);
  });
}

/** runId and batchSeq of a refused attempt, as far as the request names them (for its audit record). */
function attemptTarget(req: Request): { runId: string | null; batchSeq: number | null } {
  const source = (req.is('text/csv') ? req.query : req.body) as Record<string, unknown> | undefined;
  const runId = typeof source?.runId === 'string' ? source.runId.slice(0, 100) : null;
  const batchSeq = Number(source?.batchSeq);
  return { runId, batchSeq: Number.isInteger(batchSeq) ? batchSeq : null };
}

/**
 * POST /ingest/samples — the bulk sample endpoint (docs/adr/0003-bulk-sample-ingest.md,
 * docs/adr/0004-csv-sample-ingest.md). Two body formats, chosen by Content-Type:
 *
 * - application/json: `{ "runId": "...", "batchSeq": 7, "samples": { "seq": [..], "warmup": [..], ... } }`,
 *   one array per SampleInput field;
 * - text/csv, `?runId=...&batchSeq=7`: a header row naming SampleInput fields, then one sample per
 *   row (./csv-format.ts), parsed and checked by DuckDB.
 *
 * Header `Authorization: Bearer <agent token>`. Every batch attempt by an authenticated caller is
 * audited (`ingestSamples`). Answers 200
 * `{ runId, batchSeq, accepted, duplicate }` after the batch committed; 400 with `error.field` for
 * bad input; 401/403/404 as GraphQL would; 500 with `error.errorId` (logged once) otherwise.
 */
export function ingestRouter(options: {
  tokens: TokenService;
  ingest: IngestService;
  logger: Logger;
}): Router {
  const router = Router();
  router.post('/samples', express.json({ limit: BULK_BODY_LIMIT }), async (req: Request, res: Response) => {
    let caller: IngestCaller | null = null;
    // Refusals by an authenticated caller are audited before the answer, like GraphQL's.
    const refuse = async (status: number, body: ErrorBody) => {
      if (caller) {
        await options.ingest
          .auditRefusal(caller, {
            ...attemptTarget(req),
            format: req.is('text/csv') ? 'csv' : 'json',
            sampleCount: 0,
            outcome: body.error.code,
            errorMessage: body.error.message,
          })
          .catch((error: unknown) =>
            logErrorOnce(req.log ?? options.logger, error, { msg: 'audit write failed' }),
          );
      }
      send(res, status, body);
    };
    try {
      const principal = await options.tokens.authenticate(req.headers.authorization);
      if (!principal || !req.headers.authorization) {
        return send(res, 401, {
          error: { code: 'UNAUTHENTICATED', message: 'send "Authorization: Bearer <agent token>"' },
        });
      }
      caller = { principal, clientAddress: clientAddressOf(req) };
      if (req.is('text/csv')) return res.json(await storeCsv(req, caller, options.ingest));
      if (!req.is('application/json')) {
        return send(res, 415, {
          error: {
            code: 'BAD_USER_INPUT',
            message:
              'send the batch as JSON with "content-type: application/json", or as CSV with "content-type: text/csv" and ?runId=...&batchSeq=...',
          },
        });
      }
      const batch = parseBulkBatch(req.body);
      res.json(await options.ingest.appendBatch(principal, batch, caller.clientAddress));
    } catch (error) {
      if (error instanceof IngestInputError) {
        return refuse(400, {
          error: { code: 'BAD_USER_INPUT', field: error.field, message: error.message },
        });
      }
      if (error instanceof IngestRefusal)
        return refuse(error.status, { error: { code: error.code, message: error.message } });
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return refuse(413, tooLarge());
      }
      if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') {
        return send(res, 401, { error: { code: 'UNAUTHENTICATED', message: error.message } });
      }
      const errorId = logErrorOnce(req.log ?? options.logger, error, { route: '/ingest/samples' });
      send(res, 500, {
        error: { code: 'INTERNAL_SERVER_ERROR', message: `internal error (id ${errorId})`, errorId },
      });
    }
  });
  // express.json's own failures (malformed JSON, too large) arrive here as errors with a status.
  router.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      next: (e?: unknown) => void,
    ) => {
      if (error.type === 'entity.too.large') return send(res, 413, tooLarge());
      if (error.status === 400) {
        return send(res, 400, {
          error: { code: 'BAD_USER_INPUT', field: 'body', message: `malformed JSON: ${error.message}` },
        });
      }
      next(error);
    },
  );
  return router;
}
