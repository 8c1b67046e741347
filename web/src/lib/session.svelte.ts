import { MeDocument, type Role } from '@yardstick/schema/generated/web';
import { TOKEN_STORAGE_KEY, readStoredToken, request } from './graphql/client';

/**
 * Who is signed in, as reactive state shared by every page. The bearer token lives in localStorage
 * (`yardstick.token`); `me` tells the role. Pages ask `canEdit` before offering a change.
 */
interface SessionState {
  token: string | null;
  role: Role | null;
  name: string | null;
  /** 'idle' before the first check, then 'checking', 'ok' or 'error'. */
  status: 'idle' | 'checking' | 'ok' | 'error';
  error: string | null;
}

export const session = $state<SessionState>({
  token: readStoredToken(),
  role: null,
  name: null,
  status: 'idle',
  error: null,
});

/** Roles that may change catalogue data (link a run to a hardware profile, edit assumptions). */
const EDITOR_ROLES: readonly Role[] = ['ADMIN', 'ANALYST'];

/** True when the signed-in role may edit; false for VIEWER, AGENT and anonymous visitors. */
export function canEdit(): boolean {
  return session.role !== null && EDITOR_ROLES.includes(session.role);
}

/** Asks the server who the stored token belongs to. */
export async function refreshSession(): Promise<void> {
  session.token = readStoredToken();
  session.status = 'checking';
  try {
    const { me } = await request(MeDocument, {});
    session.role = me.role;
    session.name = me.name;
    session.status = 'ok';
    session.error = null;
  } catch (err) {
    session.role = null;
    session.name = null;
    session.status = 'error';
    session.error = err instanceof Error ? err.message : String(err);
  }
}

/** Stores the token and checks it; resolves to the error message, or null when it works. */
export async function signIn(token: string): Promise<string | null> {
  const trimmed = token.trim();
  if (trimmed === '') return 'Paste a token (it starts with "ys_").';
  localStorage.setItem(TOKEN_STORAGE_KEY, trimmed);
  await refreshSession();
  if (session.status !== 'ok') {
    const reason = session.error;
    localStorage.removeItem(TOKEN_STORAGE_KEY);
    session.token = null;
    return reason ?? 'The server did not accept this token.';
  }
  return null;
}

export function signOut(): void {
  localStorage.removeItem(TOKEN_STORAGE_KEY);
  session.token = null;
  session.role = null;
  session.name = null;
  session.status = 'idle';
}
