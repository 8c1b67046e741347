import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ExportRunDocument } from '../graphql/agent-operations';
import { runToCsv, runToJson } from '../interop/run-export';
import { GraphqlClient } from '../upload/graphql.client';

interface ExportFlags {
  server: string;
  token: string;
  run: string;
  format: 'json' | 'csv';
  out?: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'Export one run (identity, config, summary, statistics) as JSON or CSV, read through GraphQL',
    )
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'any token that may read runs (viewer, agent, admin)')
    .requiredOption('--run <id>', 'run id (from the web UI or `runs` query)')
    .addOption(new Option('--format <fmt>', 'output format').choices(['json', 'csv']).default('json'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .addHelpText(
      'after',
      `
CSV has one row per latency metric (ttft, tpot, itl, e2e: count, mean, min, p50, p90, p95, p99, max in ms)
with the run's identity, throughput and cost on every row, so exports of several runs concatenate into a
table. When the run was priced (run --price-usd-per-hour or --cost-profile), usd_per_hour and $ per million
output tokens on the usage basis (busy hours only) and the allocation basis (at --utilisation) are filled
in; JSON carries the same under costPerMtok.

Examples:
  $ yardstick-agent export --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN --run 42 --format csv > run-42.csv
  $ yardstick-agent export --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN --run 42 --out run-42.json`,
    )
    .action(async (flags: ExportFlags) => {
      const client = new GraphqlClient(flags.server, flags.token);
      try {
        const data = await client.request(ExportRunDocument, { id: flags.run });
        if (!data.run) throw new Error(`run ${flags.run} not found on ${flags.server}`);
        const text = flags.format === 'csv' ? runToCsv(data.run) : runToJson(data.run);
        if (flags.out) writeFileSync(flags.out, text);
        else process.stdout.write(text);
      } finally {
        client.close();
      }
    });
}
