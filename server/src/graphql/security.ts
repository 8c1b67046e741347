import type { ApolloServerOptions } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import type { AppContext, Services } from '../context';
import {
  AuthFailureLimiter,
  DEFAULT_AUTH_FAILURE_LIMIT,
  type AuthFailureLimitOptions,
} from '../auth/auth-rate-limiter';
import { auditDenialsPlugin } from '../audit/audit-denials.plugin';
import { costLimitPlugin, MAX_QUERY_COST } from './cost-limit';
import { depthLimit, MAX_QUERY_DEPTH } from './depth-limit';
import { maskError } from './error-masking';
import { GraphQLError } from './graphql';
import { requireJsonPost, sendJsonError } from './http-errors';

/** Most tokens (names, punctuation, literals) a query document may have; variables do not count. */
export const MAX_QUERY_TOKENS = 20_000;

/** The hardening settings of one server (docs/security.md explains each). */
export interface SecurityOptions {
  /** Allow __schema/__type queries. Default: on for a loopback host, off otherwise. */
  introspection: boolean;
  /** Failed-authentication rate limit per client address. */
  authFailureLimit: AuthFailureLimitOptions;
  maxQueryDepth: number;
  maxQueryCost: number;
}

/** True for the loopback hosts on which dev conveniences (introspection) default to on. */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/** Fills in the defaults. */
export function securityOptions(host: string, given: Partial<SecurityOptions> = {}): SecurityOptions {
  return {
    introspection: given.introspection ?? isLoopbackHost(host),
    authFailureLimit: given.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT,
    maxQueryDepth: given.maxQueryDepth ?? MAX_QUERY_DEPTH,
    maxQueryCost: given.maxQueryCost ?? MAX_QUERY_COST,
  };
}

/**
 * Apollo settings: CSRF prevention, no HTTP batching, depth and cost limits, a token cap on
 * the query text, introspection per the options, internal errors masked with an id, and refused
 * mutations audited.
 */
export function apolloSecurityConfig(
  options: SecurityOptions,
): Pick<
  ApolloServerOptions<AppContext>,
  | 'introspection'
  | 'csrfPrevention'
  | 'allowBatchedHttpRequests'
  | 'validationRules'
  | 'includeStacktraceInErrorResponses'
  | 'formatError'
  | 'parseOptions'
  | 'hideSchemaDetailsFromClientErrors'
  | 'persistedQueries'
> & { plugins: NonNullable<ApolloServerOptions<AppContext>['plugins']> } {
  return {
    introspection: options.introspection,
    csrfPrevention: true,
    // No automatic persisted queries: nothing uses them, and a cache clients fill is one more surface.
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    validationRules: [depthLimit(options.maxQueryDepth)],
    includeStacktraceInErrorResponses: false,
    // "Did you mean ...?" suggestions would leak field names when introspection is off.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    formatError: maskError,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    // Mutations refused by @Authorized are audited as DENIED (the audit middleware never sees them).
    plugins: [costLimitPlugin(options.maxQueryCost), auditDenialsPlugin()],
  };
}

/** The client address used for rate limiting and the audit log (the socket's; proxies are not trusted). */
export function clientAddressOf(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Express handlers to put before the JSON body parser on /graphql: the failed-auth lockout
 * (429 with Retry-After) and the Content-Type check (415).
 */
export function graphqlGuards(limiter: AuthFailureLimiter): RequestHandler[] {
  return [lockoutGuard(limiter), requireJsonPost];
}

/** Answers 429 with Retry-After while the client's address is locked out. */
export function lockoutGuard(limiter: AuthFailureLimiter): RequestHandler {
  return (req, res, next) => {
    const retryAfter = limiter.retryAfterSeconds(clientAddressOf(req));
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter));
      return sendJsonError(
        res,
        429,
        'RATE_LIMITED',
        `Too many failed authentications from this address; retry after ${retryAfter} s`,
      );
    }
    next();
  };
}

/** Builds the GraphQL context; a failed authentication counts against the client's address. */
export async function graphqlContext(
  services: Services,
  limiter: AuthFailureLimiter,
  req: Request,
): Promise<AppContext> {
  const clientAddress = clientAddressOf(req);
  try {
    const principal = await services.tokens.authenticate(req.headers.authorization);
    return { principal, services, clientAddress };
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') {
      limiter.recordFailure(clientAddress);
    }
    throw error;
  }
}

export { AuthFailureLimiter };
