import { createHash, randomBytes } from 'node:crypto';

/** Prefix of every Yardstick bearer token. */
export const TOKEN_PREFIX = 'ys_';

/** A new random bearer token: `ys_` + 32 random bytes in base64url (43 chars). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 of the token, lower-case hex: the only form a token is stored in. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The token in an `Authorization: Bearer ys_...` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
