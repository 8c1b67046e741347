import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import path from 'node:path';
import type { FinishRunInput, StartRunInput } from '../graphql/agent-operations';
import type { SampleInput } from '../run/sample.types';
import { toColumns, type SampleColumns } from './sample-columns';

/**
 * The result spool: one JSONL file per run (`<clientRunId>.jsonl`), one line per operation, appended
 * BEFORE the operation is sent. Acknowledgements are appended too, so a replay skips what the server
 * already has (the server is idempotent anyway; the acks just save work).
 *
 * Sample batches are written as `sampleBatch` lines (columnar, the body of POST /ingest/samples).
 * Spools written before that hold `appendSamples` lines (one object per sample); both are read, and
 * the ack of either kind of batch is `{ op: 'ack', of: 'appendSamples', batchSeq }`.
 */
export type SpoolLine =
  | { op: 'startRun'; input: StartRunInput; pid: number; host: string }
  | { op: 'sampleBatch'; batchSeq: number; columns: SampleColumns }
  /** Older spools (rows); still read. */
  | { op: 'appendSamples'; batchSeq: number; samples: SampleInput[] }
  | { op: 'finishRun'; input: Omit<FinishRunInput, 'runId'> }
  | { op: 'ack'; of: 'startRun'; runId: string }
  | { op: 'ack'; of: 'appendSamples'; batchSeq: number }
  | { op: 'ack'; of: 'finishRun' };

/** Default spool folder: ~/.yardstick/spool. */
export function defaultSpoolDir(): string {
  return path.join(homedir(), '.yardstick', 'spool');
}

/** Appends lines to one run's spool file. */
export class SpoolWriter {
  readonly file: string;

  constructor(dir: string, clientRunId: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${clientRunId}.jsonl`);
  }

  /** Writes the startRun line, with this process's pid so a replay can tell a live run from a dead one. */
  startRun(input: StartRunInput): void {
    this.append({ op: 'startRun', input, pid: process.pid, host: hostname() });
  }

  append(line: SpoolLine): void {
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

/** One spool file read back. */
export interface SpoolContents {
  file: string;
  start?: Extract<SpoolLine, { op: 'startRun' }>;
  /** Sample batches by batchSeq, columnar whatever line kind they were written as. */
  batches: Map<number, SampleColumns>;
  finish?: Omit<FinishRunInput, 'runId'>;
  ackedRunId?: string;
  ackedBatches: Set<number>;
  /** Lines that could not be parsed (a torn last line after a crash is expected and skipped). */
  badLines: number;
}

/** Parses a spool file. */
export function readSpool(file: string): SpoolContents {
  const contents: SpoolContents = { file, batches: new Map(), ackedBatches: new Set(), badLines: 0 };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    let line: SpoolLine;
    try {
      line = JSON.parse(raw) as SpoolLine;
    } catch {
      contents.badLines += 1;
      continue;
    }
    if (line.op === 'startRun') contents.start = line;
    else if (line.op === 'sampleBatch') contents.batches.set(line.batchSeq, line.columns);
    else if (line.op === 'appendSamples') contents.batches.set(line.batchSeq, toColumns(line.samples));
    else if (line.op === 'finishRun') contents.finish = line.input;
    else if (line.of === 'startRun') contents.ackedRunId = line.runId;
    else if (line.of === 'appendSamples') contents.ackedBatches.add(line.batchSeq);
  }
  return contents;
}

/** Spool files in `dir`, oldest first (replay order). */
export function listSpoolFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => path.join(dir, n))
    .map((file) => ({ file, mtimeMs: statSync(file).mtimeMs }))
    .sort((a, b) => a.mtimeMs - b.mtimeMs)
    .map((f) => f.file);
}
