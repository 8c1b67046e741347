import { Command, Option } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadScenarioFile } from '../scenario/scenario.loader';
import { describeSkipped, startEngineServer } from './engine.loader';
import { reportOutcome, runWithConsole } from './run.command';

interface BenchFlags {
  server: string;
  token: string;
  scenario: string;
  quantization: string;
  preset: 'tiny' | 'small';
  spoolDir?: string;
}

const QUANTIZATIONS = ['fp32', 'int8'] as const;

/** Parses `--quantization fp32,int8`; the error lists the accepted levels. */
export function parseQuantizationList(value: string): ('fp32' | 'int8')[] {
  const levels = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const level of levels) {
    if (!(QUANTIZATIONS as readonly string[]).includes(level)) {
      throw new Error(
        `--quantization: "${level}" is not supported by the embedded engine; use ${QUANTIZATIONS.join(',')}`,
      );
    }
  }
  if (levels.length === 0) throw new Error('--quantization: give at least one level, e.g. fp32,int8');
  return levels as ('fp32' | 'int8')[];
}

export function benchEmbeddedCommand(): Command {
  return new Command('bench-embedded')
    .description('Benchmark the embedded engine at each quantization level and upload every run')
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'agent token')
    .requiredOption('--scenario <file>', 'scenario YAML file')
    .option('--quantization <list>', 'comma-separated levels', 'fp32,int8')
    .addOption(new Option('--preset <name>', 'model size').choices(['tiny', 'small']).default('small'))
    .option('--spool-dir <dir>', 'spool folder (default ~/.yardstick/spool)')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml --quantization int8 --preset tiny`,
    )
    .action(async (flags: BenchFlags) => {
      const levels = parseQuantizationList(flags.quantization);
      const scenario = loadScenarioFile(flags.scenario);
      const hardware = await detectHardware();
      for (const [i, quantization] of levels.entries()) {
        process.stdout.write(
          `[${i + 1}/${levels.length}] starting embedded engine (${flags.preset}, ${quantization})\n`,
        );
        const engine = await startEngineServer({ quantization, preset: flags.preset, port: 0 });
        try {
          process.stdout.write(`  ${engine.info.modelId} on ${engine.url}, backend ${engine.info.backend}\n`);
          for (const line of describeSkipped(engine.info)) process.stdout.write(`  skipped ${line}\n`);
          const outcome = await runWithConsole({
            targetUrl: engine.url,
            scenario,
            scenarioFile: flags.scenario,
            model: engine.info.modelId,
            quantization: engine.info.quantization,
            targetEngine: 'yardstick-embedded',
            engineBackend: engine.info.backend,
            engineInfo: engine.info,
            hardware,
            server: { url: flags.server, token: flags.token, spoolDir: flags.spoolDir },
          });
          reportOutcome(outcome);
          if (outcome.status === 'ABORTED') {
            process.exitCode = 130;
            return;
          }
        } finally {
          await engine.close();
        }
      }
    });
}
