/**
 * CSV is only a wire format: a batch sent as `text/csv` must be stored exactly as the same batch sent
 * as columnar JSON (every column, including text with commas, quotes and line breaks, nulls, warm-up
 * flags, ITL lists and empty ITL lists), and an agent talking to a server without CSV (415) must fall
 * back to JSON once and deliver everything. The server is the real `yardstick-server` process; rows
 * are read back from its DuckDB file.
 */
import { summarizeSamples } from '../src/metrics/run-summary';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { StartRunDocument } from '../src/graphql/agent-operations';
import type { SampleInput } from '../src/run/sample.types';
import { GraphqlClient } from '../src/upload/graphql.client';
import { IngestRejectedError, postSampleBatch } from '../src/upload/ingest.client';
import { toColumns } from '../src/upload/sample-columns';
import { SampleBatchSender } from '../src/upload/sample-batch.sender';
import { CSV_HEADER, sampleToCsvRow, samplesToCsv } from '../src/upload/sample-csv';
import {
  CSV_MIN_BATCH_SIZE,
  MAX_UPLOAD_BATCH_SIZE,
  RunUploader,
  UPLOAD_BATCH_BYTES,
  UPLOAD_BATCH_SIZE,
  uploadFormatFor,
} from '../src/upload/run.uploader';
import { readStoredSamples, startRealServer, type RealServer } from './helpers/real-server';
import { HARDWARE_FIXTURE, runConfigFixture } from './helpers/scenario.fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(): Promise<{ dir: string; server: RealServer; client: GraphqlClient }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-csv-upload-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const server = await startRealServer(path.join(dir, 'store.duckdb'));
  cleanups.push(server.stop);
  const client = new GraphqlClient(server.url, server.agentToken);
  cleanups.push(() => client.close());
  return { dir, server, client };
}

async function startRun(client: GraphqlClient, name: string): Promise<string> {
  const data = await client.request(StartRunDocument, {
    input: {
      clientRunId: randomUUID(),
      scenario: name,
      targetUrl: 'http://127.0.0.1:1',
      targetEngine: 'vllm',
      model: 'csv-model',
      quantization: 'fp16',
      engineBackend: null,
      config: runConfigFixture(),
      hardware: HARDWARE_FIXTURE,
      startedAt: new Date().toISOString(),
    },
  });
  return data.startRun.id;
}

const base = (seq: number): SampleInput => ({
  seq,
  warmup: false,
  scheduledAtMs: seq * 10,
  sentAtMs: seq * 10 + 0.5,
  sendLagMs: 0.5,
  queueMs: 0,
  ttftMs: 20,
  e2eMs: 80,
  tpotMs: 8,
  itlMs: [8, 8.5],
  inputTokens: 16,
  outputTokens: 8,
  outputTokensServer: 8,
  outputTokensClient: 8,
  tokenSource: 'SERVER',
  errorKind: null,
  errorMessage: null,
});

/** Samples chosen to break a careless CSV writer, each with a note saying what it exercises. */
const TRICKY: SampleInput[] = [
  { ...base(0), warmup: true, itlMs: [0.1 + 0.2, 1e-7, 123456.789, 0] },
  { ...base(1), warmup: true, itlMs: [] }, // no gaps: empty cell, stored as []
  {
    ...base(2),
    // comma, quote, LF, CRLF and non-ASCII in one text cell
    errorKind: 'http_status',
    errorMessage: 'HTTP 500: {"error": "boom, again"}\nline 2\r\nline "3" ✓',
    ttftMs: null,
    tpotMs: null,
    itlMs: [],
    outputTokens: null,
    outputTokensServer: null,
    outputTokensClient: null,
    tokenSource: null,
  },
  { ...base(3), errorKind: 'timeout', errorMessage: '' }, // an empty string is not null
  { ...base(4), errorKind: 'stream_broken', errorMessage: '  padded, with spaces  ' },
  {
    ...base(5),
    sendLagMs: -0.25, // the one column that may be negative
    scheduledAtMs: 1 / 3,
    sentAtMs: 2 ** 40 + 0.5,
    ttftMs: 0,
    e2eMs: null,
    inputTokens: null,
    tokenSource: 'CLIENT',
    itlMs: Array.from({ length: 300 }, (_, i) => i * 0.37),
  },
  { ...base(6), errorMessage: 'single "quote' }, // an unbalanced quote inside a quoted cell
];

interface StoredRow {
  [column: string]: unknown;
}

/** Every column of every sample of `runId`, in seq order, plus the batches' transports. */
async function readRows(dbFile: string, runId: string): Promise<StoredRow[]> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      'SELECT * EXCLUDE (run_id) FROM samples WHERE run_id = $id ORDER BY seq',
      { id: runId },
    );
    return reader.getRowObjectsJS() as StoredRow[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The row the server should hold for a sample (snake_case columns, no ITL gaps = []). */
function expectedRow(s: SampleInput): StoredRow {
  return Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

describe('CSV upload stores exactly what JSON stores', () => {
  it('every column round-trips identically through text/csv and columnar JSON', async () => {
    const { server, client } = await setup();
    const columns = toColumns(TRICKY);
    const csvRun = await startRun(client, 'csv');
    const jsonRun = await startRun(client, 'json');
    const viaCsv = await postSampleBatch(client, csvRun, 0, columns, 'csv');
    const viaJson = await postSampleBatch(client, jsonRun, 0, columns, 'json');
    expect(viaCsv).toMatchObject({ accepted: TRICKY.length, duplicate: false });
    expect(viaJson).toMatchObject({ accepted: TRICKY.length, duplicate: false });
    // A retried CSV batch is recognised as the same batch.
    expect(await postSampleBatch(client, csvRun, 0, columns, 'csv')).toMatchObject({
      accepted: 0,
      duplicate: true,
    });
    await server.stop();

    const csvRows = await readRows(server.dbFile, csvRun);
    const jsonRows = await readRows(server.dbFile, jsonRun);
    // Compare sample by sample first, so a failure names the sample.
    for (let i = 0; i < TRICKY.length; i += 1) {
      expect(csvRows[i], `sample ${i} via CSV`).toEqual(expectedRow(TRICKY[i]!));
      expect(csvRows[i], `sample ${i}: CSV vs JSON`).toEqual(jsonRows[i]);
    }
    expect(csvRows).toHaveLength(TRICKY.length);
    expect((await readStoredSamples(server.dbFile, csvRun)).transports).toEqual(['bulk-csv']);
    expect((await readStoredSamples(server.dbFile, jsonRun)).transports).toEqual(['bulk']);
  }, 120_000);

  it('sends batches of CSV_MIN_BATCH_SIZE and more as CSV, smaller ones as JSON', () => {
    expect(uploadFormatFor(UPLOAD_BATCH_SIZE)).toBe('json');
    expect(uploadFormatFor(CSV_MIN_BATCH_SIZE - 1)).toBe('json');
    expect(uploadFormatFor(CSV_MIN_BATCH_SIZE)).toBe('csv');
    expect(uploadFormatFor(MAX_UPLOAD_BATCH_SIZE)).toBe('csv');
  });

  it('writes the documented wire format', () => {
    const csv = samplesToCsv(toColumns([TRICKY[2]!, TRICKY[3]!, { ...TRICKY[0]!, ttftMs: Number.NaN }]));
    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'seq,warmup,scheduledAtMs,sentAtMs,sendLagMs,queueMs,ttftMs,e2eMs,tpotMs,itlMs,inputTokens,' +
        'outputTokens,outputTokensServer,outputTokensClient,tokenSource,errorKind,errorMessage',
    );
    // Quoted text keeps its line breaks: the first data row spans three physical lines.
    expect(lines[1]).toBe(
      '2,false,20,20.5,0.5,0,,80,,,16,,,,,http_status,"HTTP 500: {""error"": ""boom, again""}',
    );
    expect(lines[2]).toBe('line 2\r');
    expect(lines[3]).toBe('line ""3"" ✓"');
    expect(lines[4]).toBe('3,false,30,30.5,0.5,0,20,80,8,8 8.5,16,8,8,8,SERVER,timeout,""');
    // A non-finite number is null, as JSON.stringify would send it.
    expect(lines[5]).toBe('0,true,0,0.5,0.5,0,,80,8,0.30000000000000004 1e-7 123456.789 0,16,8,8,8,SERVER,,');
    expect(lines[6]).toBe('');
  });

  it('the live uploader (row by row) writes the same body as a batch encoded from its columns', () => {
    expect(CSV_HEADER + TRICKY.map(sampleToCsvRow).join('')).toBe(samplesToCsv(toColumns(TRICKY)));
  });

  it('long ITL lists flush a batch before the byte cap, below the batch size', async () => {
    const { dir, server, client } = await setup();
    // 100,000 gaps are ~600 KB of CSV per sample by the uploader's estimate: 14 reach the 8 MB cap.
    const gaps = Array.from({ length: 100_000 }, () => 7.25);
    const uploader = new RunUploader(
      client,
      path.join(dir, 'spool'),
      {
        clientRunId: randomUUID(),
        scenario: 'long-itl',
        targetUrl: 'http://127.0.0.1:1',
        targetEngine: 'vllm',
        model: 'csv-model',
        quantization: 'fp16',
        engineBackend: null,
        config: runConfigFixture(),
        hardware: HARDWARE_FIXTURE,
        startedAt: new Date().toISOString(),
      },
      undefined,
      CSV_MIN_BATCH_SIZE, // large batches go as CSV
    );
    await uploader.start();
    for (let seq = 0; seq < 30; seq += 1) uploader.add({ ...base(seq), itlMs: gaps });
    const up = await uploader.finish('COMPLETED', summarizeSamples([]));
    expect(up.delivered).toBe(true);
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, up.runId!);
    expect(stored.samples).toHaveLength(30);
    const perBatch = Math.ceil(UPLOAD_BATCH_BYTES / (130 + 6 * gaps.length));
    expect(perBatch).toBeLessThan(30);
    expect(stored.batches).toEqual(
      Array.from({ length: Math.ceil(30 / perBatch) }, (_, batchSeq) => ({
        batchSeq,
        transport: 'bulk-csv',
      })),
    );
  }, 120_000);

  it('a bad CSV value is refused as a rejection naming the column, not retried', async () => {
    const { client } = await setup();
    const runId = await startRun(client, 'bad');
    const columns = toColumns([base(0), { ...base(1), ttftMs: -1 }]);
    const err = await postSampleBatch(client, runId, 0, columns, 'csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestRejectedError);
    expect((err as Error).message).toContain('samples.ttftMs.1');
  }, 120_000);
});

/**
 * A real proxy in front of the real server that answers `text/csv` batches like a server from before
 * CSV ingest (415) and forwards everything else unchanged.
 */
async function noCsvProxy(upstream: string): Promise<{ url: string; csvTries: () => number }> {
  let csvTries = 0;
  const proxy = http.createServer((req, res) => {
    if (req.url?.startsWith('/ingest/samples') && req.headers['content-type']?.startsWith('text/csv')) {
      csvTries += 1;
      req.resume();
      res.writeHead(415, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', field: 'body', message: 'send JSON' } }),
      );
    }
    const forward = http.request(
      `${upstream}${req.url}`,
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, csvTries: () => csvTries };
}

describe('a server without CSV ingest', () => {
  it('answers 415 once, then every later batch goes as JSON', async () => {
    const { server } = await setup();
    const proxy = await noCsvProxy(server.url);
    const client = new GraphqlClient(proxy.url, server.agentToken);
    cleanups.push(async () => client.close());
    const log: string[] = [];
    const sender = new SampleBatchSender(client, (l) => log.push(l), 'csv');
    expect(sender.transport).toBe('bulk-csv');
    const runId = await startRun(client, 'no-csv');
    for (let batchSeq = 0; batchSeq < 3; batchSeq += 1) {
      const seqs = [0, 1, 2, 3].map((k) => batchSeq * 4 + k);
      await sender.send(runId, batchSeq, toColumns(seqs.map((seq) => base(seq))));
    }
    expect(sender.transport).toBe('bulk');
    expect(proxy.csvTries()).toBe(1);
    expect(log.filter((l) => /HTTP 415.*without CSV ingest.*as JSON/.test(l))).toHaveLength(1);
    await server.stop();
    const stored = await readStoredSamples(server.dbFile, runId);
    expect(stored.samples.map((s) => s.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // All three batches stored as JSON (the first one after its CSV try).
    expect(stored.batches).toEqual([0, 1, 2].map((batchSeq) => ({ batchSeq, transport: 'bulk' })));
  }, 120_000);
});
