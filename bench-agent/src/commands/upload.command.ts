import { Command } from 'commander';
import { GraphqlClient } from '../upload/graphql.client';
import { replaySpoolDir } from '../upload/spool.replay';
import { defaultSpoolDir } from '../upload/spool.store';
import { replayTelemetrySpool } from '../upload/telemetry.upload';

export function uploadCommand(): Command {
  return new Command('upload')
    .description('Send spooled results (runs the server did not receive) and delete each file once accepted')
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'agent token')
    .option('--spool-dir <dir>', 'spool folder', defaultSpoolDir())
    .addHelpText(
      'after',
      `
Samples go to POST /ingest/samples in the batches they were spooled in; a server without that endpoint
(older than the bulk ingest) gets them through GraphQL appendSamples. Spools from older agents upload too.
Every batch is idempotent on the server: uploading the same spool twice stores each sample once.
Telemetry readings left behind (<run>.telemetry.json) go up first, through appendTelemetry.

Examples:
  $ yardstick-agent upload --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN
  $ yardstick-agent upload --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN --spool-dir ./spool`,
    )
    .action(async (flags: { server: string; token: string; spoolDir: string }) => {
      const client = new GraphqlClient(flags.server, flags.token);
      const log = (l: string): void => void process.stderr.write(`${l}\n`);
      try {
        // Telemetry first: a run that never reached the server is found through its run spool,
        // which the sample replay deletes once the run is accepted.
        const telemetry = await replayTelemetrySpool(client, flags.spoolDir, { log });
        const reports = await replaySpoolDir(client, flags.spoolDir, { log });
        const uploaded = reports.filter((r) => r.outcome === 'uploaded').length;
        process.stdout.write(
          `${uploaded} of ${reports.length} spooled run(s) uploaded from ${flags.spoolDir}\n`,
        );
        if (telemetry.length > 0) {
          const sent = telemetry.filter((t) => t.outcome === 'uploaded').length;
          process.stdout.write(`${sent} of ${telemetry.length} spooled telemetry file(s) uploaded\n`);
        }
        if (reports.some((r) => r.outcome === 'failed')) process.exitCode = 1;
        if (telemetry.some((t) => t.outcome === 'rejected' || t.outcome === 'unreachable'))
          process.exitCode = 1;
      } finally {
        client.close();
      }
    });
}
