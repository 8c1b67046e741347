import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunDocument, RunsDocument } from '@yardstick/schema/generated/web';
import { createClient, GraphQLRequestError } from '../src/lib/graphql/client';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: { query: string; operationName?: string; variables: Record<string, unknown> };
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];

/** A real HTTP server whose answer depends on the variables the client sent. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  req.on('end', () => {
    const body = JSON.parse(raw) as Seen['body'];
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    });
    const send = (status: number, payload: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(payload);
    };
    const id = body.variables.id;
    if (id === 'errors') {
      send(
        200,
        JSON.stringify({ data: null, errors: [{ message: 'first problem' }, { message: 'second problem' }] }),
      );
    } else if (id === 'html') {
      send(502, '<html>Bad gateway</html>', 'text/html');
    } else if (id === 'empty') {
      send(500, JSON.stringify({}));
    } else if (id === 'missing') {
      send(200, JSON.stringify({ data: { run: null } }));
    } else {
      send(
        200,
        JSON.stringify({
          data: { runs: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
        }),
      );
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createClient', () => {
  it('POSTs the document as JSON with its operation name, variables and bearer token', async () => {
    const request = createClient({ endpoint, getToken: () => 'secret-token' });
    const data = await request(RunsDocument, { filter: { quantization: 'int8' }, first: 5 });
    expect(data.runs.totalCount).toBe(0);
    const last = seen.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/graphql');
    expect(last.contentType).toBe('application/json');
    expect(last.authorization).toBe('Bearer secret-token');
    expect(last.body.operationName).toBe('Runs');
    expect(last.body.query).toContain('query Runs(');
    expect(last.body.query).toContain('fragment RunListItem on Run');
    expect(last.body.variables).toEqual({ filter: { quantization: 'int8' }, first: 5 });
  });

  it('sends no Authorization header without a token', async () => {
    const request = createClient({ endpoint, getToken: () => null });
    await request(RunsDocument, {});
    expect(seen.at(-1)!.authorization).toBeUndefined();
  });

  it('returns data with a null run as it is (not found is not an error)', async () => {
    const request = createClient({ endpoint });
    await expect(request(RunDocument, { id: 'missing' })).resolves.toEqual({ run: null });
  });

  it('throws every GraphQL error message', async () => {
    const request = createClient({ endpoint });
    const error = await request(RunDocument, { id: 'errors' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).message).toBe('first problem; second problem');
    expect((error as GraphQLRequestError).errors).toHaveLength(2);
  });

  it('explains a non-JSON answer and an answer without data', async () => {
    const request = createClient({ endpoint });
    await expect(request(RunDocument, { id: 'html' })).rejects.toThrow(/HTTP 502 without a JSON body/);
    await expect(request(RunDocument, { id: 'empty' })).rejects.toThrow(/HTTP 500 with no data/);
  });

  it('names the endpoint when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const request = createClient({ endpoint: `http://127.0.0.1:${port}/graphql` });
    await expect(request(RunDocument, { id: 'x' })).rejects.toThrow(
      new RegExp(`Could not reach the Yardstick server at http://127.0.0.1:${port}/graphql`),
    );
  });
});
