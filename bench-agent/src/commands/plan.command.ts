import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadPlanFile } from '../plan/plan.schema';
import { runPlan } from '../plan/plan.service';
import { sweepCsv, sweepTable } from '../sweep/sweep-report';
import { withInterrupt } from './parse-options';
import { addServerOptions, serverFromFlags, type ServerFlags } from './server.options';
import { addMeasurementOptions, measurementFromFlags, type MeasurementFlags } from './sweep.options';

interface PlanFlags extends MeasurementFlags, ServerFlags {
  apiKey?: string;
  json?: string;
  csv?: string;
}

const fmt = (v: number | null | undefined, d = 1): string =>
  v === null || v === undefined ? '-' : v.toFixed(d);

export function planCommand(): Command {
  const cmd = new Command('plan')
    .description(
      'Run a plan file: start each server launch profile (one per quantization level), wait for its health check, ' +
        'benchmark it (a run or a sweep), stop it and keep its log',
    )
    .argument(
      '<file>',
      'run plan YAML (scenario, target, profiles: [{quantization, command, health_url, startup_timeout_s}])',
    )
    .option('--api-key <key>', 'bearer token for the target')
    .option('--json <file>', 'write every profile result to FILE')
    .option('--csv <file>', 'write sweep rows (when the plan sweeps) to FILE');
  return addMeasurementOptions(addServerOptions(cmd, 'each run is uploaded'))
    .addHelpText(
      'after',
      `
Plan file example (paths relative to the plan file):
  scenario: ../scenarios/smoke.yaml
  target: http://127.0.0.1:8123
  startup_timeout_s: 120
  load: { requests: 50 }
  profiles:
    - quantization: fp32
      command: node bench-agent/bin/yardstick-agent.js serve-engine --port 8123 --quantization fp32
    - quantization: int8
      command: node bench-agent/bin/yardstick-agent.js serve-engine --port 8123 --quantization int8

Example:
  $ yardstick-agent plan plans/quantization.yaml --server http://127.0.0.1:4000 --token $YARDSTICK_TOKEN`,
    )
    .action(async (file: string, flags: PlanFlags) => {
      const server = serverFromFlags(flags);
      const plan = loadPlanFile(file);
      const measurement = measurementFromFlags(flags);
      const hardware = await detectHardware();
      const results = await withInterrupt((signal) =>
        runPlan({
          plan,
          base: {
            apiKey: flags.apiKey,
            hardware,
            signal,
            keepSamples: false,
            log: (l) => process.stderr.write(`${l}\n`),
            server,
          },
          measurement,
          log: (l) => process.stderr.write(`${l}\n`),
        }),
      );
      const rows = results.flatMap((r) => r.rows ?? []);
      if (rows.length > 0) process.stdout.write(`${sweepTable(rows)}\n`);
      for (const r of results) {
        const s = r.summary;
        process.stdout.write(
          `${r.quantization.padEnd(12)} ${r.status.padEnd(10)} startup ${fmt(r.startupS)} s` +
            (s
              ? `  ${fmt(s.requestsPerS, 2)} req/s  ${fmt(s.outputTokensPerS)} out tok/s  TTFT p95 ${fmt(s.ttftMs.p95)} ms` +
                `  TPOT p95 ${fmt(s.tpotMs.p95, 2)} ms  errors ${s.errors}`
              : '') +
            (r.error ? `  error: ${r.error}` : '') +
            `  log ${r.logFile}\n`,
        );
      }
      if (flags.json) writeFileSync(flags.json, JSON.stringify(results, null, 2));
      if (flags.csv && rows.length > 0) writeFileSync(flags.csv, sweepCsv(rows));
      if (results.some((r) => r.status === 'FAILED')) process.exitCode = 1;
    });
}
