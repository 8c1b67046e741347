import { measuredRunAsOutcome, type MeasurementOptions } from '../workers/measured-run';
import { addServerOptions, serverFromFlags, type ServerFlags } from './server.options';
import { addMeasurementOptions, measurementFromFlags, type MeasurementFlags } from './sweep.options';
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadScenarioFile } from '../scenario/scenario.loader';
import { type RunOptions, type RunOutcome } from '../run/run.service';
import { createProgressLine, formatSummaryTable } from '../run/summary.table';
import { positiveInt, positiveNumber, preconnectSetting, withInterrupt } from './parse-options';
import { collectHeader, parseExtraBodyFlag } from '../targets/target.config';
import { TARGET_APIS } from '../targets/target.registry';
import { loadModelsHelp } from '../executors/executor.registry';
import { captureTelemetry } from '../upload/telemetry.upload';
import { defaultSpoolDir } from '../upload/spool.store';

interface RunFlags extends MeasurementFlags, ServerFlags {
  target: string;
  scenario: string;
  model?: string;
  quantization?: string;
  concurrency?: number;
  rate?: number;
  requests?: number;
  duration?: number;
  apiKey?: string;
  api: string;
  stream: boolean;
  extraBody?: Record<string, unknown>;
  header?: Record<string, string>;
  uploadBatchSize?: number;
  preconnect: number | 'auto';
  json?: string;
}

/** Prints the outcome (table, upload status) and writes --json; shared by `run` and `bench-embedded`. */
export function reportOutcome(outcome: RunOutcome, jsonFile?: string): void {
  const title = `${outcome.config.model as string} [${outcome.config.quantization as string}] ${outcome.status}`;
  process.stdout.write(`${formatSummaryTable(outcome.summary, title)}\n`);
  if (outcome.upload) {
    process.stdout.write(
      outcome.upload.delivered
        ? `uploaded as run ${outcome.upload.runId}\n`
        : `not uploaded (${outcome.upload.offlineReason}); spooled to ${outcome.upload.spoolFile}; ` +
            `run "yardstick-agent upload" later\n`,
    );
  }
  if (jsonFile) {
    const { config, hardware, samples, summary } = outcome;
    writeFileSync(
      jsonFile,
      JSON.stringify({ config, hardware, samples, summary, status: outcome.status }, null, 2),
    );
    process.stdout.write(`wrote ${jsonFile}\n`);
  }
}

/** Runs a scenario with a progress line and Ctrl-C handling; returns the outcome. */
export async function runWithConsole(
  opts: Omit<RunOptions, 'signal' | 'onProgress' | 'log'>,
  measurement?: MeasurementOptions,
): Promise<RunOutcome> {
  const progress = createProgressLine();
  const log = (l: string) => process.stderr.write(`${l}\n`);
  // Telemetry readings go up after the run and its samples (upload/telemetry.upload.ts).
  const telemetry = captureTelemetry(measurement);
  const outcome = await withInterrupt(
    (signal) =>
      measuredRunAsOutcome(
        { ...opts, signal, onProgress: (p) => progress.update(p), log },
        telemetry.measurement,
      ).finally(() => progress.end()),
    () =>
      process.stderr.write(
        '\ninterrupted: stopping, cancelling in-flight requests, saving partial results\n',
      ),
  );
  await telemetry.upload(outcome, opts.server, defaultSpoolDir(), log);
  return outcome;
}

export function runCommand(): Command {
  return addServerOptions(addMeasurementOptions(new Command('run')), 'the run is uploaded as it runs')
    .description('Replay a scenario against an OpenAI-compatible endpoint and measure TTFT, TPOT, ITL, E2E')
    .requiredOption('--target <url>', 'base URL of the OpenAI-compatible server (e.g. http://127.0.0.1:8000)')
    .requiredOption('--scenario <file>', 'scenario YAML file (see scenarios/)')
    .option('--model <id>', "model id (default: the scenario's, else the first from GET /v1/models)")
    .option(
      '--quantization <label>',
      "quantization label (default: the target's /v1/models info, else unknown)",
    )
    .option(
      '--concurrency <n>',
      'closed loop: keep N requests in flight (overrides the scenario load)',
      positiveInt,
    )
    .option(
      '--rate <r>',
      'open loop at R requests/s: sets the rate of a constant/poisson/gamma/capped_rate load, else Poisson',
      positiveNumber,
    )
    .option('--requests <n>', 'stop after N measured requests (overrides the scenario stop)', positiveInt)
    .option('--duration <s>', 'stop scheduling after S seconds (overrides the scenario stop)', positiveNumber)
    .option('--api-key <key>', 'bearer token for the target')
    .option('--api <name>', `target API: ${TARGET_APIS.join(' | ')}`, 'chat')
    .option('--no-stream', 'send non-streamed requests (E2E only: TTFT, TPOT and ITL cannot be measured)')
    .option(
      '--extra-body <json>',
      'JSON object merged into every request body, e.g. \'{"top_k":1}\'',
      parseExtraBodyFlag,
    )
    .option('--header <name: value>', 'extra request header for the target (repeatable)', collectHeader)
    .option(
      '--upload-batch-size <n>',
      'samples per upload batch to POST /ingest/samples (default 5000, fewer when a batch reaches ~8 MB; ' +
        "at most 50000); batches of 20000 or more go as CSV, the server's faster path at that size, smaller as JSON",
      positiveInt,
    )
    .option(
      '--preconnect <n|auto|0>',
      'keep-alive connections to open before warm-up, so the first requests carry no connect time in ' +
        'TTFT; auto: the concurrency (or the rate cap), else min(256, rate x 0.25 s); split over --workers',
      preconnectSetting,
      'auto',
    )
    .option('--json <file>', 'write {config, hardware, samples, summary} to FILE')
    .addHelpText(
      'after',
      `
Load models (the scenario's load.type; see scenarios/README.md):
${loadModelsHelp()}

Examples:
  $ yardstick-agent run --target http://127.0.0.1:8000 --scenario scenarios/smoke.yaml
  $ yardstick-agent run --target http://gpu-box:8000 --scenario scenarios/smoke.yaml --rate 5 --duration 60 --json out.json
  $ yardstick-agent run --target http://gpu-box:8000 --scenario scenarios/smoke.yaml --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN`,
    )
    .action(async (flags: RunFlags) => {
      const server = serverFromFlags(flags, { batchSize: flags.uploadBatchSize });
      const scenario = loadScenarioFile(flags.scenario);
      const hardware = await detectHardware();
      const measurement = measurementFromFlags(flags);
      const workers = measurement.workers ?? 1;
      const outcome = await runWithConsole(
        {
          targetUrl: flags.target,
          scenario,
          scenarioFile: flags.scenario,
          model: flags.model,
          quantization: flags.quantization,
          overrides: {
            concurrency: flags.concurrency,
            ratePerS: flags.rate,
            requests: flags.requests,
            durationS: flags.duration,
          },
          apiKey: flags.apiKey,
          targetOptions: {
            api: flags.api,
            stream: flags.stream,
            extraBody: flags.extraBody,
            headers: flags.header,
          },
          hardware,
          // Each worker process has its own pool: an explicit count is split between them.
          preconnect: flags.preconnect === 'auto' ? 'auto' : Math.ceil(flags.preconnect / workers),
          server,
        },
        measurement,
      );
      reportOutcome(outcome, flags.json);
      if (outcome.status === 'ABORTED') process.exitCode = 130;
    });
}
