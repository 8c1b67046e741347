import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../src/auth/principal';
import { registerAgent, startRun, startTestServer, type TestServer } from './helpers';
import { financeSeed } from './support/finance-seed';

// Issue 4: the audit record commits with the change it describes (or the change rolls back),
// refused mutation attempts are recorded as DENIED, and auditLog finds every change inside an
// initiative. Real server on 127.0.0.1, real in-memory DuckDB.

interface AuditNode {
  operation: string;
  outcome: string;
  actorName: string;
  actorRole: string;
  entityType: string | null;
  entityId: string | null;
  initiativeId: string | null;
  errorMessage: string | null;
  args: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
const AUDIT_LOG = `query($filter: AuditLogFilter) { auditLog(filter: $filter, first: 200) { edges { node {
  operation outcome actorName actorRole entityType entityId initiativeId errorMessage args before after } } } }`;
const UPDATE_INITIATIVE = `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { id name } }`;
const CREATE_INITIATIVE = `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id } }`;

async function auditLog(t: TestServer, token: string, filter: Record<string, unknown>): Promise<AuditNode[]> {
  const res = await t.gql<{ auditLog: { edges: { node: AuditNode }[] } }>(AUDIT_LOG, { filter }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.auditLog.edges.map((e) => e.node);
}

async function countRows(t: TestServer, sql: string): Promise<number> {
  return Number((await t.server.db.connection.runAndReadAll(sql)).getRowsJS()[0]?.[0]);
}

/** Recreates audit_log, with its current columns, plus a CHECK that refuses some rows. */
async function auditLogRefusing(t: TestServer, check: string): Promise<void> {
  const columns = (
    await t.server.db.connection.runAndReadAll(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'audit_log' ORDER BY ordinal_position",
    )
  )
    .getRowsJS()
    .map(([name, type]) => `"${String(name)}" ${String(type)}`);
  await t.server.db.withTransaction(async ({ connection }) => {
    await connection.run('DROP TABLE audit_log');
    await connection.run(`CREATE TABLE audit_log (${columns.join(', ')}, CHECK (${check}))`);
  });
}

describe('audit records commit with their change', () => {
  let t: TestServer;
  let analyst: string;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.server.services.tokens.create(Role.ANALYST, 'auditor');
  });
  afterAll(() => t.close());

  it('a normal change writes exactly one record, with before and after, visible when the answer arrives', async () => {
    const initiative = await financeSeed(t, analyst).createInitiative({ name: 'Old name' });
    const res = await t.gql(UPDATE_INITIATIVE, { input: { id: initiative.id, name: 'New name' } }, analyst);
    expect(res.errors).toBeUndefined();
    const records = await auditLog(t, analyst, { operation: 'updateInitiative', entityId: initiative.id });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'OK',
      actorName: 'auditor',
      entityType: 'initiative',
      initiativeId: initiative.id,
      before: { id: initiative.id, name: 'Old name' },
      after: { id: initiative.id, name: 'New name' },
    });
  });

  it('token secrets stay out of before/after: the new token row is stored with its hash redacted', async () => {
    const res = await t.gql<{ createToken: { apiToken: { id: string }; token: string } }>(
      'mutation($input: CreateTokenInput!) { createToken(input: $input) { apiToken { id } token } }',
      { input: { name: 'ci', role: 'VIEWER' } },
      t.adminToken,
    );
    const created = { id: res.data!.createToken.apiToken.id, token: res.data!.createToken.token };
    const [record, ...more] = await auditLog(t, analyst, { operation: 'createToken', entityId: created.id });
    expect(more).toEqual([]);
    expect(record!.after).toMatchObject({ id: created.id, name: 'ci', tokenSha256: '[redacted]' });
    const stored = (
      await t.server.db.connection.runAndReadAll('SELECT token_sha256 FROM api_tokens WHERE id = $1', [
        created.id,
      ])
    ).getRowsJS()[0]![0] as string;
    expect(JSON.stringify(record)).not.toContain(created.token);
    expect(JSON.stringify(record)).not.toContain(stored);
  });

  it('when the audit insert fails, the change rolls back and the attempt is recorded as failed', async () => {
    const own = await startTestServer();
    try {
      const before = await countRows(own, 'SELECT count(*) FROM initiatives');
      // Real DuckDB refuses the OK record of createInitiative (and nothing else).
      await auditLogRefusing(own, "NOT (operation = 'createInitiative' AND outcome = 'OK')");
      const logged: string[] = [];
      const spy = vi
        .spyOn(console, 'error')
        .mockImplementation((line: unknown) => void logged.push(String(line)));
      const res = await own.gql(
        CREATE_INITIATIVE,
        {
          input: { name: 'Never stored', owner: 'x', phase: 'PRODUCTION', startDate: '2026-01-01T00:00:00Z' },
        },
        own.adminToken,
      );
      spy.mockRestore();
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(logged.join('\n')).toMatch(/insert into .+audit_log/);
      expect(await countRows(own, 'SELECT count(*) FROM initiatives')).toBe(before);
      expect(await countRows(own, "SELECT count(*) FROM initiatives WHERE name = 'Never stored'")).toBe(0);
      const failed = await auditLog(own, own.adminToken, { operation: 'createInitiative' });
      expect(failed.map((r) => r.outcome)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(failed[0]!.after).toBeNull();
      // Other mutations still commit with their records.
      const ok = await own.gql(
        'mutation($input: SetCurrencyRateInput!) { setCurrencyRate(input: $input) { currency } }',
        { input: { currency: 'EUR', usdPerUnit: 1.1, effectiveFrom: '2026-01-01T00:00:00Z' } },
        own.adminToken,
      );
      expect(ok.errors).toBeUndefined();
      expect(
        await auditLog(own, own.adminToken, { operation: 'setCurrencyRate', outcome: 'OK' }),
      ).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it('a failed change (nothing committed) leaves one record with its error code and no after', async () => {
    const res = await t.gql(UPDATE_INITIATIVE, { input: { id: 'no-such-initiative', name: 'x' } }, analyst);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const records = await auditLog(t, analyst, {
      operation: 'updateInitiative',
      entityId: 'no-such-initiative',
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'NOT_FOUND', after: null });
  });
});

describe('refused mutation attempts are recorded as DENIED', () => {
  let t: TestServer;
  let analyst: string;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.server.services.tokens.create(Role.ANALYST, 'auditor');
    viewer = await t.server.services.tokens.create(Role.VIEWER, 'exec viewer');
  });
  afterAll(() => t.close());

  it('@Authorized refusals: who, operation and target id; nothing changed', async () => {
    const initiative = await financeSeed(t, analyst).createInitiative({ name: 'Guarded' });
    const res = await t.gql(UPDATE_INITIATIVE, { input: { id: initiative.id, name: 'Hijacked' } }, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [denied, ...more] = await auditLog(t, analyst, { outcome: 'DENIED', actorName: 'exec viewer' });
    expect(more).toEqual([]);
    expect(denied).toMatchObject({
      operation: 'updateInitiative',
      actorRole: 'VIEWER',
      entityType: 'initiative',
      entityId: initiative.id,
      initiativeId: initiative.id,
      before: null,
      after: null,
    });
    expect(denied!.errorMessage).toMatch(/^FORBIDDEN: updateInitiative needs role ADMIN or ANALYST/);
    const stored = await t.server.services.finance.getInitiative(initiative.id);
    expect(stored?.name).toBe('Guarded');
  });

  it('an agent touching another agent run is recorded as DENIED with the run id', async () => {
    const a = await registerAgent(t, 'agent-a');
    const b = await registerAgent(t, 'agent-b');
    const runOfA = await startRun(t, a.token);
    const res = await t.gql(
      'mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }',
      { input: { runId: runOfA, status: 'COMPLETED' } },
      b.token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const records = await auditLog(t, analyst, { outcome: 'DENIED', entityId: runOfA });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ operation: 'finishRun', actorName: 'agent-b', entityType: 'run' });
    expect((await t.server.services.runs.get(runOfA))?.status).toBe('RUNNING');
  });

  it('arguments of refused attempts are redacted; token-less attempts are not recorded', async () => {
    const agent = await registerAgent(t, 'agent-c');
    // A role refusal whose arguments carry a secret-named key (JSON scalar: stored as sent, redacted).
    const res = await t.gql(
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      {
        input: {
          clientRunId: 'r1',
          scenario: 's',
          targetUrl: 'http://x',
          targetEngine: 'vllm',
          model: 'm',
          quantization: 'q',
          config: { password: 'hunter2', token: agent.token },
          hardware: {
            hostname: 'h',
            cpuModel: 'c',
            cpuCores: 1,
            memoryBytes: 1,
            os: 'linux',
            accelerators: [],
            notes: [],
            raw: {},
          },
        },
      },
      viewer,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [denied] = await auditLog(t, analyst, { outcome: 'DENIED', operation: 'startRun' });
    expect((denied!.args.input as { config: unknown }).config).toEqual({
      password: '[redacted]',
      token: '[redacted]',
    });
    expect(JSON.stringify(denied)).not.toContain('hunter2');
    expect(JSON.stringify(denied)).not.toContain(agent.token);

    const before = await countRows(t, "SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'");
    const anonymous = await t.gql(UPDATE_INITIATIVE, { input: { id: 'x', name: 'y' } }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await countRows(t, "SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'")).toBe(before);
  });
});

describe('auditLog by initiative: the initiative and everything in it', () => {
  let t: TestServer;
  let analyst: string;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.server.services.tokens.create(Role.ANALYST, 'auditor');
  });
  afterAll(() => t.close());

  it('finds changes to children (created, updated, deleted), not those of other initiatives', async () => {
    const seed = financeSeed(t, analyst);
    const x = await seed.createInitiative({ name: 'X' });
    const y = await seed.createInitiative({ name: 'Y' });
    await x.setDemand({ tasksPerMonth: 1000 });
    const cost = await x.addCostItem({
      category: 'INFRASTRUCTURE',
      recurrence: 'ONE_TIME',
      amount: { likely: 10 },
    });
    await y.addCostItem({ category: 'INFRASTRUCTURE', recurrence: 'ONE_TIME', amount: { likely: 20 } });
    const study = await x.addTimeStudy();
    await study.observe([12, 14], [8]);
    const observations = await t.server.services.finance.observations(study.id);
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await t.gql(query, variables, analyst);
      expect(res.errors).toBeUndefined();
    };
    await gql('mutation($input: UpdateCostItemInput!) { updateCostItem(input: $input) { id } }', {
      input: { id: cost, name: 'Renamed cost' },
    });
    await gql('mutation($id: ID!) { deleteTimeObservation(id: $id) { id } }', { id: observations[0]!.id });
    await gql('mutation($id: ID!) { deleteCostItem(id: $id) { id } }', { id: cost });

    const ofX = await auditLog(t, analyst, { initiativeId: x.id });
    expect(ofX.map((r) => r.operation).reverse()).toEqual([
      'createInitiative',
      'setDemand',
      'createCostItem',
      'createTimeStudy',
      'addTimeObservations',
      'updateCostItem',
      'deleteTimeObservation',
      'deleteCostItem',
    ]);
    expect(ofX.every((r) => r.initiativeId === x.id && r.outcome === 'OK')).toBe(true);
    // "Who last changed anything in X", and what: the newest record.
    expect(ofX[0]).toMatchObject({ operation: 'deleteCostItem', actorName: 'auditor', after: null });
    expect(ofX[0]!.before).toMatchObject({ id: cost, name: 'Renamed cost' });

    const costsOfX = await auditLog(t, analyst, { initiativeId: x.id, entityType: 'cost_item' });
    expect(costsOfX.map((r) => r.operation)).toEqual(['deleteCostItem', 'updateCostItem', 'createCostItem']);
    const costById = await auditLog(t, analyst, { entityType: 'cost_item', entityId: cost });
    expect(costById.map((r) => r.operation)).toEqual(['deleteCostItem', 'updateCostItem', 'createCostItem']);
    const ofY = await auditLog(t, analyst, { initiativeId: y.id });
    expect(ofY.map((r) => r.operation).sort()).toEqual(['createCostItem', 'createInitiative']);
  });

  it('migration 0009 backfills initiative_id of older records from the entities and the record', async () => {
    const seed = financeSeed(t, analyst);
    const z = await seed.createInitiative({ name: 'Z' });
    const kept = await z.addCostItem({
      category: 'INFRASTRUCTURE',
      recurrence: 'ONE_TIME',
      amount: { likely: 1 },
    });
    const study = await z.addTimeStudy();
    await study.observe([5], [4]);
    const observation = (await t.server.services.finance.observations(study.id))[0]!.id;
    const rows: [string, string, string, string | null][] = [
      ['old-1', 'initiative', z.id, null],
      ['old-2', 'cost_item', kept, null],
      ['old-3', 'time_observation', observation, null],
      // A deleted child: only its `before` still names the initiative.
      ['old-4', 'value_stream', 'gone', JSON.stringify({ id: 'gone', initiativeId: z.id })],
      ['old-5', 'run', 'some-run', null],
    ];
    await t.server.db.withTransaction(async ({ connection }) => {
      for (const [id, type, entityId, before] of rows) {
        await connection.run(
          `INSERT INTO audit_log (id, occurred_at, actor_role, actor_name, operation, entity_type, entity_id,
             outcome, args, before) VALUES ($1, now(), 'ADMIN', 'old', 'old-op', $2, $3, 'OK', '{}', $4)`,
          [id, type, entityId, before],
        );
      }
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const sql = readFileSync(join(__dirname, '../../migrations/0009_audit_initiative.sql'), 'utf8');
      await connection.run(sql);
    });
    const backfilled = (
      await t.server.db.connection.runAndReadAll(
        "SELECT id, initiative_id FROM audit_log WHERE id LIKE 'old-%' ORDER BY id",
      )
    ).getRowsJS();
    expect(backfilled).toEqual([
      ['old-1', z.id],
      ['old-2', z.id],
      ['old-3', z.id],
      ['old-4', z.id],
      ['old-5', null],
    ]);
  });
});
