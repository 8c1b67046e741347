import { GraphQLError, type GraphQLFormattedError } from './graphql';
import { logInternalError, newErrorId } from './http-errors';

/** Codes whose messages were written for the client; everything else is masked. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
]);

/**
 * Apollo formatError: errors with a client-facing code pass through (minus any stack);
 * anything else — a DuckDB error, a bug, a TypeError — reaches the client as
 * `Internal server error (id 1a2b3c4d)` while the log gets the id, message and stack.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
  // A GraphQLError created on purpose (not wrapping a thrown Error) carries a message meant
  // for the client, e.g. graphql-js's "Schema is not configured to execute subscription operation."
  if (original instanceof GraphQLError && !original.originalError) {
    return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
  }
  const errorId = newErrorId();
  logInternalError(errorId, original, `graphql ${formatted.path?.join('.') ?? ''}`.trim());
  return {
    message: `Internal server error (id ${errorId})`,
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}
