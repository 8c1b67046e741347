import { request } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestTempDir, ingestTempPrefix } from '../src/ingest/csv-body';
import { MAX_BULK_SAMPLES, type SampleColumns } from '../src/ingest/sample-columns';
import { registerAgent, startRun, startTestServer, type TestServer } from './helpers';
import { postBulk, sampleColumns } from './fixtures/bulk-ingest.fixture';
import { columnsToCsv, postCsv } from './fixtures/ingest-csv.fixture';

// POST /ingest/samples with content-type text/csv, against a real server and in-memory DuckDB.

let t: TestServer;
let agent: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  t = await startTestServer();
  agent = await registerAgent(t, 'csv-agent');
  other = await registerAgent(t, 'csv-other');
});
afterAll(() => t.close());

/** Every stored column but run_id, in seq order. */
async function storedRows(runId: string) {
  const reader = await t.server.db.connection.runAndReadAll(
    'SELECT * EXCLUDE (run_id) FROM samples WHERE run_id = $1 ORDER BY seq',
    [runId],
  );
  return reader.getRowObjectsJS();
}

async function query(sql: string, params: (string | number)[] = []) {
  return (await t.server.db.connection.runAndReadAll(sql, params)).getRowObjectsJS();
}

/** Samples that exercise every column's edge: quotes, commas, newlines, unicode, nulls, empty lists. */
function awkwardColumns(): SampleColumns {
  const base = sampleColumns(0, 6);
  return {
    ...base,
    scheduledAtMs: [0, 0.1, 1e-7, 123456789.12345679, 5e300, 17],
    sendLagMs: [-0.25, 0, 1, 2, 3, -1e-9],
    ttftMs: [null, 0, 0.30000000000000004, 12.5, null, 99],
    itlMs: [[], [0], [0.1, 0.2, 1e-300], [5, 5, 5], [], [1e6]],
    inputTokens: [0, null, 2147483647, 7, 1, null],
    tokenSource: [null, 'SERVER', 'CLIENT', null, 'CLIENT', 'SERVER'],
    errorKind: [null, 'timeout', 'http_503', null, 'x', null],
    errorMessage: [null, 'said "no", then left', 'line one\nline two, with comma', '', 'ünïcødé ✓ 🚀', null],
  };
}

describe('POST /ingest/samples, text/csv', () => {
  it('stores every column exactly as the JSON path stores the same samples', async () => {
    const viaJson = await startRun(t, agent.token);
    const viaCsv = await startRun(t, agent.token);
    const columns = awkwardColumns();
    const json = await postBulk(t.server.url, agent.token, { runId: viaJson, batchSeq: 0, samples: columns });
    expect(json.status).toBe(200);
    const csv = await postCsv(
      t.server.url,
      agent.token,
      { runId: viaCsv, batchSeq: 0 },
      columnsToCsv(columns),
    );
    expect(csv).toEqual({ status: 200, body: { runId: viaCsv, batchSeq: 0, accepted: 6, duplicate: false } });
    const rows = await storedRows(viaCsv);
    expect(rows).toEqual(await storedRows(viaJson));
    expect(rows[2]).toMatchObject({
      error_message: 'line one\nline two, with comma',
      itl_ms: [0.1, 0.2, 1e-300],
    });
    expect(rows[3]).toMatchObject({ error_message: '' }); // "" is an empty string, an empty cell is null
    expect(rows[0]).toMatchObject({ error_message: null, ttft_ms: null, itl_ms: [] });
    expect(
      await query('SELECT transport, sample_count FROM sample_batches WHERE run_id = $1', [viaCsv]),
    ).toEqual([{ transport: 'bulk-csv', sample_count: 6 }]);
  });

  it('accepts the example of the wire format in server/src/ingest/README.md', async () => {
    const readme = readFileSync(new URL('../src/ingest/README.md', import.meta.url), 'utf8');
    const example = /<<'CSV'\n([\s\S]*?\n)CSV\n/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const runId = await startRun(t, agent.token);
    const res = await postCsv(t.server.url, agent.token, { runId, batchSeq: 0 }, example!);
    expect(res.body).toMatchObject({ accepted: 2, duplicate: false });
    expect((await storedRows(runId))[1]).toMatchObject({
      ttft_ms: null,
      itl_ms: [],
      error_kind: 'timeout',
      error_message: 'no answer in 30 s, gave up',
    });
  });

  it('takes columns in any order, leaves optional ones out, and accepts CRLF line breaks', async () => {
    const viaJson = await startRun(t, agent.token);
    const viaCsv = await startRun(t, agent.token);
    const { seq, warmup, scheduledAtMs, sentAtMs, sendLagMs, queueMs, e2eMs } = sampleColumns(0, 40);
    const columns = { seq, warmup, scheduledAtMs, sentAtMs, sendLagMs, queueMs, e2eMs };
    await postBulk(t.server.url, agent.token, { runId: viaJson, batchSeq: 0, samples: columns });
    const body = columnsToCsv(columns, {
      names: ['e2eMs', 'queueMs', 'seq', 'sendLagMs', 'warmup', 'sentAtMs', 'scheduledAtMs'],
      lineBreak: '\r\n',
    });
    expect((await postCsv(t.server.url, agent.token, { runId: viaCsv, batchSeq: 0 }, body)).status).toBe(200);
    expect(await storedRows(viaCsv)).toEqual(await storedRows(viaJson));
  });

  it('answers a retry as duplicate and stores once; both attempts are audited with the batch', async () => {
    const runId = await startRun(t, agent.token);
    const body = columnsToCsv(sampleColumns(0, 25));
    const first = await postCsv(t.server.url, agent.token, { runId, batchSeq: 3 }, body);
    const retry = await postCsv(t.server.url, agent.token, { runId, batchSeq: 3 }, body);
    expect(first.body).toMatchObject({ accepted: 25, duplicate: false });
    expect(retry.body).toMatchObject({ accepted: 0, duplicate: true });
    expect(await storedRows(runId)).toHaveLength(25);
    const audit = await query(
      `SELECT actor_agent_id, operation, entity_type, outcome, args->>'format' AS format, after->>'duplicate' AS duplicate
       FROM audit_log WHERE entity_id = $1 AND operation = 'ingestSamples' ORDER BY occurred_at`,
      [runId],
    );
    expect(audit).toEqual([
      {
        actor_agent_id: agent.id,
        operation: 'ingestSamples',
        entity_type: 'sample_batch',
        outcome: 'OK',
        format: 'csv',
        duplicate: 'false',
      },
      {
        actor_agent_id: agent.id,
        operation: 'ingestSamples',
        entity_type: 'sample_batch',
        outcome: 'OK',
        format: 'csv',
        duplicate: 'true',
      },
    ]);
  });

  it('audits JSON batches the same way', async () => {
    const runId = await startRun(t, agent.token);
    await postBulk(t.server.url, agent.token, { runId, batchSeq: 0, samples: sampleColumns(0, 4) });
    expect(
      await query(
        `SELECT outcome, args->>'format' AS format, after->>'accepted' AS accepted FROM audit_log WHERE entity_id = $1 AND operation = 'ingestSamples'`,
        [runId],
      ),
    ).toEqual([{ outcome: 'OK', format: 'json', accepted: '4' }]);
  });

  /** A valid 5-sample body whose CSV row `row` (0-based sample) has `column` set to the raw cell `text`. */
  function withCell(column: keyof SampleColumns, row: number, text: string): string {
    const columns = sampleColumns(0, 5);
    const names = Object.keys(columns) as (keyof SampleColumns)[];
    const lines = columnsToCsv(columns).split('\n');
    const cells = lines[row + 1]!.split(',');
    cells[names.indexOf(column)] = text;
    lines[row + 1] = cells.join(',');
    return lines.join('\n');
  }

  it('checks every rule of the JSON path, naming the column and the first bad sample, storing nothing', async () => {
    const runId = await startRun(t, agent.token);
    const cases: [string, string, RegExp][] = [
      [withCell('seq', 3, '-1'), 'samples.seq.3', /integer 0-2147483647/],
      [withCell('seq', 2, '1.5'), 'samples.seq.2', /integer/],
      [withCell('seq', 2, '3000000000'), 'samples.seq.2', /integer/],
      [withCell('seq', 4, ''), 'samples.seq.4', /integer/],
      [withCell('warmup', 1, 'maybe'), 'samples.warmup.1', /true or false.*got "maybe".*CSV row 3/],
      [withCell('warmup', 1, ''), 'samples.warmup.1', /true or false/],
      [withCell('scheduledAtMs', 0, '-1'), 'samples.scheduledAtMs.0', />= 0 \(milliseconds\)/],
      [withCell('sentAtMs', 2, 'inf'), 'samples.sentAtMs.2', />= 0/],
      [withCell('sendLagMs', 2, 'nan'), 'samples.sendLagMs.2', /finite number/],
      [withCell('sendLagMs', 2, ''), 'samples.sendLagMs.2', /finite number/],
      [withCell('queueMs', 1, '-0.5'), 'samples.queueMs.1', />= 0/],
      [withCell('ttftMs', 1, '-5'), 'samples.ttftMs.1', />= 0 \(milliseconds\) \(CSV row 3/],
      [withCell('e2eMs', 4, 'abc'), 'samples.e2eMs.4', />= 0.*got "abc"/],
      [withCell('tpotMs', 0, '-inf'), 'samples.tpotMs.0', />= 0/],
      [withCell('itlMs', 1, '4 -2 5'), 'samples.itlMs.1', /gaps in milliseconds >= 0/],
      [withCell('itlMs', 1, '4 x 5'), 'samples.itlMs.1', /separated by single spaces/],
      [withCell('itlMs', 1, '4  5'), 'samples.itlMs.1', /separated by single spaces/],
      [withCell('itlMs', 1, '4 nan'), 'samples.itlMs.1', /gaps/],
      [
        withCell('itlMs', 1, Array.from({ length: 100_001 }, () => '1').join(' ')),
        'samples.itlMs.1',
        /at most 100000/,
      ],
      [withCell('inputTokens', 2, '2.5'), 'samples.inputTokens.2', /integer/],
      [withCell('outputTokens', 2, '-1'), 'samples.outputTokens.2', /integer/],
      [withCell('outputTokensServer', 2, '2147483648'), 'samples.outputTokensServer.2', /integer/],
      [withCell('outputTokensClient', 2, 'x'), 'samples.outputTokensClient.2', /integer/],
      [withCell('tokenSource', 3, 'BOTH'), 'samples.tokenSource.3', /"SERVER", "CLIENT"/],
      [withCell('errorKind', 0, `"x'; DROP TABLE samples;--"`), 'samples.errorKind.0', /\[a-z0-9_\]/],
      [withCell('errorKind', 0, '""'), 'samples.errorKind.0', /\[a-z0-9_\]/],
      [withCell('errorMessage', 0, 'x'.repeat(4001)), 'samples.errorMessage.0', /at most 4000/],
      // Two bad rows: the first one is named, whatever the column order.
      [withCell('ttftMs', 4, '-1').replace('\n2,', '\n2,maybe'), 'samples.warmup.2', /true or false/],
      [
        columnsToCsv({ ...sampleColumns(0, 3), seq: [4, 5, 4] }),
        'samples.seq.2',
        /appears twice in this batch/,
      ],
      [columnsToCsv({ ...sampleColumns(0, 2), bogus: [1, 2] } as never), 'samples.bogus', /unknown column/],
      ['seq,warmup\n0,true\n', 'samples.scheduledAtMs', /is required: add it to the header/],
      ['seq,seq\n', 'samples.seq', /twice in the header/],
      ['', 'body', /header row/],
      [
        columnsToCsv(sampleColumns(0, MAX_BULK_SAMPLES + 1)),
        'samples.seq',
        /at most 50000 per batch: split it/,
      ],
    ];
    for (const [body, field, message] of cases) {
      const res = await postCsv(t.server.url, agent.token, { runId, batchSeq: 1 }, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.body.error?.message, field).toMatch(message);
    }
    expect(await storedRows(runId)).toEqual([]);
    expect(await query('SELECT * FROM sample_batches WHERE run_id = $1', [runId])).toEqual([]);
    // A seq stored by an earlier batch: the whole new batch is refused, the clash named.
    await postCsv(t.server.url, agent.token, { runId, batchSeq: 1 }, columnsToCsv(sampleColumns(0, 5)));
    const clash = await postCsv(
      t.server.url,
      agent.token,
      { runId, batchSeq: 2 },
      columnsToCsv(sampleColumns(3, 5)),
    );
    expect(clash.status).toBe(400);
    expect(clash.body.error).toMatchObject({ field: 'samples.seq.0' });
    expect(clash.body.error?.message).toMatch(/already stored for this run/);
    expect(await storedRows(runId)).toHaveLength(5);
    const refusals = await query(
      `SELECT count(*)::INTEGER AS n FROM audit_log WHERE entity_id = $1 AND outcome = 'BAD_USER_INPUT'`,
      [runId],
    );
    expect(refusals).toEqual([{ n: cases.length + 1 }]);
  });

  it('answers malformed CSV and a bad target with 400 and a clear message, storing nothing', async () => {
    const runId = await startRun(t, agent.token);
    const good = columnsToCsv(sampleColumns(0, 4));
    const lines = good.split('\n');
    const cases: [{ runId?: string; batchSeq?: number | string }, string, string, RegExp][] = [
      [
        { runId, batchSeq: 0 },
        [...lines.slice(0, 3), `${lines[3]},7`, lines[4]].join('\n'),
        'body',
        /row 4.*Expected Number of Columns: 17 Found: 18/,
      ],
      // A rule fails in the first 2,048-row chunk, a malformed row lies in a later one: the
      // re-read that looks for the bad rule row meets the malformed one, which is then named.
      [
        { runId, batchSeq: 0 },
        columnsToCsv({ ...sampleColumns(0, 3000), ttftMs: [5, -1, ...new Array(2998).fill(5)] }) +
          '9,false,1\n',
        'body',
        /row 3002.*Expected Number of Columns: 17 Found: 3/,
      ],
      [
        { runId, batchSeq: 0 },
        [...lines.slice(0, 2), lines[2]!.replace(/,[^,]*$/, '')].join('\n'),
        'body',
        /row 3.*Expected Number of Columns: 17 Found: 16/,
      ],
      [
        { runId, batchSeq: 0 },
        `${good}5,false,0,0,0,0,1,1,1,,1,1,1,1,SERVER,x,"unterminated\n`,
        'body',
        /row 6.*unterminated quote/,
      ],
      [
        { runId, batchSeq: 0 },
        `${good}5,false,0,0,0,0,1,1,1,,1,1,1,1,SERVER,x,"a"b\n`,
        'body',
        /malformed CSV/,
      ],
      [{ batchSeq: 0 }, good, 'runId', /\?runId=/],
      [{ runId }, good, 'batchSeq', /integer 0-2000000000/],
      [{ runId, batchSeq: '-1' }, good, 'batchSeq', /integer/],
      [{ runId, batchSeq: '1.5' }, good, 'batchSeq', /integer/],
    ];
    for (const [target, body, field, message] of cases) {
      const res = await postCsv(t.server.url, agent.token, target, body);
      expect(res.status, message.source).toBe(400);
      expect(res.body.error, message.source).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.body.error?.message, message.source).toMatch(message);
    }
    const plain = await postCsv(t.server.url, agent.token, { runId, batchSeq: 0 }, good, 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.body.error?.message).toMatch(/text\/csv/);
    expect(await storedRows(runId)).toEqual([]);
  });

  it('lets only the owning agent write: 401 without a token, 403 for others, 404 for unknown runs', async () => {
    const runId = await startRun(t, agent.token);
    const body = columnsToCsv(sampleColumns(0, 3));
    expect((await postCsv(t.server.url, null, { runId, batchSeq: 0 }, body)).status).toBe(401);
    expect((await postCsv(t.server.url, 'ys_not-a-real-token', { runId, batchSeq: 0 }, body)).status).toBe(
      401,
    );
    const others = await postCsv(t.server.url, other.token, { runId, batchSeq: 0 }, body);
    expect(others).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await postCsv(t.server.url, t.adminToken, { runId, batchSeq: 0 }, body)).status).toBe(403);
    expect(
      (await postCsv(t.server.url, agent.token, { runId: 'no-such-run', batchSeq: 0 }, body)).status,
    ).toBe(404);
    expect(await storedRows(runId)).toEqual([]);
    expect(
      await query(
        `SELECT actor_role, actor_agent_id, outcome FROM audit_log
         WHERE entity_id = $1 AND operation = 'ingestSamples' ORDER BY occurred_at`,
        [runId],
      ),
    ).toEqual([
      { actor_role: 'AGENT', actor_agent_id: other.id, outcome: 'FORBIDDEN' },
      { actor_role: 'ADMIN', actor_agent_id: null, outcome: 'FORBIDDEN' },
    ]);
  });

  it('answers 413 past the body limit without reading it', async () => {
    const runId = await startRun(t, agent.token);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${t.server.url}/ingest/samples?runId=${runId}&batchSeq=0`);
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          authorization: `Bearer ${agent.token}`,
          'content-length': String(65 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('seq,warmup\n');
    });
    expect(status).toBe(413);
  });

  it('leaves no temp file behind, also when a client hangs up mid-body', async () => {
    const runId = await startRun(t, agent.token);
    await new Promise<void>((resolve) => {
      const url = new URL(`${t.server.url}/ingest/samples?runId=${runId}&batchSeq=9`);
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          authorization: `Bearer ${agent.token}`,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => resolve());
      req.write(columnsToCsv(sampleColumns(0, 100)), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(await storedRows(runId)).toEqual([]);
    // Every earlier test of this file sent CSV bodies (stored, duplicate, refused, malformed).
    const dir = ingestTempDir();
    expect((existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.startsWith(ingestTempPrefix()))).toEqual(
      [],
    );
  });
});
