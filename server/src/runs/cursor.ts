import { badInput } from '../graphql/errors';

/**
 * Position of a run in a sorted listing: the sort field, that field's value on the run (ISO
 * text for dates), and the run id (the tie-break).
 */
export interface RunCursor {
  field: string;
  key: string;
  id: string;
}

/** Opaque cursor: base64url of JSON `[field, key, id]`. */
export function encodeCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.field, cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from encodeCursor made under sort field `field`; a malformed one, or one made
 * for another sort order, is a BAD_USER_INPUT error on `path`.
 */
export function decodeCursor(text: string, path: string, field: string): RunCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((part) => typeof part === 'string') ||
    (parsed[2] as string).length === 0
  ) {
    throw badInput(path, 'is not a cursor returned by runs (use pageInfo.endCursor)');
  }
  const [cursorField, key, id] = parsed as [string, string, string];
  if (cursorField !== field) {
    throw badInput(path, `was made for orderBy ${cursorField}, not ${field}: start again without "after"`);
  }
  return { field, key, id };
}
