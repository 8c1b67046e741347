import type { TypedDocumentString } from '@yardstick/schema/generated/web';

/** Where the bearer token lives until there is a sign-in page. */
export const TOKEN_STORAGE_KEY = 'yardstick.token';

/** One entry of a GraphQL response's `errors` array (only the parts the UI uses). */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

/** Thrown when the server answers with GraphQL errors, a non-JSON body or no data. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLErrorEntry[] = [],
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface ClientOptions {
  /** GraphQL endpoint; the UI uses the same-origin relative `/graphql`. */
  endpoint: string;
  /** Returns the bearer token to send, or null to send none. */
  getToken?: () => string | null;
  /** Injected for tests or other runtimes; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
}

/** A typed request function: the document decides the variables and the result type. */
export type RequestFn = <R, V>(doc: TypedDocumentString<R, V>, variables: V) => Promise<R>;

/** Reads the token from localStorage, tolerating browsers where storage access throws. */
export function readStoredToken(): string | null {
  try {
    if (typeof localStorage === 'undefined') return null;
    const token = localStorage.getItem(TOKEN_STORAGE_KEY);
    return token && token.trim() !== '' ? token.trim() : null;
  } catch {
    return null;
  }
}

/** Extracts `query Runs(...)` -> "Runs" so the server logs name the operation. */
function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

/**
 * Builds a request function that POSTs a typed document as JSON and returns its `data`.
 * Throws a GraphQLRequestError carrying every GraphQL error message (joined with "; ").
 */
export function createClient(options: ClientOptions): RequestFn {
  const { endpoint, getToken = () => null } = options;
  return async function request<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const query = doc.toString();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;

    const doFetch = options.fetchImpl ?? fetch;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, operationName: operationName(query), variables }),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new GraphQLRequestError(`Could not reach the Yardstick server at ${endpoint}: ${reason}`);
    }

    let body: { data?: R | null; errors?: GraphQLErrorEntry[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new GraphQLRequestError(
        `The server at ${endpoint} answered HTTP ${response.status} without a JSON body`,
        [],
        response.status,
      );
    }

    if (body.errors && body.errors.length > 0) {
      const messages = body.errors.map((e) => e.message).join('; ');
      throw new GraphQLRequestError(messages, body.errors, response.status);
    }
    if (!response.ok || body.data == null) {
      throw new GraphQLRequestError(
        `The server at ${endpoint} answered HTTP ${response.status} with no data`,
        [],
        response.status,
      );
    }
    return body.data;
  };
}

/** The UI's client: same-origin `/graphql`, bearer token from localStorage when present. */
export const request: RequestFn = createClient({ endpoint: '/graphql', getToken: readStoredToken });
