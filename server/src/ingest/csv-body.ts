import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Largest CSV body accepted (the JSON path's 64 MB; a 50,000-sample batch is ~7 MB of CSV). */
export const CSV_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** The header row must end within this many bytes. */
const MAX_HEADER_BYTES = 4096;

/** The body went past CSV_BODY_LIMIT_BYTES (answered 413). */
export class BodyTooLargeError extends Error {}

/** Where CSV bodies wait for DuckDB (one folder for every server process on the machine). */
export function ingestTempDir(): string {
  return join(tmpdir(), 'yardstick-ingest');
}

/**
 * The name prefix of this process's files there, so a test (or an operator) can check that none
 * is left behind: every file is removed when its request ends.
 */
export function ingestTempPrefix(): string {
  return `${process.pid}-`;
}

/** A CSV body on disk; `remove()` must be called whatever happens (idempotent). */
export interface CsvUpload {
  path: string;
  bytes: number;
  /** The first line (the header row), without its line break. */
  headerLine: string;
  remove(): Promise<void>;
}

/**
 * Streams a request body to a temp file (DuckDB's read_csv reads files, and a file costs one
 * write of the bytes; no JS string of the body is ever built), keeping the first line aside.
 * Throws BodyTooLargeError past `limitBytes` (after reading the rest); the file is removed on any failure.
 */
export async function receiveCsvBody(body: Readable, limitBytes = CSV_BODY_LIMIT_BYTES): Promise<CsvUpload> {
  const dir = ingestTempDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${ingestTempPrefix()}${randomUUID()}.csv`);
  const remove = () => rm(path, { force: true });
  let bytes = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  let headDone = false;
  // Past the limit the rest is read and dropped, not written: failing the pipeline instead would
  // destroy the socket, and the client would see a reset rather than the 413 answer.
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limitBytes) return callback();
      if (!headDone) {
        const newline = chunk.indexOf(10);
        const part = newline >= 0 ? chunk.subarray(0, newline) : chunk;
        head.push(part.subarray(0, Math.max(0, MAX_HEADER_BYTES - headBytes)));
        headBytes += part.length;
        headDone = newline >= 0 || headBytes >= MAX_HEADER_BYTES;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(path));
    if (bytes > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, bytes, headerLine: Buffer.concat(head).toString('utf8'), remove };
}
