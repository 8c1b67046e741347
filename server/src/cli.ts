import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { createAdminTokenCommand, migrateCommand, startCommand } from './main';
import { DEFAULT_HOST } from './index';
import { createTokenCommand, revokeTokenCommand } from './auth/token-cli';
import { envFlag, parsePositiveNumber } from './auth/cli-options';

const defaultDb = () => process.env.YARDSTICK_DB || './data/yardstick.duckdb';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be an integer 0-65535');
  }
  return port;
}

/** Explains the usual cause of a failure to open the DuckDB file. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message)) {
    return `${message}\nAnother process (probably a running yardstick-server) has the database open; stop it or use --db.`;
  }
  return message;
}

const program = new Command('yardstick-server')
  .description('Yardstick GraphQL API over an embedded DuckDB store.')
  .showHelpAfterError();

program
  .command('start')
  .description('Migrate the database, then serve GraphQL at /graphql and the web UI at /.')
  .option('--db <path>', 'DuckDB file (env YARDSTICK_DB)', defaultDb())
  .option('--host <host>', 'interface to bind; token-less reads are allowed only on 127.0.0.1', DEFAULT_HOST)
  .option(
    '--port <port>',
    'port (env PORT)',
    parsePort,
    process.env.PORT ? parsePort(process.env.PORT) : 4000,
  )
  .option('--no-first-run-bench', 'do not benchmark this machine when the database has no runs yet')
  .option(
    '--introspection',
    'allow GraphQL introspection (default: on for 127.0.0.1, off otherwise; env YARDSTICK_INTROSPECTION=1|0)',
  )
  .option('--no-introspection', 'refuse GraphQL introspection queries')
  .option(
    '--token-ttl-days <days>',
    'lifetime of new tokens without an explicit expiry (env YARDSTICK_TOKEN_TTL_DAYS)',
    parsePositiveNumber,
    process.env.YARDSTICK_TOKEN_TTL_DAYS ? parsePositiveNumber(process.env.YARDSTICK_TOKEN_TTL_DAYS) : 90,
  )
  .action(
    async (opts: {
      db: string;
      host: string;
      port: number;
      firstRunBench: boolean;
      introspection?: boolean;
      tokenTtlDays: number;
    }) => {
      const skip = process.env.YARDSTICK_SKIP_FIRST_RUN === '1';
      const introspection = opts.introspection ?? envFlag('YARDSTICK_INTROSPECTION');
      await startCommand({ ...opts, introspection, firstRunBench: opts.firstRunBench && !skip });
    },
  );

program
  .command('migrate')
  .description('Apply pending migrations from migrations/*.sql and exit.')
  .option('--db <path>', 'DuckDB file (env YARDSTICK_DB)', defaultDb())
  .action((opts: { db: string }) => migrateCommand(opts.db));

program
  .command('create-admin-token')
  .description('Create a new ADMIN bearer token and print it once (the server must be stopped).')
  .option('--db <path>', 'DuckDB file (env YARDSTICK_DB)', defaultDb())
  .option('--name <name>', 'label stored with the token', 'admin')
  .action((opts: { db: string; name: string }) => createAdminTokenCommand(opts.db, opts.name));

program
  .command('create-token')
  .description('Create a bearer token and print it once (the server must be stopped).')
  .requiredOption('--role <role>', 'admin | agent | analyst | viewer')
  .option('--name <name>', 'label stored with the token', 'cli token')
  .option('--expires-in <lifetime>', 'e.g. 90d, 12h, 30m or never (default 90d)')
  .option('--agent-id <id>', 'for --role agent: the agent the token writes for')
  .option('--db <path>', 'DuckDB file (env YARDSTICK_DB)', defaultDb())
  .action((opts: { db: string; role: string; name: string; expiresIn?: string; agentId?: string }) =>
    createTokenCommand(opts),
  );

program
  .command('revoke-token')
  .description('Revoke a token by id, effective immediately (the server must be stopped).')
  .argument('<id>', 'token id (printed by create-token; listed by the tokens query)')
  .option('--db <path>', 'DuckDB file (env YARDSTICK_DB)', defaultDb())
  .action((id: string, opts: { db: string }) => revokeTokenCommand({ db: opts.db, id }));

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`yardstick-server: ${explain(error)}`);
  process.exit(1);
});
