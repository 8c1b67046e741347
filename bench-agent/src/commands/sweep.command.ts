import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadScenarioFile } from '../scenario/scenario.loader';
import { parseSweepPoints, runSweep } from '../sweep/sweep.service';
import { sweepCsv, sweepTable, sweepVerdicts } from '../sweep/sweep-report';
import { positiveInt, positiveNumber, withInterrupt } from './parse-options';
import { addServerOptions, serverFromFlags, type ServerFlags } from './server.options';
import { addMeasurementOptions, measurementFromFlags, type MeasurementFlags } from './sweep.options';
import type { SweepPoint } from '../sweep/sweep.types';

interface SweepFlags extends MeasurementFlags, ServerFlags {
  target: string;
  scenario: string;
  model?: string;
  quantization?: string;
  concurrency?: string;
  rates?: string;
  requests?: number;
  duration?: number;
  apiKey?: string;
  json?: string;
  csv?: string;
  continuePastSaturation?: boolean;
}

export function sweepCommand(): Command {
  const cmd = new Command('sweep')
    .description(
      'Run a scenario at increasing load (concurrency or rate): one row per point, the highest load that meets the ' +
        "scenario's SLO, the maximum goodput, and where throughput saturates",
    )
    .requiredOption('--target <url>', 'base URL of the OpenAI-compatible server')
    .requiredOption('--scenario <file>', 'scenario YAML file (its slo block defines goodput)')
    .option('--concurrency <list>', 'closed-loop points: 1,2,4,8 or a range 1..64 (powers of two)')
    .option('--rates <list>', 'open-loop points in requests/s: 1,2,5,10')
    .option('--requests <n>', 'measured requests per point (default: the scenario stop block)', positiveInt)
    .option('--duration <s>', 'seconds per point', positiveNumber)
    .option('--continue-past-saturation', 'run every point even after throughput saturates')
    .option('--model <id>', 'model id')
    .option('--quantization <label>', 'quantization label recorded with every point')
    .option('--api-key <key>', 'bearer token for the target')
    .option('--json <file>', 'write {rows, verdicts} to FILE')
    .option('--csv <file>', 'write one CSV row per point to FILE');
  return addMeasurementOptions(addServerOptions(cmd, 'each point is uploaded as its own run'))
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent sweep --target http://127.0.0.1:8000 --scenario scenarios/chat.yaml --concurrency 1..64 --requests 200
  $ yardstick-agent sweep --target http://gpu:8000 --scenario scenarios/chat.yaml --rates 1,2,4,8,16 --duration 60 --csv sweep.csv`,
    )
    .action(async (flags: SweepFlags) => {
      if ((flags.concurrency === undefined) === (flags.rates === undefined)) {
        throw new Error('give exactly one of --concurrency <list> or --rates <list>');
      }
      const server = serverFromFlags(flags);
      const points: SweepPoint[] = flags.concurrency
        ? parseSweepPoints('concurrency', flags.concurrency)
        : parseSweepPoints('rate', flags.rates!);
      const measurement = measurementFromFlags(flags);
      const scenario = loadScenarioFile(flags.scenario);
      const hardware = await detectHardware();
      const rows = await withInterrupt((signal) =>
        runSweep({
          run: {
            targetUrl: flags.target,
            scenario,
            scenarioFile: flags.scenario,
            model: flags.model,
            quantization: flags.quantization,
            apiKey: flags.apiKey,
            hardware,
            signal,
            keepSamples: false,
            log: (l) => process.stderr.write(`${l}\n`),
            server,
          },
          points,
          measurement,
          requestsPerPoint: flags.requests,
          durationSPerPoint: flags.duration,
          stopAtSaturation: !flags.continuePastSaturation,
          onRow: (r) =>
            process.stderr.write(
              `point ${r.loadKind} ${r.load}: ${r.requestsPerS?.toFixed(2) ?? '-'} req/s, goodput ` +
                `${r.goodputOutputTokensPerS?.toFixed(1) ?? '-'} tok/s${r.saturated ? ' (saturated)' : ''}\n`,
            ),
        }),
      );
      process.stdout.write(`${sweepTable(rows)}\n`);
      if (flags.json) {
        writeFileSync(flags.json, JSON.stringify({ rows, verdicts: sweepVerdicts(rows) }, null, 2));
        process.stdout.write(`wrote ${flags.json}\n`);
      }
      if (flags.csv) {
        writeFileSync(flags.csv, sweepCsv(rows));
        process.stdout.write(`wrote ${flags.csv}\n`);
      }
    });
}
