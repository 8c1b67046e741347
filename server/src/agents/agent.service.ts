import type { Database } from '../db/duckdb';
import type { AgentRecord } from '../db/tables';
import { Role } from '../auth/principal';
import { generateToken, sha256Hex } from '../auth/token';
import { insertToken } from '../auth/token.repository';
import { insertAgent, listAgents } from './agent.repository';

/** Agents and their tokens. Role checks happen in the resolver's @Authorized. */
export class AgentService {
  constructor(private readonly database: Database) {}

  /** Lists agents, newest first. */
  list(): Promise<AgentRecord[]> {
    return listAgents(this.database.db);
  }

  /** Creates an agent and an AGENT token bound to it; the plain token is returned once. */
  register(name: string): Promise<{ agent: AgentRecord; token: string }> {
    const token = generateToken();
    return this.database.withTransaction(async ({ db }) => {
      const agent = await insertAgent(db, name);
      await insertToken(db, { tokenSha256: sha256Hex(token), role: Role.AGENT, agentId: agent.id, name });
      return { agent, token };
    });
  }
}
