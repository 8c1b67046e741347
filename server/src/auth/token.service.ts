import type { Database } from '../db/duckdb';
import { unauthenticated } from '../graphql/errors';
import { anonymousLocalViewer, Principal, Role } from './principal';
import { bearerToken, generateToken, sha256Hex } from './token';
import { findLiveTokenByHash, hasLiveAdminToken, insertToken } from './token.repository';

/** Issues and checks bearer tokens. Only SHA-256 hashes ever reach the database. */
export class TokenService {
  constructor(
    private readonly database: Database,
    /** Token-less requests become the anonymous viewer (only on a 127.0.0.1 server). */
    private readonly openReads: boolean,
  ) {}

  /**
   * The principal for an Authorization header: the token's owner, the anonymous local viewer
   * when no token was sent and reads are open, or null. A token that is sent but unknown or
   * revoked is always an UNAUTHENTICATED error, never silently anonymous.
   */
  async authenticate(authorizationHeader: string | undefined): Promise<Principal | null> {
    const token = bearerToken(authorizationHeader);
    if (!token) {
      if (authorizationHeader) throw unauthenticated('Authorization header must be "Bearer ys_..."');
      return this.openReads ? anonymousLocalViewer() : null;
    }
    const row = await findLiveTokenByHash(this.database.db, sha256Hex(token));
    if (!row) throw unauthenticated('Unknown or revoked token');
    return Object.assign(new Principal(), {
      role: row.role as Role,
      agentId: row.agentId,
      name: row.name,
      tokenId: row.id,
    });
  }

  /** Creates a token and returns its plain text (shown once). */
  async create(role: Role, name: string, agentId: string | null = null): Promise<string> {
    const token = generateToken();
    await this.database.withTransaction(({ db }) =>
      insertToken(db, { tokenSha256: sha256Hex(token), role, agentId, name }),
    );
    return token;
  }

  /** Creates an ADMIN token when none exists; returns it, or null when one already existed. */
  async ensureAdminToken(): Promise<string | null> {
    if (await hasLiveAdminToken(this.database.db)) return null;
    return this.create(Role.ADMIN, 'first admin');
  }
}
