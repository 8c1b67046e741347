import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from '../src/auth/auth-rate-limiter';
import { Role } from '../src/auth/principal';
import { sha256Hex } from '../src/auth/token';
import { parseDuration } from '../src/auth/token-expiry';
import { openDatabase } from '../src/db/duckdb';
import { startServer } from '../src/index';
import { registerAgent, startTestServer, type TestServer } from './helpers';

const DAY_MS = 86_400_000;
const CREATE = `mutation($input: CreateTokenInput!) {
  createToken(input: $input) { token apiToken { id role name agentId expiresAt revokedAt } } }`;

type Created = { createToken: { token: string; apiToken: { id: string; expiresAt: string | null } } };

describe('tokens: random, shown once, stored hashed, expiring, revocable', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('createToken returns the token once; only its hash is stored; it expires in 90 days by default', async () => {
    const before = Date.now();
    const res = await t.gql<Created>(CREATE, { input: { role: 'ANALYST', name: 'finance' } }, t.adminToken);
    expect(res.errors).toBeUndefined();
    const { token, apiToken } = res.data!.createToken;
    expect(token).toMatch(/^ys_[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(apiToken.expiresAt!);
    expect(expires - before).toBeGreaterThanOrEqual(90 * DAY_MS - 1000);
    expect(expires - before).toBeLessThan(90 * DAY_MS + 60_000);
    const rows = (
      await t.server.db.connection.runAndReadAll('SELECT token_sha256 FROM api_tokens WHERE id = $1', [
        apiToken.id,
      ])
    ).getRowsJS();
    expect(rows[0]?.[0]).toBe(sha256Hex(token));
    const me = await t.gql<{ me: { role: string } }>('{ me { role name } }', {}, token);
    expect(me.data?.me.role).toBe('ANALYST');
    const list = await t.gql<{ tokens: { id: string }[] }>(
      '{ tokens { id name role expiresAt } }',
      {},
      t.adminToken,
    );
    expect(list.data?.tokens.map((x) => x.id)).toContain(apiToken.id);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(JSON.stringify(list)).not.toContain(sha256Hex(token));
  });

  it('expiresInDays sets the lifetime; an AGENT token needs an existing agentId', async () => {
    const res = await t.gql<Created>(
      CREATE,
      { input: { role: 'VIEWER', name: 'half-day', expiresInDays: 0.5 } },
      t.adminToken,
    );
    const ttl = Date.parse(res.data!.createToken.apiToken.expiresAt!) - Date.now();
    expect(ttl).toBeGreaterThan(0.5 * DAY_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(0.5 * DAY_MS);
    const noAgent = await t.gql(CREATE, { input: { role: 'AGENT', name: 'a' } }, t.adminToken);
    expect(noAgent.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noAgent.errors?.[0]?.message).toMatch(/^createToken\.input\.agentId: is required for role AGENT/);
    const tooLong = await t.gql(
      CREATE,
      { input: { role: 'VIEWER', name: 'a', expiresInDays: 1e9 } },
      t.adminToken,
    );
    expect(tooLong.errors?.[0]?.message).toMatch(
      /createToken\.input\.expiresInDays: must be at most 36500 days/,
    );
  });

  it('registerAgent issues an agent token that expires after the default 90 days', async () => {
    const res = await t.gql<{ registerAgent: { expiresAt: string } }>(
      'mutation { registerAgent(input: { name: "ttl-agent" }) { expiresAt } }',
      {},
      t.adminToken,
    );
    const ttl = Date.parse(res.data!.registerAgent.expiresAt) - Date.now();
    expect(Math.round(ttl / DAY_MS)).toBe(90);
  });

  it('an expired token is rejected with a message saying so', async () => {
    const issued = await t.server.services.tokens.issue(Role.VIEWER, 'short-lived', { ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 10));
    const res = await t.gql('{ me { role } }', {}, issued.token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/Token "short-lived" expired at \d{4}-/);
    // The same token is accepted at a time before its expiry.
    const principal = await t.server.services.tokens.authenticate(
      `Bearer ${issued.token}`,
      new Date(issued.expiresAt!.getTime() - 1),
    );
    expect(principal?.role).toBe(Role.VIEWER);
  });

  it('revokeToken stops a token at once; revoking again keeps the first time; unknown ids are NOT_FOUND', async () => {
    const agent = await registerAgent(t, 'to-be-revoked');
    const ok = await t.gql('{ me { role } }', {}, agent.token);
    expect(ok.errors).toBeUndefined();
    const id = (await t.server.services.tokens.list()).find((x) => x.agentId === agent.id)!.id;
    const revoke = `mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }`;
    const first = await t.gql<{ revokeToken: { revokedAt: string } }>(revoke, { id }, t.adminToken);
    expect(first.data?.revokeToken.revokedAt).toBeTruthy();
    const after = await t.gql('{ me { role } }', {}, agent.token);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await t.gql<{ revokeToken: { revokedAt: string } }>(revoke, { id }, t.adminToken);
    expect(again.data?.revokeToken.revokedAt).toBe(first.data?.revokeToken.revokedAt);
    const unknown = await t.gql(revoke, { id: 'no-such-token' }, t.adminToken);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('configured default lifetime', () => {
  it('tokenTtlDays applies to agent tokens and created tokens', async () => {
    const server = await startServer({ dbPath: ':memory:', port: 0, log: () => undefined, tokenTtlDays: 7 });
    try {
      const registered = await server.services.agents.register('weekly');
      expect(Math.round((registered.expiresAt!.getTime() - Date.now()) / DAY_MS)).toBe(7);
      const issued = await server.services.tokens.issue(Role.VIEWER, 'weekly viewer');
      expect(Math.round((issued.expiresAt!.getTime() - Date.now()) / DAY_MS)).toBe(7);
      const forever = await server.services.tokens.issue(Role.VIEWER, 'forever', { ttlMs: null });
      expect(forever.expiresAt).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('parseDuration reads 90d, 12h, 30m, bare days and never; rejects nonsense', () => {
    expect(parseDuration('90d')).toBe(90 * DAY_MS);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('2')).toBe(2 * DAY_MS);
    expect(parseDuration('never')).toBeNull();
    expect(() => parseDuration('-1d')).toThrow(/not a lifetime: use e.g. 90d/);
    expect(() => parseDuration('soon')).toThrow(/not a lifetime/);
  });
});

describe('failed authentication is rate-limited per client address', () => {
  it('locks an address out with 429 and Retry-After after maxFailures bad tokens, valid tokens included', async () => {
    const server = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      security: { authFailureLimit: { maxFailures: 3, windowMs: 60_000, lockoutMs: 30_000 } },
    });
    const post = (token: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { role } }' }),
      });
    try {
      for (let i = 0; i < 3; i += 1) expect((await post(`ys_wrong${i}`)).status).toBe(401);
      const locked = await post(server.adminToken!);
      expect(locked.status).toBe(429);
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      const body = (await locked.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0]?.message).toMatch(/Too many failed authentications.*retry after \d+ s/);
    } finally {
      await server.close();
    }
  });

  it('bad tokens on the bulk endpoint POST /ingest/samples count too, and lock out both routes', async () => {
    const server = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      security: { authFailureLimit: { maxFailures: 2, windowMs: 60_000, lockoutMs: 30_000 } },
    });
    const ingest = () =>
      fetch(`${server.url}/ingest/samples`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ys_guess' },
        body: JSON.stringify({ runId: 'r', batchSeq: 0, samples: {} }),
      });
    try {
      expect((await ingest()).status).toBe(401);
      expect((await ingest()).status).toBe(401);
      const locked = await ingest();
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      const graphql = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { role } }' }),
      });
      expect(graphql.status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('counts per window and forgets after the lockout (injected clock)', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000 });
    limiter.recordFailure('10.0.0.1', 0);
    limiter.recordFailure('10.0.0.1', 1500); // new window: count restarts at 1
    expect(limiter.retryAfterSeconds('10.0.0.1', 1500)).toBe(0);
    limiter.recordFailure('10.0.0.1', 1600);
    expect(limiter.retryAfterSeconds('10.0.0.1', 1600)).toBe(5);
    expect(limiter.retryAfterSeconds('10.0.0.2', 1600)).toBe(0);
    expect(limiter.retryAfterSeconds('10.0.0.1', 6600)).toBe(0);
  });
});

describe('admin CLI: create-token and revoke-token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ys-tokens-'));
  const db = join(dir, 'cli.duckdb');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(import.meta.dirname, '../bin/yardstick-server.js'), ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a token with --role and --expires-in, revokes it by id, and audits both', async () => {
    const created = cli(
      'create-token',
      '--db',
      db,
      '--role',
      'analyst',
      '--name',
      'cfo',
      '--expires-in',
      '2d',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const id = /\(id ([0-9a-f-]{36}), expires (\S+)\)/.exec(created.stdout);
    const token = /^ys_\S+$/m.exec(created.stdout)?.[0];
    expect(id && token).toBeTruthy();
    expect(Math.round((Date.parse(id![2]!) - Date.now()) / DAY_MS)).toBe(2);
    const revoked = cli('revoke-token', id![1]!, '--db', db);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toMatch(/revoked at/);
    const database = await openDatabase(db);
    try {
      const row = (
        await database.connection.runAndReadAll(
          'SELECT role, revoked_at, token_sha256 FROM api_tokens WHERE id = $1',
          [id![1]!],
        )
      ).getRowObjectsJS()[0];
      expect(row?.role).toBe('ANALYST');
      expect(row?.revoked_at).not.toBeNull();
      expect(row?.token_sha256).toBe(sha256Hex(token!));
      const audit = (
        await database.connection.runAndReadAll(
          "SELECT operation, actor_name FROM audit_log WHERE operation LIKE 'cli:%' ORDER BY occurred_at",
        )
      ).getRowObjectsJS();
      expect(audit.map((a) => a.operation)).toEqual(['cli:create-token', 'cli:revoke-token']);
      expect(audit[0]?.actor_name).toBe('cli');
    } finally {
      await database.close();
    }
  });
});
