/**
 * Where the DuckDB side of CSV ingest spends its time (issue 4). One DuckDB thread, one seeded
 * 50,000-row CSV file (the bench samples, 8 gaps each), each stage timed on its own, median of
 * STAGE_REPS rounds in process CPU time (process.cpuUsage: user + system, all threads), which the
 * loaded shared machine skews far less than wall time; every round runs every stage once, in a
 * shuffled order, and ratios are medians of the per-round ratios. Two identical rows (e) and
 * "e) production ... again") show the noise floor: they differed by up to 10% on the shared 2-core
 * machine. Every insert goes into a freshly created, empty table inside BEGIN/COMMIT (the table is
 * made before the clock starts), as the server does. Feeds docs/adr/0004.
 * Stages, each as samples per CPU-second and its ratio to the raw Appender (g):
 *   a) read_csv, itl_ms left VARCHAR, every column produced (count(COLUMNS(*)), parse only)
 *   b) a) with itl_ms parsed into DOUBLE[] (string_split + list cast: the list's cost)
 *   c) b) + every validation rule, no insert
 *   d) the server's INSERT into a copy of samples without the primary key; e) with it
 *   f) list column as VARCHAR, or as a child table (one row per gap): a measurement only
 *   g) the raw Appender fed the same rows as JS vectors (the baseline)
 * then the candidate tunings of the production INSERT (e), each against e) in the same run.
 *
 *   npm run bench -- ingest-stages        STAGE_REPS=7 (default) STAGE_ROWS=50000 (default)
 *   STAGE_ONLY=e STAGE_REPS=25 npm run bench -- ingest-stages     the tuning rows only (and g)
 */
import './quiet-logs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/duckdb';
import { migrate } from '../src/db/migrate';
import { CSV_COLUMNS, insertCsvSql, parseCsvHeader, readCsv, rulesSql } from '../src/ingest/csv-format';
import { appendSampleColumns } from '../src/ingest/sample-appender';
import { columnsToCsv } from '../test/fixtures/ingest-csv.fixture';
import { benchColumns, fmt, seededRandom } from './bench-server.helpers';

const ROWS = Number(process.env.STAGE_ROWS ?? 50_000);
const REPS = Number(process.env.STAGE_REPS ?? 7);
const RUN_ID = 'stage-run';

interface Stage {
  label: string;
  /** Untimed preparation before each repetition (e.g. a fresh empty table). */
  setup?: (db: Database) => Promise<void>;
  /** The timed work; returns the number of rows it handled (checked against ROWS). */
  run: (db: Database) => Promise<number>;
  /** Untimed clean-up after each repetition (e.g. a setting put back). */
  teardown?: (db: Database) => Promise<void>;
}

// A full GC before each timed run: the Appender stage leaves ~1M JS values behind, and their
// collection would otherwise land in whichever stage runs next (measured: up to 15% off).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One timed run of the stage: CPU seconds (setup and teardown are not timed). */
async function once(db: Database, stage: Stage): Promise<number> {
  await stage.setup?.(db);
  collectGarbage();
  const before = process.cpuUsage();
  const rows = await stage.run(db);
  const used = process.cpuUsage(before);
  await stage.teardown?.(db);
  if (rows !== ROWS) throw new Error(`${stage.label}: handled ${rows} rows, expected ${ROWS}`);
  return (used.user + used.system) / 1e6;
}

/**
 * CPU seconds of every stage in every round (after an untimed warm-up round): samples[stage][round].
 * Each round runs every stage once, in a shuffled order (seeded), so load bursts from other
 * processes and position effects (memory left by the stage before) spread over all stages.
 */
async function measureAll(db: Database, stages: readonly Stage[]): Promise<number[][]> {
  const samples = stages.map(() => [] as number[]);
  const rnd = seededRandom(4);
  for (let round = 0; round <= REPS; round++) {
    const order = stages.map((_, i) => i).sort(() => rnd() - 0.5);
    for (const i of order) {
      const cpu = await once(db, stages[i]!);
      if (round > 0) samples[i]!.push(cpu);
    }
  }
  return samples;
}

async function scalar(db: Database, sql: string, params: string[] = []): Promise<unknown> {
  const reader = await db.connection.runAndReadAll(sql, params);
  return reader.getRowsJS()[0]![0];
}

/**
 * Runs `sql` (an INSERT answering its row count) in one transaction on the write connection, as
 * storeCsvBatch does; `orderOff` turns preserve_insertion_order off for that statement only.
 */
async function insert(db: Database, sql: string, orderOff = false): Promise<number> {
  return db.withTransaction(async (tx) => {
    if (orderOff) await tx.connection.run('SET SESSION preserve_insertion_order = false');
    const reader = await tx.connection.runAndReadAll(sql, sql.includes('$1') ? [RUN_ID] : []);
    if (orderOff) await tx.connection.run('RESET SESSION preserve_insertion_order');
    return Number(reader.getRowsJS()[0]![0]);
  });
}

/** `text.replace(pattern, by)`, failing loudly when the pattern no longer matches the SQL. */
function rewrite(text: string, pattern: string | RegExp, by: string): string {
  const out = text.replace(pattern, by);
  if (out === text) throw new Error(`bench rewrite found nothing for ${String(pattern)}; update this bench`);
  return out;
}

/** Makes `name` again, empty, from the samples table's own DDL with `edit` applied. */
function freshTable(samplesDdl: string, name: string, edit: (ddl: string) => string = (d) => d) {
  return async (db: Database) => {
    await db.connection.run(`DROP TABLE IF EXISTS ${name}`);
    const renamed =
      name === 'samples' ? samplesDdl : rewrite(samplesDdl, 'CREATE TABLE samples(', `CREATE TABLE ${name}(`);
    await db.connection.run(edit(renamed));
  };
}

const withoutKey = (ddl: string) => rewrite(ddl, ', PRIMARY KEY(run_id, seq)', '');
const itlAsText = (ddl: string) => rewrite(ddl, 'itl_ms DOUBLE[] NOT NULL', 'itl_ms VARCHAR');
const withoutItl = (ddl: string) => rewrite(ddl, 'itl_ms DOUBLE[] NOT NULL, ', '');

async function main() {
  const folder = mkdtempSync(join(tmpdir(), 'yardstick-stages-'));
  const db = await openDatabase(':memory:');
  try {
    await migrate(db);
    await db.connection.run('SET threads = 1');
    const columns = benchColumns(0, ROWS, 1);
    const csv = columnsToCsv(columns);
    const path = join(folder, 'batch.csv');
    writeFileSync(path, csv);
    const header = parseCsvHeader(csv.slice(0, csv.indexOf('\n')));
    const ddl = String(await scalar(db, "SELECT sql FROM duckdb_tables() WHERE table_name = 'samples'"));
    if (!ddl.includes(', PRIMARY KEY(run_id, seq)') || !ddl.includes('itl_ms DOUBLE[] NOT NULL'))
      throw new Error(`samples DDL changed; update this bench's edits: ${ddl}`);

    const source = readCsv(path, header);
    // The same read_csv without the itl_ms preparation (gaps left as the raw VARCHAR cell).
    const rawSource = rewrite(source, /^\(SELECT \* REPLACE \(.*\) FROM (read_csv\(.*\))\)$/, '$1');
    // f1: the raw gaps cell is stored; the rule still checks the parsed list (as "itlList").
    const gapsExpr = /REPLACE \((.*) AS "itlMs"\)/.exec(source)![1]!;
    const [insertPart, wherePart] = insertCsvSql(path, header, 's_text').split(' WHERE ');
    const textInsert =
      rewrite(
        rewrite(insertPart!, 'coalesce("itlMs", [])', '"itlMs"'),
        ` FROM ${source}`,
        ` FROM (SELECT *, ${gapsExpr} AS "itlList" FROM ${rawSource})`,
      ) + ` WHERE ${rewrite(wherePart!, /"itlMs"/g, '"itlList"')}`;
    const into = (table: string) => insertCsvSql(path, header, table);
    /** The server's INSERT (insertCsvSql) into `table`, in one transaction. */
    const serverInsert = (table: string) => (d: Database) => insert(d, into(table));
    const count = (sql: string) => async (d: Database) => Number(await scalar(d, sql));

    const stages: Stage[] = [
      {
        label: 'a) read_csv only, itl_ms as VARCHAR (every column produced)',
        run: count(`SELECT count(COLUMNS(*)) FROM ${rawSource}`),
      },
      {
        label: 'b) read_csv, itl_ms parsed into DOUBLE[]',
        run: count(`SELECT count(COLUMNS(*)) FROM ${source}`),
      },
      {
        label: 'c) b) + every validation rule (CASE ... error()), no insert',
        run: count(
          `SELECT count(COLUMNS(*)) FROM (SELECT * FROM ${source} ` +
            `WHERE CASE WHEN ${rulesSql(header)} THEN true ELSE error('bad') END)`,
        ),
      },
      {
        label: 'd) INSERT (as the server) into samples without the primary key',
        setup: freshTable(ddl, 's_nokey', withoutKey),
        run: serverInsert('s_nokey'),
      },
      {
        label: 'e) INSERT (as the server) into samples with its primary key',
        setup: freshTable(ddl, 's_key'),
        run: serverInsert('s_key'),
      },
      {
        label: 'f1) list stored as VARCHAR (raw cell, rules still checked), with key',
        setup: freshTable(ddl, 's_text', itlAsText),
        run: (d) => insert(d, textInsert),
      },
      {
        label: 'f2) list as a child table (run_id, seq, i, gap), with keys',
        setup: async (d) => {
          await freshTable(ddl, 's_parent', withoutItl)(d);
          await d.connection.run('DROP TABLE IF EXISTS s_gaps');
          await d.connection.run(
            'CREATE TABLE s_gaps (run_id VARCHAR, seq INTEGER, i INTEGER, gap DOUBLE NOT NULL, PRIMARY KEY (run_id, seq, i))',
          );
        },
        run: (d) =>
          d.withTransaction(async (tx) => {
            const parent = rewrite(
              rewrite(into('s_parent'), ', itl_ms,', ','),
              ', coalesce("itlMs", []),',
              ',',
            );
            const reader = await tx.connection.runAndReadAll(parent, [RUN_ID]);
            await tx.connection.run(
              `INSERT INTO s_gaps SELECT $1, seq::INTEGER, generate_subscripts("itlMs", 1), unnest("itlMs") ` +
                `FROM ${source} WHERE "itlMs" IS NOT NULL`,
              [RUN_ID],
            );
            return Number(reader.getRowsJS()[0]![0]);
          }),
      },
      {
        label: 'g) raw Appender, same rows from JS vectors (baseline)',
        setup: freshTable(ddl, 'samples'), // the Appender writes to `samples` itself
        run: (d) => d.withTransaction((tx) => appendSampleColumns(tx.connection, RUN_ID, columns)),
      },
    ];

    // Candidate tunings of the production INSERT (e), same fresh keyed table each time.
    const keyed = freshTable(ddl, 's_key');
    // Candidate: each optional column's rule as coalesce(rule, true) instead of (v IS NULL OR rule).
    const coalescedRules = header
      .map((name) => {
        const rule = CSV_COLUMNS[name].ok(`"${name}"`);
        const optional = `("${name}" IS NULL OR `;
        return rule.startsWith(optional) ? `coalesce(${rule.slice(optional.length, -1)}, true)` : rule;
      })
      .join(' AND ');
    const maxDouble = '1.7976931348623157e308';
    const readOption = (option: string) =>
      rewrite(into('s_key'), 'allow_quoted_nulls = false)', `allow_quoted_nulls = false, ${option})`);
    const tunings: Stage[] = [
      {
        label: 'e) production INSERT, again (the reference for the rows below)',
        setup: keyed,
        run: serverInsert('s_key'),
      },
      {
        label: 'e + optional-column rules as coalesce(rule, true) instead of (v IS NULL OR rule)',
        setup: keyed,
        run: (d) => insert(d, rewrite(into('s_key'), rulesSql(header), coalescedRules)),
      },
      {
        label: 'e + preserve_insertion_order = false for the INSERT (SET SESSION ... RESET)',
        setup: keyed,
        run: (d) => insert(d, into('s_key'), true),
      },
      {
        label: 'e + `v BETWEEN 0 AND max double` for `v >= 0 AND isfinite(v)`',
        setup: keyed,
        run: (d) =>
          insert(
            d,
            rewrite(into('s_key'), /("\w+"|g) >= 0 AND isfinite\(\1\)/g, `$1 BETWEEN 0 AND ${maxDouble}`),
          ),
      },
      {
        label: 'e + read_csv parallel = false',
        setup: keyed,
        run: (d) => insert(d, readOption('parallel = false')),
      },
      {
        label: 'e + read_csv buffer_size = 16 MB',
        setup: keyed,
        run: (d) => insert(d, readOption('buffer_size = 16000000')),
      },
      {
        label: 'e + gap rule as list_bool_and(list_transform(...)) instead of list_filter',
        setup: keyed,
        run: (d) =>
          insert(
            d,
            rewrite(
              into('s_key'),
              /len\(list_filter\("itlMs", (lambda g: g >= 0 AND isfinite\(g\))\)\) = len\("itlMs"\)/,
              'coalesce(list_bool_and(list_transform("itlMs", $1)), false)',
            ),
          ),
      },
      {
        label: 'e with a FILTER that checks nothing (seq IS NOT NULL OR error())',
        setup: keyed,
        run: (d) =>
          insert(
            d,
            rewrite(into('s_key'), / WHERE CASE WHEN .* END$/, ` WHERE "seq" IS NOT NULL OR error('x')`),
          ),
      },
      {
        label: 'e without any rule (what the checks cost inside the INSERT)',
        setup: keyed,
        run: (d) => insert(d, rewrite(into('s_key'), / WHERE CASE WHEN .* END$/, '')),
      },
      {
        label: 'e without the itl_ms rule only',
        setup: keyed,
        run: (d) =>
          insert(
            d,
            rewrite(into('s_key'), / AND \("itlMs" IS NULL OR \(len.*?\)\) = len\("itlMs"\)\)\)/, ''),
          ),
      },
    ];

    // STAGE_ONLY=e: only the rows whose label starts with it (more rounds for an A/B in less time).
    const only = process.env.STAGE_ONLY;
    const all = [...stages, ...tunings].filter(
      (st) => !only || st.label.startsWith(only) || st.label.startsWith('g)'),
    );
    const cpu = await measureAll(db, all);
    const at = (prefix: string) => all.findIndex((st) => st.label.startsWith(prefix));
    // Ratios are medians of the per-round ratios (paired runs: a slow round slows both sides).
    const pairedRatio = (i: number, ref: number) =>
      median(cpu[ref]!.map((refCpu, round) => refCpu / cpu[i]![round]!));
    const [appender, reference] = [at('g)'), at('e) production')];
    console.log(
      `\nDuckDB-side CSV ingest stages: ${fmt(ROWS)}-row CSV (${fmt(csv.length / ROWS)} bytes/row, 8 gaps/row), ` +
        `in-memory DuckDB, threads = 1, median of ${REPS} rounds in process CPU time; ratios are medians of ` +
        'per-round ratios\n',
    );
    console.log('| stage | samples per CPU-second | ratio to raw Appender (g) | ratio to e) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [i, stage] of all.entries()) {
      console.log(
        `| ${stage.label} | ${fmt(ROWS / median(cpu[i]!))} | ${pairedRatio(i, appender).toFixed(3)} | ${pairedRatio(i, reference).toFixed(3)} |`,
      );
    }
  } finally {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
