import 'reflect-metadata';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operationCost, MAX_QUERY_COST } from '../src/graphql/cost-limit';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from '../src/graphql/graphql';
import { securityOptions } from '../src/graphql/security';
import { startServer, type RunningServer } from '../src/index';
import { buildAppSchema } from '../src/schema';
import { startTestServer, type TestServer } from './helpers';

function costOf(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  return operationCost(schema, document, operation, variables);
}

/** POSTs raw JSON and returns status and parsed body. */
async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      errors?: { message: string; extensions?: Record<string, unknown> }[];
      data?: unknown;
    },
  };
}

describe('query cost and size limits', () => {
  let schema: GraphQLSchema;
  let t: TestServer;
  beforeAll(async () => {
    schema = await buildAppSchema();
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('cost counts fields, multiplies by first (literal, variable or default), counts aliases and fragments', () => {
    expect(costOf(schema, '{ runs(first: 100) { edges { node { id model } } } }')).toBe(401);
    expect(
      costOf(schema, 'query($n: Int) { runs(first: $n) { edges { node { id model } } } }', { n: 100 }),
    ).toBe(401);
    // default first: 20
    expect(costOf(schema, '{ runs { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(costOf(schema, 'query($n: Int) { runs(first: $n) { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(costOf(schema, '{ a: runs(first: 10) { totalCount } b: runs(first: 10) { totalCount } }')).toBe(
      22,
    );
    expect(
      costOf(
        schema,
        '{ runs(first: 10) { ...F } } fragment F on RunConnection { totalCount edges { cursor } }',
      ),
    ).toBe(1 + 10 * 3);
  });

  it('an operation over the cost limit is refused before it runs, with the cost and limit in the message', async () => {
    const node =
      'edges { node { id model quantization scenario targetEngine hardware { hostname cpuModel } } }';
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `r${i}: runs(first: 200) { ${node} }`).join(' ')} }`;
    expect(costOf(schema, query)).toBeGreaterThan(MAX_QUERY_COST);
    const res = await post(t.server.url, { query });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors?.[0]?.message).toMatch(/^Query cost \d+ exceeds the limit of 25000/);
    expect(res.body.data).toBeUndefined();
  });

  it('refuses pages over 200, query text over 20000 tokens and batched requests', async () => {
    const big = await post(t.server.url, { query: '{ runs(first: 201) { totalCount } }' });
    expect(big.body.errors?.[0]?.message).toBe('runs.first: must be 1-200');
    const long = await post(t.server.url, { query: `{ ${'me { role } '.repeat(6000)} }` });
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.message).toMatch(/Document contains more th\w* 20000 tokens/);
    const batch = await post(t.server.url, [{ query: '{ me { role } }' }, { query: '{ me { role } }' }]);
    expect(batch.status).toBe(400);
    expect(JSON.stringify(batch.body)).toMatch(/batching/i);
  });

  it('deep nesting is refused by the depth limit', async () => {
    const deep = `{ runs { ${'edges { node { hardware { '.repeat(4)}hostname${' } } }'.repeat(4)} } }`;
    const res = await post(t.server.url, { query: deep });
    expect(res.body.errors?.[0]?.message).toMatch(/nested \d+ levels deep; the limit is 12/);
  });
});

describe('internal errors are masked', () => {
  it('the client sees only an id; the log has the id, the real message and the stack', async () => {
    const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await server.db.connection.run('DROP TABLE agents'); // a broken store: DuckDB raises a Catalog Error
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query: '{ agents { id } }' }),
      });
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      const message = body.errors[0]!.message;
      expect(message).toMatch(/^Internal server error \(id [0-9a-f]{8}\)$/);
      expect(JSON.stringify(body)).not.toMatch(/Catalog|agents does not exist|\s+at\s/);
      const id = /id ([0-9a-f]{8})/.exec(message)![1]!;
      const logged = spy.mock.calls.map((c) => String(c[0])).find((line) => line.includes(id));
      expect(logged).toBeDefined();
      const entry = JSON.parse(logged!) as { errorId: string; error: string; stack: string };
      expect(entry.errorId).toBe(id);
      expect(entry.error).toMatch(/agents/);
      expect(entry.stack).toMatch(/\n\s+at /);
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });
});

describe('introspection and the bind address', () => {
  let servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('introspection defaults on for loopback and off for other hosts; it can be switched off', async () => {
    expect(securityOptions('127.0.0.1').introspection).toBe(true);
    expect(securityOptions('::1').introspection).toBe(true);
    expect(securityOptions('0.0.0.0').introspection).toBe(false);
    expect(securityOptions('10.1.2.3', { introspection: true }).introspection).toBe(true);
    const on = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
    const off = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      introspection: false,
    });
    servers.push(on, off);
    const query = { query: '{ __schema { queryType { name } } }' };
    expect((await post(on.url, query)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await post(off.url, query);
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    // With introspection off, error messages do not suggest field names.
    const typo = await post(off.url, { query: '{ rns { totalCount } }' });
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('listens on 127.0.0.1 unless told otherwise', async () => {
    const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined });
    servers.push(server);
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface on this machine: nothing else to try
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: external.address, port: Number(url.port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused, `port ${url.port} must not be reachable on ${external.address}`).toBe(true);
  });
});
