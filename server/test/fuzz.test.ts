import 'reflect-metadata';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../src/auth/principal';
import { startServer, type RunningServer } from '../src/index';
import { buildAppSchema } from '../src/schema';
import { listPaths, operationsOf, withValueAt, type FuzzRequest, type Operation } from './fuzz-corpus';
import { buildCorpus } from './fuzz-requests';
import { hardwareInput, sampleInput, startRunInput } from './helpers';

// ≥ 10,000 malformed or hostile requests against a real server on 127.0.0.1. Every answer must be
// a clear error (4xx, or a GraphQL error with a message; reads may also answer with data),
// never a 5xx, a masked internal error or a stack; the server must stay up; and no table except
// audit_log may change (checksums of every row before and after).

const MIN_REQUESTS = 10_000;
const CONCURRENCY = 8;

interface Answer {
  status: number;
  body: string;
}

const STACK = /\n\s+at\s|node_modules|\.ts:\d+:\d+/;

/** md5 over every row of every table (audit_log and tokens' last_used_at excluded). */
async function checksums(server: RunningServer): Promise<Record<string, string>> {
  await server.db.withTransaction(() => Promise.resolve()); // let queued writes (token touches) land
  const tables = (
    await server.db.connection.runAndReadAll(
      "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1",
    )
  )
    .getRowsJS()
    .map((r) => String(r[0]))
    .filter((name) => name !== 'audit_log');
  const out: Record<string, string> = {};
  for (const table of tables) {
    const columns = table === 'api_tokens' ? 't.* EXCLUDE (last_used_at)' : 't.*';
    const reader = await server.db.connection.runAndReadAll(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(CAST(r AS VARCHAR), chr(10) ORDER BY CAST(r AS VARCHAR))), '')
       FROM (SELECT ${columns} FROM "${table}" t) AS r`,
    );
    out[table] = String(reader.getRowsJS()[0]?.[0]);
  }
  return out;
}

function send(base: URL, agent: Agent, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined && !('content-length' in headers)) {
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers,
        agent: req.fresh ? false : agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Problems with one answer, or null when it is a clear error (or data for a read). */
function judge(req: FuzzRequest, answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (STACK.test(answer.body)) return 'stack trace in the answer';
  let parsed: { errors?: { message?: unknown; extensions?: { code?: unknown } }[]; data?: unknown };
  try {
    parsed = JSON.parse(answer.body) as typeof parsed;
  } catch {
    return `not JSON: ${answer.body.slice(0, 80)}`;
  }
  const errors = parsed.errors ?? [];
  if (errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
    return `internal error: ${String(errors[0]?.message)}`;
  }
  if (errors.length > 0) {
    return errors.every((e) => typeof e.message === 'string' && e.message.length > 0)
      ? null
      : 'error without message';
  }
  if (answer.status >= 400) return `HTTP ${answer.status} without errors`;
  return req.kind.startsWith('read') ? null : `answered without an error (${req.kind})`;
}

describe('fuzz: malformed and hostile GraphQL requests', () => {
  let server: RunningServer;
  let ops: Operation[];
  const tokens: Record<string, string> = {};
  let runOfA = '';

  beforeAll(async () => {
    server = await startServer({
      dbPath: ':memory:',
      port: 0,
      log: () => undefined,
      // Bad tokens are part of the mix; the lockout itself is tested in tokens.test.ts.
      security: { authFailureLimit: { maxFailures: 1_000_000, windowMs: 60_000, lockoutMs: 1000 } },
    });
    ops = operationsOf(await buildAppSchema());
    tokens.admin = server.adminToken!;
    const a = await server.services.agents.register('fuzz-agent-a');
    const b = await server.services.agents.register('fuzz-agent-b');
    tokens.agentA = a.token;
    tokens.agentB = b.token;
    tokens.analyst = await server.services.tokens.create(Role.ANALYST, 'fuzz-analyst');
    tokens.viewer = await server.services.tokens.create(Role.VIEWER, 'fuzz-viewer');
    // Some real data for the hostile requests to aim at.
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${a.token}` };
    const started = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
        variables: { input: startRunInput() },
      }),
    });
    runOfA = ((await started.json()) as { data: { startRun: { id: string } } }).data.startRun.id;
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'mutation($input: AppendSamplesInput!) { appendSamples(input: $input) { accepted } }',
        variables: { input: { runId: runOfA, batchSeq: 0, samples: [0, 1, 2].map((i) => sampleInput(i)) } },
      }),
    });
    // Use every token once so last_used_at writes happen now, not during the fuzz.
    for (const token of Object.values(tokens)) {
      await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { role } }' }),
      });
    }
  });
  afterAll(() => server?.close());

  it(`answers ${MIN_REQUESTS}+ hostile requests with clear errors, stays up and changes no data`, async () => {
    const before = await checksums(server);
    const requests = buildCorpus(ops, tokens, runOfA, MIN_REQUESTS);
    expect(requests.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    const base = new URL(server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const problems: string[] = [];
    const logged: string[] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((line: unknown) => void logged.push(String(line)));
    const statuses = new Map<number, number>();
    let next = 0;
    const startedMs = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const req = requests[next++]!;
          const answer = await send(base, agent, req).catch((error: Error) => ({
            status: -1,
            body: error.message,
          }));
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const problem = answer.status === -1 ? `no answer: ${answer.body}` : judge(req, answer);
          if (problem && problems.length < 50) {
            problems.push(`${req.kind}: ${problem} <- ${String(req.body ?? req.path).slice(0, 160)}`);
          }
        }
      }),
    );
    agent.destroy();
    spy.mockRestore();
    const seconds = (Date.now() - startedMs) / 1000;
    console.log(
      `fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(problems).toEqual([]);
    // Nothing went wrong on the server's side either (masked internal errors, failed audit writes).
    expect(logged.slice(0, 5)).toEqual([]);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.text()).toBe('ok');
    expect(await checksums(server)).toEqual(before);
    // The data the hostile requests aimed at is still there and readable.
    const run = await server.services.runs.get(runOfA);
    expect(run?.id).toBe(runOfA);
    expect(await server.services.runs.sampleCount(run!)).toBe(3);
  }, 120_000);

  // Regression: a fuzz run once reported runTrends failing on "empty lists" (not reproduced since).
  // Empty lists in every list position of every query, and in the data (a CPU-only host with no
  // accelerators or notes, samples without inter-token latencies), must answer with data or a
  // BAD_USER_INPUT that names the field or variable, never an internal error.
  it('empty lists in every list argument of every query, and in stored data, answer clearly', async () => {
    const gql = async (query: string, variables: unknown, token = tokens.analyst!) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
    };
    const cpuOnly = await gql(
      'mutation($input: StartRunInput!) { startRun(input: $input) { id } }',
      { input: startRunInput({ hardware: hardwareInput({ accelerators: [], notes: [] }) }) },
      tokens.agentB,
    );
    const cpuRun = (cpuOnly.data as { startRun: { id: string } }).startRun.id;
    const appended = await gql(
      'mutation($input: AppendSamplesInput!) { appendSamples(input: $input) { accepted } }',
      { input: { runId: cpuRun, batchSeq: 0, samples: [0, 1].map((i) => sampleInput(i, { itlMs: [] })) } },
      tokens.agentB,
    );
    expect(appended.errors).toBeUndefined();
    const CLEAR = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND']);
    const problems: string[] = [];
    const check = (what: string, answer: Awaited<ReturnType<typeof gql>>) => {
      for (const e of answer.errors ?? []) {
        const code = e.extensions?.code ?? '';
        // A field path (`compareRuns.ids: ...`) or a variable (`Variable "$ids" ...`).
        if (!CLEAR.has(code) || !/\w\.\w|\$\w/.test(e.message))
          problems.push(`${what}: ${code} ${e.message}`);
      }
    };
    const queries = ops.filter((op) => op.kind === 'query');
    const tried: string[] = [];
    for (const op of queries) {
      for (const arg of op.field.args) {
        for (const path of listPaths(op.variables[arg.name], arg.type, [arg.name])) {
          tried.push(`${op.key} ${path.join('.')}`);
          check(`${tried.at(-1)!}=[]`, await gql(op.document, withValueAt(op.variables, path, [])));
        }
      }
    }
    expect(tried).toEqual(expect.arrayContaining(['Query.compareRuns ids', 'Query.whatIf overrides.inputs']));
    // Field arguments (not covered by the root operations above) and runTrends over the data.
    for (const query of [
      `{ run(id: "${cpuRun}") { percentiles(metric: TTFT, quantiles: []) { quantile } } }`,
      '{ compareRuns(ids: []) { runIds } }',
      `{ compareRuns(ids: ["${cpuRun}"]) { runIds } }`,
    ]) {
      const answer = await gql(query, {});
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      check(query, answer);
    }
    for (const bucket of ['HOUR', 'DAY', 'WEEK', 'MONTH']) {
      for (const filter of [
        null,
        {},
        { hardwareVendor: 'cpu' },
        { acceleratorCount: 0 },
        { hardware: 'H100' },
      ]) {
        const answer = await gql(
          `query($b: TimeBucket!, $f: RunFilter) { runTrends(bucket: $b, filter: $f) {
            bucketStart runCount runIds requests errors outputTokensPerS ttftP50Ms ttftP95Ms tpotP50Ms e2eP95Ms } }`,
          { b: bucket, f: filter },
        );
        expect(answer.errors).toBeUndefined();
        check(`runTrends ${bucket}`, answer);
      }
    }
    const cpuTrend = await gql(
      '{ runTrends(bucket: DAY, filter: { acceleratorCount: 0 }) { runIds requests } }',
      {},
    );
    expect(cpuTrend.data).toEqual({ runTrends: [{ runIds: [cpuRun], requests: 2 }] });
    expect(problems).toEqual([]);
  });

  it('hostile strings an agent may legitimately store come back verbatim, and the tables survive', async () => {
    const hostile = "'; DROP TABLE runs; --";
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.agentB!}` },
      body: JSON.stringify({
        query:
          'mutation($input: StartRunInput!) { startRun(input: $input) { id model scenario targetEngine hardware { hostname } } }',
        variables: {
          input: startRunInput({
            model: hostile,
            scenario: `${hostile}\u0000🚀`,
            targetEngine: "' OR '1'='1",
            hardware: { ...startRunInput().hardware, hostname: '$1' },
          }),
        },
      }),
    });
    const body = (await res.json()) as {
      data: {
        startRun: { model: string; scenario: string; targetEngine: string; hardware: { hostname: string } };
      };
    };
    expect(body.data.startRun).toMatchObject({
      model: hostile,
      scenario: `${hostile}\u0000🚀`,
      targetEngine: "' OR '1'='1",
      hardware: { hostname: '$1' },
    });
    const count = await server.db.connection.runAndReadAll('SELECT count(*) FROM runs');
    expect(Number(count.getRowsJS()[0]?.[0])).toBe(3); // runOfA, the CPU-only run, this one
  });
});
