import { GraphQLError } from '../graphql/graphql';

/** Outcome of a mutation attempt refused by authorisation (no token, wrong role, not the owner). */
export const DENIED = 'DENIED';

const DENIAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/** Errors whose attempt already has a record (so the denial plugin does not write a second). */
const recorded = new WeakSet<object>();

/** The error a resolver threw, unwrapped from graphql-js's located error. */
function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/** The GraphQL error code, or INTERNAL_SERVER_ERROR for anything that is not a GraphQLError. */
export function errorCodeOf(error: unknown): string {
  const original = originalOf(error);
  return original instanceof GraphQLError
    ? String(original.extensions.code ?? 'ERROR')
    : 'INTERNAL_SERVER_ERROR';
}

/** True for UNAUTHENTICATED / FORBIDDEN: an authorisation refusal, not a failed change. */
export function isDenial(error: unknown): boolean {
  return DENIAL_CODES.has(errorCodeOf(error));
}

/** Marks an error's attempt as recorded. */
export function markRecorded(error: unknown): void {
  const original = originalOf(error);
  if (original && typeof original === 'object') recorded.add(original);
}

/** True when markRecorded saw this error. */
export function wasRecorded(error: unknown): boolean {
  const original = originalOf(error);
  return !!original && typeof original === 'object' && recorded.has(original);
}
