import { Command } from 'commander';
import { GraphqlClient } from '../upload/graphql.client';
import { replaySpoolDir } from '../upload/spool.replay';
import { defaultSpoolDir } from '../upload/spool.store';

export function uploadCommand(): Command {
  return new Command('upload')
    .description('Send spooled results (runs the server did not receive) and delete each file once accepted')
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'agent token')
    .option('--spool-dir <dir>', 'spool folder', defaultSpoolDir())
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent upload --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN
  $ yardstick-agent upload --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN --spool-dir ./spool`,
    )
    .action(async (flags: { server: string; token: string; spoolDir: string }) => {
      const client = new GraphqlClient(flags.server, flags.token);
      try {
        const reports = await replaySpoolDir(client, flags.spoolDir, {
          log: (l) => process.stderr.write(`${l}\n`),
        });
        const uploaded = reports.filter((r) => r.outcome === 'uploaded').length;
        process.stdout.write(
          `${uploaded} of ${reports.length} spooled run(s) uploaded from ${flags.spoolDir}\n`,
        );
        if (reports.some((r) => r.outcome === 'failed')) process.exitCode = 1;
      } finally {
        client.close();
      }
    });
}
