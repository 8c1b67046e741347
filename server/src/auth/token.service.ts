import type { Database } from '../db/duckdb';
import type { ApiTokenRecord } from '../db/tables';
import { notFound, unauthenticated } from '../graphql/errors';
import { anonymousLocalViewer, Principal, Role } from './principal';
import { bearerToken, generateToken, sha256Hex } from './token';
import { DEFAULT_TOKEN_TTL_DAYS, expiryFrom } from './token-expiry';
import * as repo from './token.repository';

/** last_used_at is written at most this often per token (it is informational). */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * Known tokens are looked up in the database at most this often (saves a query per request on
 * the ingest path). revoke() clears the entry at once; a change made to api_tokens behind the
 * server's back (it must be stopped for the CLI anyway) shows within this time.
 */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;

/** A token as created: the plain text is in `token`, shown once and never stored. */
export interface IssuedToken {
  id: string;
  token: string;
  role: Role;
  name: string;
  agentId: string | null;
  expiresAt: Date | null;
}

export interface TokenServiceOptions {
  /** Token-less requests become the anonymous viewer (only on a 127.0.0.1 server). */
  openReads: boolean;
  /** Lifetime of new tokens when none is given, in days (default 90). */
  defaultTtlDays?: number;
}

/** Issues, checks and revokes bearer tokens. Only SHA-256 hashes ever reach the database. */
export class TokenService {
  private readonly openReads: boolean;
  /** Default lifetime of a new token in ms. */
  readonly defaultTtlMs: number;
  private readonly lastTouchMs = new Map<string, number>();
  private readonly cache = new Map<string, { row: ApiTokenRecord; fetchedMs: number }>();

  constructor(
    private readonly database: Database,
    options: TokenServiceOptions | boolean,
  ) {
    const opts = typeof options === 'boolean' ? { openReads: options } : options;
    this.openReads = opts.openReads;
    this.defaultTtlMs = (opts.defaultTtlDays ?? DEFAULT_TOKEN_TTL_DAYS) * 86_400_000;
  }

  /**
   * The principal for an Authorization header: the token's owner, the anonymous local viewer
   * when no token was sent and reads are open, or null. A token that is sent but unknown,
   * revoked or expired is always an UNAUTHENTICATED error, never silently anonymous.
   */
  async authenticate(authorizationHeader: string | undefined, now = new Date()): Promise<Principal | null> {
    const token = bearerToken(authorizationHeader);
    if (!token) {
      if (authorizationHeader) throw unauthenticated('Authorization header must be "Bearer ys_..."');
      return this.openReads ? anonymousLocalViewer() : null;
    }
    const row = await this.lookup(sha256Hex(token));
    if (!row) throw unauthenticated('Unknown or revoked token');
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
      throw unauthenticated(
        `Token "${row.name}" expired at ${row.expiresAt.toISOString()}; ask an admin for a new one`,
      );
    }
    this.touch(row.id, now);
    return Object.assign(new Principal(), {
      role: row.role as Role,
      agentId: row.agentId,
      name: row.name,
      tokenId: row.id,
    });
  }

  /** Creates a token with the default lifetime and returns its plain text (shown once). */
  async create(role: Role, name: string, agentId: string | null = null): Promise<string> {
    return (await this.issue(role, name, { agentId })).token;
  }

  /**
   * Creates a token and returns it with its plain text (shown once).
   * `ttlMs`: lifetime in ms, null for no expiry, undefined for the default (90 days).
   */
  async issue(
    role: Role,
    name: string,
    options: { agentId?: string | null; ttlMs?: number | null; now?: Date } = {},
  ): Promise<IssuedToken> {
    const token = generateToken();
    const agentId = options.agentId ?? null;
    const expiresAt = expiryFrom(options.now ?? new Date(), this.ttl(options.ttlMs));
    const id = await this.database.withTransaction(({ db }) =>
      repo.insertToken(db, { tokenSha256: sha256Hex(token), role, agentId, name, expiresAt }),
    );
    return { id, token, role, name, agentId, expiresAt };
  }

  /** The lifetime to use: the given one, or the default when undefined. */
  ttl(ttlMs: number | null | undefined): number | null {
    return ttlMs === undefined ? this.defaultTtlMs : ttlMs;
  }

  /** Creates an ADMIN token when no live one exists; returns its plain text, or null. */
  async ensureAdminToken(): Promise<string | null> {
    if (await repo.hasLiveAdminToken(this.database.db, new Date())) return null;
    return this.create(Role.ADMIN, 'first admin');
  }

  /** Every token, newest first. */
  list(): Promise<ApiTokenRecord[]> {
    return repo.listTokens(this.database.db);
  }

  /** A token by id, or null. */
  find(id: string): Promise<ApiTokenRecord | null> {
    return repo.findToken(this.database.db, id);
  }

  /** Revokes a token from now on; returns it. Revoking twice keeps the first time. */
  async revoke(id: string, now = new Date()): Promise<ApiTokenRecord> {
    return this.database.withTransaction(async ({ db }) => {
      if (!(await repo.findToken(db, id))) throw notFound(`revokeToken.id: token ${id}`);
      await repo.revokeToken(db, id, now);
      for (const [hash, entry] of this.cache) if (entry.row.id === id) this.cache.delete(hash);
      return (await repo.findToken(db, id))!;
    });
  }

  /** The unrevoked token with this hash, from the cache when fetched in the last 10 s. */
  private async lookup(tokenSha256: string): Promise<ApiTokenRecord | null> {
    const nowMs = Date.now();
    const cached = this.cache.get(tokenSha256);
    if (cached && nowMs - cached.fetchedMs < CACHE_TTL_MS) return cached.row;
    const row = await repo.findUnrevokedTokenByHash(this.database.db, tokenSha256);
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    if (row) this.cache.set(tokenSha256, { row, fetchedMs: nowMs });
    else this.cache.delete(tokenSha256);
    return row;
  }

  /** Writes last_used_at at most once a minute per token, off the request's path. */
  private touch(id: string, now: Date): void {
    const last = this.lastTouchMs.get(id) ?? 0;
    if (now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.lastTouchMs.set(id, now.getTime());
    void this.database.withTransaction(({ db }) => repo.touchToken(db, id, now)).catch(() => undefined);
  }
}
