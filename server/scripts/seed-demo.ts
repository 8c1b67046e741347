// Writes a realistic demo data set into a Yardstick database: hardware profiles with catalogue prices,
// >= 1,000 COMPLETED benchmark runs with per-request samples (demo-runs.ts), and 20 finance
// initiatives written through the finance services (demo-initiatives.ts).
//
//   npm run seed:demo -w @yardstick/server -- --db /tmp/demo.duckdb
//   npm run seed:demo -w @yardstick/server -- --help
//
// Deterministic for a given --seed. Refuses a database that already holds demo data.
import 'reflect-metadata';
import { isAbsolute, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { openDatabase } from '../src/db/duckdb';
import { migrate } from '../src/db/migrate';
import { seedDemo, type DemoOptions } from './demo-seed';

interface Options extends DemoOptions {
  db: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return n;
}

async function main(options: Options) {
  const path =
    isAbsolute(options.db) || options.db === ':memory:'
      ? options.db
      : resolve(process.env.INIT_CWD ?? process.cwd(), options.db);
  const startedAt = performance.now();
  const database = await openDatabase(path);
  try {
    await migrate(database);
    const seeded = await seedDemo(database, options);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(
      `seeded ${path}: ${seeded.profiles} hardware profiles with prices, ${seeded.runs} runs, ` +
        `${seeded.samples} samples, ${seeded.initiativeIds.length} initiatives in ${seconds} s`,
    );
  } finally {
    await database.close();
  }
}

const program = new Command('seed-demo')
  .description(
    'Write a realistic demo data set (hardware catalogue, benchmark runs with samples, finance initiatives) into a Yardstick database.',
  )
  .requiredOption(
    '--db <path>',
    'DuckDB file to write (created and migrated when missing; relative to where npm was run)',
    process.env.YARDSTICK_DB,
  )
  .option('--runs <n>', 'benchmark runs to write', positiveInt, 1200)
  .option('--samples-per-run <n>', 'measured requests per run (plus 2 warm-up)', positiveInt, 40)
  .option('--initiatives <n>', 'finance initiatives to write', positiveInt, 20)
  .option('--seed <n>', 'random seed (same seed, same data)', positiveInt, 42)
  .showHelpAfterError()
  .action(async (options: Options) => {
    try {
      await main(options);
    } catch (error) {
      console.error(`seed-demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  });

await program.parseAsync(process.argv);
