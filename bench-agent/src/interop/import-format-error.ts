/**
 * A result file that is not what its importer expects. The message is one line: the file, the place
 * in it (line/column, JSON path, record number) and what was expected — the CLI prints it without a
 * stack trace (`--debug` shows one).
 */
export class ImportFormatError extends Error {
  constructor(
    readonly file: string,
    readonly place: string,
    readonly expected: string,
  ) {
    super(`${file}${place ? `: ${place}` : ''}: ${expected}`);
    this.name = 'ImportFormatError';
  }
}

/**
 * JSON as Python's `json.dump` writes it: `Infinity`, `-Infinity` and `NaN` outside strings are read as
 * ±Infinity and null (vLLM writes `"burstiness": Infinity` for `--burstiness inf`). A syntax error
 * becomes an ImportFormatError naming the line and column (counted from `firstLine`).
 */
export function parsePythonJson(text: string, file: string, firstLine = 1): unknown {
  try {
    return JSON.parse(replaceNonFinite(text)) as unknown;
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const where = pos ? lineColumn(text, Number(pos[1])) : undefined;
    const place = where ? `line ${where.line + firstLine - 1}, column ${where.column}` : `line ${firstLine}`;
    throw new ImportFormatError(file, place, `expected JSON (${firstSentence((err as Error).message)})`);
  }
}

/** Replaces the bare tokens Infinity / -Infinity / NaN outside strings by values JSON.parse accepts. */
function replaceNonFinite(text: string): string {
  if (!/Infinity|NaN/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (text.startsWith('Infinity', i)) {
      out += '1e999'; // JSON.parse reads 1e999 as Infinity
      i += 7;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
    } else out += c;
  }
  return out;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const firstSentence = (message: string) => message.split('\n')[0]!.replace(/ in JSON at position \d+.*/, '');
