import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger';
import type { ServerMetrics } from './metrics';

/** A request id a client may pass in `x-request-id` (else one is made): 1-100 safe characters. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Routes as bounded metric labels (never the raw URL, which a client controls). */
function routeLabel(path: string): string {
  if (path.startsWith('/graphql')) return '/graphql';
  const bare = path.split('?')[0];
  if (bare === '/ingest/samples' || bare === '/healthz' || bare === '/metrics') return bare;
  return 'other';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id (from x-request-id or generated); in every log line about it. */
    requestId: string;
    /** A child logger carrying requestId. */
    log: Logger;
  }
}

/**
 * Express middleware: gives each request an id (echoed in `x-request-id`), a child logger, and on
 * completion one JSON log line plus the request counter and latency histogram.
 */
export function observeHttp(logger: Logger, metrics: ServerMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId =
      typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.requestId });
    res.setHeader('x-request-id', req.requestId);
    const startedAt = performance.now();
    res.once('finish', () => {
      const durationMs = performance.now() - startedAt;
      const route = routeLabel(req.originalUrl);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, durationMs / 1000);
      if (route !== '/metrics' && route !== '/healthz') {
        req.log.info(
          {
            method: req.method,
            route,
            status: res.statusCode,
            durationMs: Math.round(durationMs * 100) / 100,
          },
          'request',
        );
      }
    });
    next();
  };
}
