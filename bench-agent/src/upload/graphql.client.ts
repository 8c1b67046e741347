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

/** One HTTP answer: status and body text (5xx and transport failures never get here). */
export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * Minimal client for the Yardstick server on node:http: GraphQL (POST `<server>/graphql`) and plain
 * endpoints such as `POST /ingest/samples` (JSON or CSV), all with the bearer token and one keep-alive agent.
 */
export class GraphqlClient {
  private readonly endpoint: URL;
  /** The server's root (`http://host:port/`), for endpoints beside /graphql. */
  readonly serverBase: URL;
  private readonly agent: http.Agent;

  constructor(
    serverUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {
    const base = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
    const isGraphql = base.pathname.endsWith('/graphql/');
    this.endpoint = isGraphql ? base : new URL('graphql', base);
    this.serverBase = isGraphql ? new URL('../', base) : base;
    this.agent = new (this.endpoint.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true });
  }

  /**
   * Executes one generated operation (`StartRunDocument`, …); resolves its typed `data`, throws
   * ServerUnreachableError or GraphqlRequestError.
   */
  async request<T, V>(
    document: DocumentTypeDecoration<T, V> & { toString(): string },
    variables: V,
  ): Promise<T> {
    const body = JSON.stringify({ query: document.toString(), variables });
    const { status, text } = await this.postJson(this.endpoint, body);
    let parsed: { data?: T; errors?: { message: string }[] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new GraphqlRequestError(`${this.endpoint.href}: HTTP ${status}, body is not JSON`);
    }
    if (parsed.errors?.length) {
      throw new GraphqlRequestError(parsed.errors.map((e) => e.message).join('; '));
    }
    if (status >= 400 || parsed.data === undefined) {
      throw new GraphqlRequestError(`${this.endpoint.href}: HTTP ${status} without data`);
    }
    return parsed.data;
  }

  /** POSTs a JSON body (already serialised); see `post`. */
  postJson(url: URL, body: string): Promise<HttpAnswer> {
    return this.post(url, body, 'application/json');
  }

  /**
   * POSTs a body (already serialised) of `contentType` with the bearer token; resolves status and text
   * of any answer below 500, throws ServerUnreachableError on a 5xx, a timeout or a connection failure.
   */
  post(url: URL, body: string, contentType: string): Promise<HttpAnswer> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            'content-type': contentType,
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${this.token}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('error', (err) => reject(new ServerUnreachableError(`${url.href}: ${err.message}`)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500) return reject(new ServerUnreachableError(`${url.href}: HTTP ${status}`));
            resolve({ status, text });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => reject(new ServerUnreachableError(`${url.href}: ${err.message}`)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
