import 'reflect-metadata';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

/** A raw HTTP request (fetch would add or normalise headers). */
function raw(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        `${url}${options.path}`,
        { method: options.method, headers: options.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(options.body);
    },
  );
}

const QUERY = JSON.stringify({ query: '{ me { role } }' });
const MUTATION = JSON.stringify({ query: 'mutation { registerAgent(input: { name: "csrf" }) { token } }' });

describe('CSRF protection and request shape checks', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it.each([
    ['text/plain', MUTATION],
    ['application/x-www-form-urlencoded', 'query=mutation%20%7B%20x%20%7D'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="q"\r\n\r\n{}\r\n--x--'],
  ])('a cross-site-sendable POST (%s) is refused with 415 before anything runs', async (type, body) => {
    const res = await raw(t.server.url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': type, authorization: `Bearer ${t.adminToken}` },
      body,
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^POST \/graphql needs "Content-Type: application\/json" \(got "/,
          ) as string,
          extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
        },
      ],
    });
    const agents = await t.server.services.agents.list();
    expect(agents.some((a) => a.name === 'csrf')).toBe(false);
  });

  it('a POST without Content-Type is refused with 415', async () => {
    const res = await raw(t.server.url, { method: 'POST', path: '/graphql', body: QUERY });
    expect(res.status).toBe(415);
    expect(res.body).toMatch(/got none/);
  });

  it('a simple GET (what an <img> or link can send) is refused by Apollo’s CSRF prevention', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ me { role } }')}`;
    const blocked = await raw(t.server.url, { method: 'GET', path });
    expect(blocked.status).toBe(400);
    expect(blocked.body).toMatch(/CSRF/);
    const allowed = await raw(t.server.url, {
      method: 'GET',
      path,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body)).toEqual({ data: { me: { role: 'VIEWER' } } });
  });

  it('mutations over GET are refused (405)', async () => {
    const path = `/graphql?query=${encodeURIComponent('mutation { registerAgent(input: { name: "g" }) { token } }')}`;
    const res = await raw(t.server.url, {
      method: 'GET',
      path,
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${t.adminToken}` },
    });
    expect(res.status).toBe(405);
  });

  it('invalid JSON is a 400 that says so; a body over the limit is a 413; neither leaks a stack', async () => {
    const bad = await raw(t.server.url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me { role } }"',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    // body-parser drains a refused body before answering, so send all of it, as a client would.
    const oversized = Buffer.alloc(51 * 1024 * 1024, 0x61);
    oversized.write('{"query": "', 0);
    const tooBig = await raw(t.server.url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: oversized,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatch(/Request body is too large \(limit \d+ bytes\)/);
    for (const body of [bad.body, tooBig.body]) expect(body).not.toMatch(/\s+at\s|node_modules/);
  });
});
