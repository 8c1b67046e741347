import { readFileSync } from 'node:fs';

/** One prompt of a replay dataset, with the answer length to request when the file gives one. */
export interface DatasetEntry {
  prompt: string;
  outputTokens?: number;
}

/** A dataset file that failed to load; each issue is "request.dataset.file: file:line: field: problem". */
export class DatasetFileError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid dataset\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'DatasetFileError';
  }
}

/**
 * Reads a JSONL prompt dataset: one `{"prompt": "...", "output_tokens": 128}` object per line
 * (`output_tokens` optional; `text` is accepted for `prompt`). Blank lines are skipped.
 * @throws DatasetFileError naming file:line and the field for up to 20 bad lines, or an empty file.
 */
export function readDatasetFile(file: string): DatasetEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DatasetFileError([
      `request.dataset.file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`,
    ]);
  }
  const entries: DatasetEntry[] = [];
  const issues: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && issues.length < 20; i += 1) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let row: { prompt?: unknown; text?: unknown; output_tokens?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      issues.push(`${where}: not valid JSON`);
      continue;
    }
    const prompt = row.prompt ?? row.text;
    if (typeof prompt !== 'string' || prompt === '') {
      issues.push(`${where}: prompt: expected a non-empty string`);
      continue;
    }
    const out = row.output_tokens;
    if (out !== undefined && (typeof out !== 'number' || !Number.isInteger(out) || out < 1)) {
      issues.push(`${where}: output_tokens: expected a whole number >= 1`);
      continue;
    }
    entries.push({ prompt, outputTokens: out as number | undefined });
  }
  if (issues.length > 0) throw new DatasetFileError(issues.map((i) => `request.dataset.file: ${i}`));
  if (entries.length === 0) throw new DatasetFileError([`request.dataset.file: ${file} holds no prompts`]);
  return entries;
}
