import express, { type Request, type Response, Router } from 'express';
import { GraphQLError } from '../graphql/graphql';
import type { TokenService } from '../auth/token.service';
import { logErrorOnce, type Logger } from '../observability/logger';
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

/**
 * POST /ingest/samples — the bulk sample endpoint (docs/adr/0003-bulk-sample-ingest.md).
 *
 * Body (application/json): `{ "runId": "...", "batchSeq": 7, "samples": { "seq": [..], "warmup": [..], ... } }`,
 * one array per SampleInput field. Header `Authorization: Bearer <agent token>`. Answers 200
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
    try {
      const principal = await options.tokens.authenticate(req.headers.authorization);
      if (!principal || !req.headers.authorization) {
        return send(res, 401, {
          error: { code: 'UNAUTHENTICATED', message: 'send "Authorization: Bearer <agent token>"' },
        });
      }
      if (!req.is('application/json')) {
        return send(res, 415, {
          error: {
            code: 'BAD_USER_INPUT',
            message: 'send the batch as JSON with "content-type: application/json"',
          },
        });
      }
      const batch = parseBulkBatch(req.body);
      res.json(await options.ingest.appendBatch(principal, batch));
    } catch (error) {
      if (error instanceof IngestInputError) {
        return send(res, 400, {
          error: { code: 'BAD_USER_INPUT', field: error.field, message: error.message },
        });
      }
      if (error instanceof IngestRefusal)
        return send(res, error.status, { error: { code: error.code, message: error.message } });
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
      if (error.type === 'entity.too.large') {
        return send(res, 413, {
          error: { code: 'BAD_USER_INPUT', message: `body over ${BULK_BODY_LIMIT}: split the batch` },
        });
      }
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
