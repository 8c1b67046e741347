import { Role } from './auth/principal';
import { TokenService } from './auth/token.service';
import { openDatabase } from './db/duckdb';
import { migrate } from './db/migrate';
import { startFirstRunBench } from './first-run';
import { startServer } from './index';

export interface StartCommandOptions {
  db: string;
  host: string;
  port: number;
  firstRunBench: boolean;
  /** Undefined: on for 127.0.0.1, off otherwise. */
  introspection?: boolean;
  tokenTtlDays?: number;
}

/** `yardstick-server start`: listen, print the address, maybe run the first-run benchmark. */
export async function startCommand(options: StartCommandOptions): Promise<void> {
  const server = await startServer({
    dbPath: options.db,
    host: options.host,
    port: options.port,
    introspection: options.introspection,
    tokenTtlDays: options.tokenTtlDays,
  });
  console.log(`Yardstick is running at ${server.url} (GraphQL: /graphql)`);
  const shutdown = () => {
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  if (options.firstRunBench) void startFirstRunBench(server);
}

/** `yardstick-server migrate`: apply pending migrations and list them. */
export async function migrateCommand(dbPath: string): Promise<void> {
  const database = await openDatabase(dbPath);
  try {
    const applied = await migrate(database);
    console.log(
      applied.length === 0
        ? `${database.path}: up to date`
        : `${database.path}: applied ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}`,
    );
  } finally {
    await database.close();
  }
}

/** `yardstick-server create-admin-token`: print a new ADMIN token (shown once). */
export async function createAdminTokenCommand(dbPath: string, name: string): Promise<void> {
  const database = await openDatabase(dbPath);
  try {
    await migrate(database);
    const token = await new TokenService(database, false).create(Role.ADMIN, name);
    console.log(`Admin token "${name}" (shown once, store it now): ${token}`);
  } finally {
    await database.close();
  }
}
