import { readFileSync } from 'node:fs';

/** One request of a timed trace: when it arrived (ms after the trace's first request) and its lengths. */
export interface TraceRecord {
  offsetMs: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** A trace file that failed to parse; each issue is "file:line: field: problem". */
export class TraceFileError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid trace file\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'TraceFileError';
  }
}

const pick = (row: Record<string, unknown>, names: string[]): [string, unknown] | undefined => {
  for (const name of names) if (row[name] !== undefined) return [name, row[name]];
  return undefined;
};

/**
 * Reads a JSONL trace: one JSON object per line with a timestamp and optional token lengths.
 * Accepted keys: `timestamp_ms` or `timestamp` (milliseconds, as Mooncake's traces),
 * `input_tokens` or `input_length`, `output_tokens` or `output_length`. Blank lines are skipped.
 * Offsets are relative to the first record; timestamps must not decrease.
 * Example line: {"timestamp_ms": 1250, "input_tokens": 812, "output_tokens": 96}
 * @throws TraceFileError listing up to 20 bad lines as "file:line: field: problem".
 */
export function readTraceFile(file: string): TraceRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TraceFileError([
      `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`,
    ]);
  }
  const records: TraceRecord[] = [];
  const issues: string[] = [];
  let first: number | undefined;
  let previous = -Infinity;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && issues.length < 20; i += 1) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      issues.push(`${where}: not valid JSON`);
      continue;
    }
    const ts = pick(row, ['timestamp_ms', 'timestamp']);
    if (!ts || typeof ts[1] !== 'number' || !Number.isFinite(ts[1]) || ts[1] < 0) {
      issues.push(`${where}: timestamp_ms: expected a number of milliseconds >= 0`);
      continue;
    }
    if (ts[1] < previous) {
      issues.push(
        `${where}: ${ts[0]}: timestamps must not decrease (${ts[1]} after ${previous}); sort the file`,
      );
      continue;
    }
    previous = ts[1];
    first ??= ts[1];
    const record: TraceRecord = { offsetMs: ts[1] - first };
    for (const [key, names] of [
      ['inputTokens', ['input_tokens', 'input_length']],
      ['outputTokens', ['output_tokens', 'output_length']],
    ] as const) {
      const value = pick(row, [...names]);
      if (value === undefined) continue;
      if (typeof value[1] !== 'number' || !Number.isInteger(value[1]) || value[1] < 1) {
        issues.push(`${where}: ${value[0]}: expected a whole number of tokens >= 1`);
      } else {
        record[key] = value[1];
      }
    }
    records.push(record);
  }
  if (issues.length > 0) throw new TraceFileError(issues);
  if (records.length === 0) throw new TraceFileError([`${file}: holds no records`]);
  return records;
}
