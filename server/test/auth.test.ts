import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/principal';
import { sha256Hex } from '../src/auth/token';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

describe('auth over real GraphQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('registerAgent returns a ys_ token and stores only its SHA-256 hex', async () => {
    const { id, token } = await registerAgent(t, 'rack-7');
    expect(token).toMatch(/^ys_[A-Za-z0-9_-]{43}$/);
    const rows = (
      await t.server.db.connection.runAndReadAll('SELECT * FROM api_tokens WHERE agent_id = $1', [id])
    ).getRowObjectsJS();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_sha256).toBe(sha256Hex(token));
    expect(rows[0]?.role).toBe('AGENT');
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).not.toContain(token);
    const me = await t.gql<{ me: { role: string; agentId: string } }>(
      '{ me { role agentId name } }',
      {},
      token,
    );
    expect(me.data?.me).toMatchObject({ role: 'AGENT', agentId: id });
  });

  it('an agent cannot append to or finish another agent’s run (FORBIDDEN)', async () => {
    const a = await registerAgent(t, 'agent-a');
    const b = await registerAgent(t, 'agent-b');
    const runOfB = await startRun(t, b.token);
    const append = await t.gql(
      APPEND,
      { input: { runId: runOfB, batchSeq: 0, samples: [sampleInput(0)] } },
      a.token,
    );
    expect(append.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const finish = await t.gql(
      'mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }',
      { input: { runId: runOfB, status: 'COMPLETED' } },
      a.token,
    );
    expect(finish.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const count = await t.server.db.connection.runAndReadAll(
      'SELECT count(*) FROM samples WHERE run_id = $1',
      [runOfB],
    );
    expect(Number(count.getRowsJS()[0]?.[0])).toBe(0);
    const own = await t.gql(
      APPEND,
      { input: { runId: runOfB, batchSeq: 0, samples: [sampleInput(0)] } },
      b.token,
    );
    expect(own.errors).toBeUndefined();
  });

  it('startRun takes agent_id from the token', async () => {
    const a = await registerAgent(t, 'agent-c');
    const res = await t.gql<{ startRun: { agentId: string; status: string } }>(
      'mutation($input: StartRunInput!) { startRun(input: $input) { agentId status } }',
      { input: (await import('./helpers')).startRunInput() },
      a.token,
    );
    expect(res.data?.startRun).toEqual({ agentId: a.id, status: 'RUNNING' });
  });

  it('a viewer can read but cannot mutate; an admin cannot start runs', async () => {
    const viewer = await t.server.services.tokens.create(Role.VIEWER, 'finance');
    const read = await t.gql<{ agents: unknown[] }>('{ agents { id name } }', {}, viewer);
    expect(read.errors).toBeUndefined();
    expect(read.data?.agents.length).toBeGreaterThan(0);
    const register = await t.gql('mutation { registerAgent(input: { name: "x" }) { token } }', {}, viewer);
    expect(register.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(register.errors?.[0]?.message).toMatch(/needs role ADMIN/);
    const start = await t.gql(
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      { input: (await import('./helpers')).startRunInput() },
      t.adminToken,
    );
    expect(start.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('agents list is for ADMIN and VIEWER only', async () => {
    const a = await registerAgent(t, 'agent-d');
    const res = await t.gql('{ agents { id } }', {}, a.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('on 127.0.0.1, reads work without a token but mutations do not; bad tokens are 401', async () => {
    const read = await t.gql<{ runs: { totalCount: number } }>('{ runs { totalCount } me { role } }');
    expect(read.errors).toBeUndefined();
    const mutate = await t.gql('mutation { registerAgent(input: { name: "x" }) { token } }');
    expect(mutate.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await t.gql('{ me { role } }', {}, 'ys_not-a-real-token');
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a revoked token is rejected', async () => {
    const viewer = await t.server.services.tokens.create(Role.VIEWER, 'to-revoke');
    await t.server.db.connection.run('UPDATE api_tokens SET revoked_at = now() WHERE token_sha256 = $1', [
      sha256Hex(viewer),
    ]);
    const res = await t.gql('{ me { role } }', {}, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('closed reads', () => {
  it('without open reads, queries need a token', async () => {
    const t = await startTestServer({ openReads: false });
    try {
      const res = await t.gql('{ runs { totalCount } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const ok = await t.gql<{ runs: { totalCount: number } }>('{ runs { totalCount } }', {}, t.adminToken);
      expect(ok.data?.runs.totalCount).toBe(0);
    } finally {
      await t.close();
    }
  });
});
