import { GraphQLError } from './graphql';

/** A request without a valid token where one is needed. */
export function unauthenticated(message = 'Missing or invalid token: send "Authorization: Bearer ys_..."') {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** A valid token whose role or owner does not allow the action. */
export function forbidden(message: string) {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** Input that fails a rule; the message starts with the field path, e.g. `startRun.input.model: ...`. */
export function badInput(path: string, problem: string) {
  return new GraphQLError(`${path}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field: path } });
}

/** A referenced object that does not exist. */
export function notFound(what: string) {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}
