import { badInput } from '../graphql/errors';

/** Position of a run in the newest-first order. */
export interface RunCursor {
  startedAt: Date;
  id: string;
}

/** Opaque cursor: base64url of `<started_at ISO>|<id>`. */
export function encodeCursor(cursor: RunCursor): string {
  return Buffer.from(`${cursor.startedAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from encodeCursor; a malformed one is a BAD_USER_INPUT error on `path`. */
export function decodeCursor(text: string, path: string): RunCursor {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  const startedAt = new Date(decoded.slice(0, bar));
  const id = decoded.slice(bar + 1);
  if (bar < 0 || Number.isNaN(startedAt.getTime()) || id.length === 0) {
    throw badInput(path, 'is not a cursor returned by runs (use pageInfo.endCursor)');
  }
  return { startedAt, id };
}
