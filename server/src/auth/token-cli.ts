import { AuditService } from '../audit/audit.service';
import { openDatabase } from '../db/duckdb';
import { migrate } from '../db/migrate';
import { parseRole } from './roles';
import { parseDuration } from './token-expiry';
import { TokenService } from './token.service';

// `yardstick-server create-token` and `revoke-token`: work on the database file directly, so
// the server must be stopped (DuckDB allows one process per file). Both write an audit record
// with actor "cli".

export interface CreateTokenCommandOptions {
  db: string;
  role: string;
  name: string;
  /** e.g. 90d, 12h, never; undefined: the default (90 days). */
  expiresIn?: string;
  agentId?: string;
}

/** Creates a token and prints it once, with its id and expiry. */
export async function createTokenCommand(options: CreateTokenCommandOptions): Promise<void> {
  const role = parseRole(options.role);
  const ttlMs = options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn);
  if (role === 'AGENT' && !options.agentId) {
    throw new Error('--role agent needs --agent-id (agents register through the registerAgent mutation)');
  }
  const database = await openDatabase(options.db);
  try {
    await migrate(database);
    const issued = await new TokenService(database, false).issue(role, options.name, {
      agentId: options.agentId ?? null,
      ttlMs,
    });
    await new AuditService(database).record({
      principal: null,
      operation: 'cli:create-token',
      entityType: 'api_token',
      entityId: issued.id,
      outcome: 'OK',
      args: {
        role,
        name: options.name,
        expiresIn: options.expiresIn ?? null,
        agentId: options.agentId ?? null,
      },
      after: { ...issued, token: undefined },
    });
    const expiry = issued.expiresAt ? `expires ${issued.expiresAt.toISOString()}` : 'never expires';
    console.log(`${role} token "${options.name}" (id ${issued.id}, ${expiry}); shown once, store it now:`);
    console.log(issued.token);
  } finally {
    await database.close();
  }
}

/** Revokes a token by id (see the `tokens` query or the id printed by create-token). */
export async function revokeTokenCommand(options: { db: string; id: string }): Promise<void> {
  const database = await openDatabase(options.db);
  try {
    await migrate(database);
    const tokens = new TokenService(database, false);
    const before = await tokens.find(options.id);
    if (!before) throw new Error(`no token with id ${options.id} in ${database.path}`);
    const after = await tokens.revoke(options.id);
    await new AuditService(database).record({
      principal: null,
      operation: 'cli:revoke-token',
      entityType: 'api_token',
      entityId: options.id,
      outcome: 'OK',
      args: { id: options.id },
      before,
      after,
    });
    console.log(
      `Token ${options.id} ("${after.name}", ${after.role}) revoked at ${after.revokedAt?.toISOString()}`,
    );
  } finally {
    await database.close();
  }
}
