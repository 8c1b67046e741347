import type { Command } from 'commander';
import type { RunOptions } from '../run/run.service';

/** Flags shared by `run`, `sweep` and `plan` for uploading to a Yardstick server. */
export interface ServerFlags {
  server?: string;
  token?: string;
  spoolDir?: string;
}

/** Adds --server, --token and --spool-dir; `what` ends the --server help ("each run is uploaded"). */
export function addServerOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--server <url>', `Yardstick server (e.g. http://127.0.0.1:4000): ${what}`)
    .option('--token <token>', 'agent token for --server (from registerAgent)')
    .option('--spool-dir <dir>', 'where results wait until the server has them (default ~/.yardstick/spool)');
}

/**
 * The upload target of a run from the flags; undefined without --server.
 * @throws Error naming the missing flag when --server comes without --token.
 */
export function serverFromFlags(
  f: ServerFlags,
  extra: { batchSize?: number } = {},
): RunOptions['server'] | undefined {
  if (!f.server) return undefined;
  if (!f.token) throw new Error('--server needs --token (an agent token from registerAgent)');
  return { url: f.server, token: f.token, spoolDir: f.spoolDir, ...extra };
}
