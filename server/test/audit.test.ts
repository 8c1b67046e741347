import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/principal';
import { redactForAudit } from '../src/audit/redact';
import { APPEND, registerAgent, sampleInput, startRun, startTestServer, type TestServer } from './helpers';

interface AuditNode {
  id: string;
  at: string;
  actorRole: string;
  actorName: string;
  actorTokenId: string | null;
  clientAddress: string | null;
  operation: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  errorMessage: string | null;
  args: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
type AuditPage = {
  auditLog: {
    edges: { cursor: string; node: AuditNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
};
const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id at actorRole actorName actorTokenId clientAddress operation entityType entityId
      outcome errorMessage args before after } }
    pageInfo { hasNextPage endCursor } } }`;

describe('audit log: every mutation leaves a record analysts can query', () => {
  let t: TestServer;
  let analyst: string;
  let agent: { id: string; token: string };
  const log = async (filter: Record<string, unknown>, first = 50, after?: string) => {
    const res = await t.gql<AuditPage>(AUDIT_LOG, { filter, first, after }, analyst);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.auditLog;
  };

  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.server.services.tokens.create(Role.ANALYST, 'auditor');
    agent = await registerAgent(t, 'audited-agent');
  });
  afterAll(() => t.close());

  it('registerAgent: who, when, from where, the arguments and the result without the token', async () => {
    const page = await log({ operation: 'registerAgent' });
    const node = page.edges[0]!.node;
    expect(node).toMatchObject({
      actorRole: 'ADMIN',
      actorName: 'first admin',
      operation: 'registerAgent',
      entityType: 'agent',
      entityId: agent.id,
      outcome: 'OK',
      args: { input: { name: 'audited-agent' } },
    });
    expect(node.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(Math.abs(Date.parse(node.at) - Date.now())).toBeLessThan(60_000);
    expect(node.after).toMatchObject({ agent: { id: agent.id, name: 'audited-agent' }, token: '[redacted]' });
    expect(JSON.stringify(node)).not.toContain(agent.token);
  });

  it('finishRun records the run before and after; appendSamples summarises the batch', async () => {
    const runId = await startRun(t, agent.token);
    const samples = Array.from({ length: 120 }, (_, i) => sampleInput(i));
    const append = await t.gql(APPEND, { input: { runId, batchSeq: 0, samples } }, agent.token);
    expect(append.errors).toBeUndefined();
    const finish = await t.gql(
      'mutation($input: FinishRunInput!) { finishRun(input: $input) { id status } }',
      { input: { runId, status: 'COMPLETED' } },
      agent.token,
    );
    expect(finish.errors).toBeUndefined();
    const records = (await log({ entityId: runId })).edges.map((e) => e.node);
    expect(records.map((r) => r.operation)).toEqual(['finishRun', 'appendSamples', 'startRun']);
    const [finished, appended] = records;
    expect(finished!.actorRole).toBe('AGENT');
    expect(finished!.before).toMatchObject({ id: runId, status: 'RUNNING' });
    expect(finished!.after).toMatchObject({ id: runId, status: 'COMPLETED' });
    const batch = (appended!.args.input as { samples: { $count: number; $first: unknown[] } }).samples;
    expect(batch.$count).toBe(120);
    expect(batch.$first).toHaveLength(3);
    expect(appended!.after).toMatchObject({ runId, accepted: 120, duplicate: false });
  });

  it('failed attempts that passed authorisation are recorded with their error code', async () => {
    const bad = await t.gql(
      'mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }',
      { input: { runId: 'no-such-run', status: 'COMPLETED' } },
      agent.token,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const node = (await log({ operation: 'finishRun', outcome: 'NOT_FOUND' })).edges[0]!.node;
    expect(node).toMatchObject({ entityId: 'no-such-run', outcome: 'NOT_FOUND', after: null });
    expect(node.errorMessage).toMatch(/run no-such-run not found/);
  });

  it('pages newest first with cursors, filters by time, and is for ANALYST and ADMIN only', async () => {
    for (let i = 0; i < 3; i += 1) await registerAgent(t, `pager-${i}`);
    const all = (await log({}, 200)).edges.map((e) => e.node);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const times = all.map((n) => Date.parse(n.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const first = await log({}, 2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await log({}, 2, first.pageInfo.endCursor);
    expect(second.edges.map((e) => e.node.id)).toEqual(all.slice(2, 4).map((n) => n.id));
    const future = await log({ since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.edges).toEqual([]);
    const viewer = await t.server.services.tokens.create(Role.VIEWER, 'exec');
    const denied = await t.gql(AUDIT_LOG, {}, viewer);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooMany = await t.gql(AUDIT_LOG, { first: 201 }, t.adminToken);
    expect(tooMany.errors?.[0]?.message).toBe('auditLog.first: must be 1-200');
  });

  it('concurrent records are group-committed: every caller resolves after its own record is stored', async () => {
    const count = async () =>
      Number(
        (
          await t.server.db.connection.runAndReadAll(
            "SELECT count(*) FROM audit_log WHERE operation = 'test:burst'",
          )
        ).getRowsJS()[0]?.[0],
      );
    const records = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.server.services.audit
          .record({ principal: null, operation: 'test:burst', outcome: 'OK', args: { i } })
          .then(async (record) => ({ record, visible: await count() })),
      ),
    );
    expect(new Set(records.map((r) => r.record.id)).size).toBe(60);
    // When a caller's promise settles, its record is already committed and readable.
    for (const { visible } of records) expect(visible).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(60);
  });

  it('redaction: secrets replaced, long arrays summarised, long strings cut, dates as ISO', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(
      redactForAudit({
        token: 'ys_secret',
        nested: { tokenSha256: 'abc', at },
        list: Array.from({ length: 60 }, (_, i) => i),
        text: 'x'.repeat(2100),
      }),
    ).toEqual({
      token: '[redacted]',
      nested: { tokenSha256: '[redacted]', at: '2026-01-02T03:04:05.000Z' },
      list: { $count: 60, $first: [0, 1, 2] },
      text: `${'x'.repeat(2000)}…(+100 chars)`,
    });
  });
});
