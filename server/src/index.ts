import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createServices } from './app';
import type { Services } from './context';
import { openDatabase, type Database } from './db/duckdb';
import { migrate } from './db/migrate';
import { securityOptions, type SecurityOptions } from './graphql/security';

export { openDatabase, type Database } from './db/duckdb';
export { migrate } from './db/migrate';

/** Host the server binds to unless told otherwise; token-less reads are allowed only here. */
export const DEFAULT_HOST = '127.0.0.1';

export interface StartServerOptions {
  /** DuckDB file path or ':memory:'. */
  dbPath: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Token-less reads; default true on 127.0.0.1, and always false on any other host. */
  openReads?: boolean;
  /** Built web UI to serve at `/` (default web/dist of this repo). */
  webDistDir?: string;
  /** GraphQL introspection; default on for a loopback host, off otherwise (docs/security.md). */
  introspection?: boolean;
  /** Lifetime of new tokens in days when none is given (default 90). */
  tokenTtlDays?: number;
  /** Other hardening settings (rate limit, depth and cost limits); see SecurityOptions. */
  security?: Partial<SecurityOptions>;
  /** Where the first admin token line goes (default console.log). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 (no trailing slash). */
  url: string;
  db: Database;
  services: Services;
  /** The admin token created at this start (only when none existed), else null. */
  adminToken: string | null;
  close(): Promise<void>;
}

/** Opens and migrates the database, makes sure an admin token exists, and listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((line: string) => console.log(line));
  const openReads = host === DEFAULT_HOST && (options.openReads ?? true);
  const db = await openDatabase(options.dbPath);
  try {
    await migrate(db);
    const services = createServices(db, openReads, { tokenTtlDays: options.tokenTtlDays });
    const adminToken = await services.tokens.ensureAdminToken();
    if (adminToken) log(`Admin token (shown once, store it now): ${adminToken}`);
    const httpServer = createServer();
    const security = securityOptions(host, { ...options.security, introspection: options.introspection });
    const { app, apollo } = await createApp({
      services,
      httpServer,
      webDistDir: options.webDistDir,
      security,
    });
    httpServer.on('request', app);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 4000, host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${port}`,
      db,
      services,
      adminToken,
      async close() {
        await apollo.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
