import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FinishRunDocument } from '../graphql/agent-operations';
import { GraphqlClient } from '../upload/graphql.client';
import { RunUploader } from '../upload/run.uploader';
import { defaultSpoolDir } from '../upload/spool.store';
import type { HardwareInput } from '../graphql/agent-operations';
import type { ImportedRun } from './imported-run';
import { detectedLayer, importHardware, type HardwareLayer } from './import-hardware';
import { importerFor } from './importer.registry';
import { ImportFormatError } from './import-format-error';
import { normaliseQuantization } from './quantization';

export interface ImportOptions {
  format: string;
  file: string;
  server?: { url: string; token: string; spoolDir?: string };
  /**
   * What the user knows about the machine that produced the file: `--hardware FILE` (wins field by
   * field) and/or this host's detected inventory (`--detect`). Fields neither they nor the file state
   * are recorded as unknown.
   */
  hardware?: { file?: HardwareLayer; detected?: HardwareInput };
  /** What the user knows better than the file: `--model`, `--quantization` (recorded in config.import.overrides). */
  overrides?: { model?: string; quantization?: string };
  log?: (line: string) => void;
}

export interface ImportOutcome {
  run: ImportedRun;
  clientRunId: string;
  upload?: {
    delivered: boolean;
    spoolFile: string;
    runId?: string;
    offlineReason?: string;
    /** The server refused part of the run after creating it: the run was marked FAILED with the reason. */
    failedRun?: boolean;
  };
}

/**
 * Reads another tool's result file, turns it into runs and uploads each one through the same spooled,
 * retried, idempotent path as a measured run. The clientRunId is derived from the file's bytes and the
 * run's index, so importing the same file twice yields the same run, not a copy.
 */
export async function importResults(opts: ImportOptions): Promise<ImportOutcome[]> {
  let text: string;
  try {
    text = readFileSync(opts.file, 'utf8');
  } catch (err) {
    throw new Error(`${opts.file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const runs = importerFor(opts.format).parse(text, path.basename(opts.file));
  for (const run of runs) {
    applyOverrides(run, opts.overrides);
    checkUniqueSeqs(run, path.basename(opts.file));
  }
  const digest = createHash('sha256').update(opts.format).update('\0').update(text).digest('hex');
  const outcomes: ImportOutcome[] = [];
  for (const [index, run] of runs.entries()) {
    if (opts.hardware?.file || opts.hardware?.detected) {
      const layers = [
        opts.hardware.file,
        opts.hardware.detected ? detectedLayer(opts.hardware.detected) : undefined,
        run.sourceHardware,
      ].filter((l): l is HardwareLayer => l !== undefined);
      run.hardware = importHardware(run.config.import.tool, layers);
    }
    const clientRunId = uuidFrom(`${digest}:${index}`);
    const outcome: ImportOutcome = { run, clientRunId };
    if (opts.server) {
      const uploader = new RunUploader(
        new GraphqlClient(opts.server.url, opts.server.token),
        opts.server.spoolDir ?? defaultSpoolDir(),
        {
          clientRunId,
          scenario: run.scenario,
          targetUrl: run.targetUrl,
          targetEngine: run.targetEngine,
          model: run.model,
          quantization: run.quantization,
          engineBackend: null,
          config: run.config,
          hardware: run.hardware,
          startedAt: run.startedAt,
        },
        opts.log,
      );
      await uploader.start();
      for (const sample of run.samples) uploader.add(sample);
      const up = await uploader.finish(run.status, run.summary, run.finishedAt);
      outcome.upload = { ...up, offlineReason: uploader.offline };
      if (!up.delivered && up.runId && /server rejected/.test(uploader.offline ?? ''))
        outcome.upload.failedRun = await markFailed(opts.server, up.runId, uploader.offline!);
      if (outcome.upload.failedRun) rmSync(up.spoolFile, { force: true });
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** `--model` / `--quantization` win over what the file says; the file's value stays in the notes. */
function applyOverrides(run: ImportedRun, overrides: ImportOptions['overrides']): void {
  const notes: Record<string, string> = {};
  if (overrides?.model) {
    notes.model = `--model ${overrides.model} (the file says ${run.model})`;
    run.model = overrides.model;
  }
  if (overrides?.quantization) {
    const label = normaliseQuantization(overrides.quantization);
    notes.quantization = `--quantization ${label} (the file says ${run.quantization})`;
    run.quantization = label;
  }
  if (Object.keys(notes).length) run.config.import.overrides = notes;
}

/** The server refuses a batch with a repeated seq; a file that would produce one is refused first. */
function checkUniqueSeqs(run: ImportedRun, file: string): void {
  const seen = new Set<number>();
  for (const s of run.samples) {
    if (seen.has(s.seq))
      throw new ImportFormatError(
        file,
        `request ${s.seq}`,
        'expected each request once (two samples share a number)',
      );
    seen.add(s.seq);
  }
}

/**
 * The server created the run, then refused part of it (samples or the finish): the run would stay
 * RUNNING. Mark it FAILED with the server's reason; the spool is dropped, since retrying it would be
 * refused again. Returns whether the server took the FAILED status.
 */
async function markFailed(
  server: { url: string; token: string },
  runId: string,
  reason: string,
): Promise<boolean> {
  const client = new GraphqlClient(server.url, server.token);
  try {
    await client.request(FinishRunDocument, {
      input: {
        runId,
        status: 'FAILED',
        summary: { note: `import failed: ${reason}`.slice(0, 2000) },
        finishedAt: new Date().toISOString(),
      },
    });
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/** A stable UUID-shaped id (version nibble 5, RFC 4122 variant) from any string. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
