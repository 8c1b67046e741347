import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { createAdminTokenCommand, migrateCommand, startCommand } from './main';
import { DEFAULT_HOST } from './index';

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
  .action(async (opts: { db: string; host: string; port: number; firstRunBench: boolean }) => {
    const skip = process.env.YARDSTICK_SKIP_FIRST_RUN === '1';
    await startCommand({ ...opts, firstRunBench: opts.firstRunBench && !skip });
  });

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

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`yardstick-server: ${explain(error)}`);
  process.exit(1);
});
