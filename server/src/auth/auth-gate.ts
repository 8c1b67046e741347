import type { RequestHandler } from 'express';
import type { TokenService } from './token.service';
import type { AuthFailureLimiter } from './auth-rate-limiter';
import { GraphQLError } from '../graphql/graphql';
import { clientAddressOf, lockoutGuard } from '../graphql/security';

/**
 * For routes outside /graphql that authenticate bearer tokens themselves (e.g. POST
 * /ingest/samples): refuses a locked-out address with 429 + Retry-After, and counts a sent but
 * unknown, revoked or expired token as a failed authentication. The route still answers the
 * request in its own format; the token lookup it repeats is served from TokenService's cache.
 */
export function authFailureGate(tokens: TokenService, limiter: AuthFailureLimiter): RequestHandler[] {
  const count: RequestHandler = (req, _res, next) => {
    if (!req.headers.authorization) return next();
    tokens.authenticate(req.headers.authorization).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') {
          limiter.recordFailure(clientAddressOf(req));
        }
        next();
      },
    );
  };
  return [lockoutGuard(limiter), count];
}
