import http from 'node:http';
import https from 'node:https';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** Failure to reach the server or a 5xx: worth retrying later (the spool keeps the data). */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

/** The server answered with GraphQL errors or a 4xx: retrying the same request will not help. */
export class GraphqlRequestError extends Error {
  override name = 'GraphqlRequestError';
}

/** Minimal GraphQL-over-HTTP client on node:http (POST `<server>/graphql`, bearer token). */
export class GraphqlClient {
  private readonly endpoint: URL;
  private readonly agent: http.Agent;

  constructor(
    serverUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {
    const base = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
    this.endpoint = base.pathname.endsWith('/graphql/') ? base : new URL('graphql', base);
    this.agent = new (this.endpoint.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true });
  }

  /**
   * Executes one generated operation (`StartRunDocument`, …); resolves its typed `data`, throws
   * ServerUnreachableError or GraphqlRequestError.
   */
  request<T, V>(document: DocumentTypeDecoration<T, V> & { toString(): string }, variables: V): Promise<T> {
    const body = JSON.stringify({ query: document.toString(), variables });
    const transport = this.endpoint.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        this.endpoint,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${this.token}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('error', (err) =>
            reject(new ServerUnreachableError(`${this.endpoint.href}: ${err.message}`)),
          );
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500)
              return reject(new ServerUnreachableError(`${this.endpoint.href}: HTTP ${status}`));
            let parsed: { data?: T; errors?: { message: string }[] };
            try {
              parsed = JSON.parse(text);
            } catch {
              return reject(
                new GraphqlRequestError(`${this.endpoint.href}: HTTP ${status}, body is not JSON`),
              );
            }
            if (parsed.errors?.length) {
              return reject(new GraphqlRequestError(parsed.errors.map((e) => e.message).join('; ')));
            }
            if (status >= 400 || parsed.data === undefined) {
              return reject(new GraphqlRequestError(`${this.endpoint.href}: HTTP ${status} without data`));
            }
            resolve(parsed.data);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => reject(new ServerUnreachableError(`${this.endpoint.href}: ${err.message}`)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
