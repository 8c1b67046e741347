import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

/** A JSON error body in the GraphQL response shape, so every client parses it the same way. */
export function sendJsonError(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A short id that ties a masked error to its log line. */
export function newErrorId(): string {
  return randomUUID().slice(0, 8);
}

/** Logs an unexpected error as one JSON line with its id and stack. */
export function logInternalError(errorId: string, error: unknown, where: string): void {
  const err = error instanceof Error ? error : new Error(String(error));
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'internal error',
      errorId,
      where,
      error: err.message,
      stack: err.stack,
    }),
  );
}

const JSON_TYPE = /^application\/(?:graphql-response\+)?json\s*(?:;|$)/i;

/**
 * CSRF guard beside Apollo's csrfPrevention: a POST to /graphql must say
 * `Content-Type: application/json`. Browsers can send text/plain, form and multipart bodies
 * cross-site without a preflight; those are answered 415 before anything runs.
 */
export const requireJsonPost: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST') return next();
  const type = req.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type)) {
    return sendJsonError(
      res,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `POST /graphql needs "Content-Type: application/json" (got ${type ? `"${type.slice(0, 100)}"` : 'none'})`,
    );
  }
  next();
};

const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  'encoding.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported content encoding',
  },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported charset' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'Request body was cut off' },
  'request.size.invalid': {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'Request body is shorter than Content-Length',
  },
};

/**
 * Last error handler of the app: body-parser failures become clear 4xx JSON errors; anything
 * else is masked as "Internal server error (id …)" and logged with the id and stack. Express's
 * own handler would send the stack as HTML outside production.
 */
export const jsonErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const type = (error as { type?: unknown }).type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) {
    const limit = (error as { limit?: unknown }).limit;
    const detail = type === 'entity.too.large' && typeof limit === 'number' ? ` (limit ${limit} bytes)` : '';
    return sendJsonError(res, known.status, known.code, known.message + detail);
  }
  const status = Number((error as { status?: unknown }).status);
  if (status >= 400 && status < 500) return sendJsonError(res, status, 'BAD_REQUEST', 'Bad request');
  const errorId = newErrorId();
  logInternalError(errorId, error, 'express');
  sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', `Internal server error (id ${errorId})`);
};
