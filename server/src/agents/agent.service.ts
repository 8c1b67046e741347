import type { Database } from '../db/duckdb';
import type { AgentRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { generateToken, sha256Hex } from '../auth/token';
import { DEFAULT_TOKEN_TTL_DAYS, expiryFrom } from '../auth/token-expiry';
import { insertToken } from '../auth/token.repository';
import { insertAgent, listAgents } from './agent.repository';

/** What registerAgent returns: the agent, its token's plain text (shown once) and expiry. */
export interface RegisteredAgent {
  agent: AgentRecord;
  token: string;
  tokenId: string;
  expiresAt: Date | null;
}

/** Agents and their tokens. Role checks happen in the resolver's @Authorized. */
export class AgentService {
  constructor(
    private readonly database: Database,
    /** Lifetime of a new agent token in ms (null: never expires). Default 90 days. */
    private readonly defaultTokenTtlMs: number | null = DEFAULT_TOKEN_TTL_DAYS * 86_400_000,
  ) {}

  /** Lists agents, newest first. */
  list(): Promise<AgentRecord[]> {
    return listAgents(this.database.db);
  }

  /**
   * Creates an agent and an AGENT token bound to it; the plain token is returned once.
   * `ttlMs` overrides the server's default token lifetime (null: never expires).
   */
  register(name: string, ttlMs?: number | null): Promise<RegisteredAgent> {
    const token = generateToken();
    const expiresAt = expiryFrom(new Date(), ttlMs === undefined ? this.defaultTokenTtlMs : ttlMs);
    return this.database.withTransaction(async ({ db }) => {
      const agent = await insertAgent(db, name);
      const tokenId = await insertToken(db, {
        tokenSha256: sha256Hex(token),
        role: Role.AGENT,
        agentId: agent.id,
        name,
        expiresAt,
      });
      return { agent, token, tokenId, expiresAt };
    });
  }
}
