import { Command, Option } from 'commander';
import { detectHardware } from '../detect/hardware.detector';
import { loadScenarioFile } from '../scenario/scenario.loader';
import { MODEL_PRESETS, type ModelPreset } from '../engine/model-config';
import { QUANTIZATION_LEVELS, type QuantizationLevel } from '../engine/quantization-levels';
import {
  describePerformance,
  describeSkipped,
  startEngineServer,
  type EngineOptions,
  engineAction,
} from './engine.loader';
import { reportOutcome, runWithConsole } from './run.command';

interface BenchFlags {
  server: string;
  token: string;
  scenario: string;
  quantization: string;
  preset: ModelPreset;
  backend: EngineOptions['backend'];
  spoolDir?: string;
}

const QUANTIZATIONS = QUANTIZATION_LEVELS;

/** Parses `--quantization fp32,int8`; the error lists the accepted levels. */
export function parseQuantizationList(value: string): QuantizationLevel[] {
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
  return levels as QuantizationLevel[];
}

export function benchEmbeddedCommand(): Command {
  return new Command('bench-embedded')
    .description('Benchmark the embedded engine at each quantization level and upload every run')
    .requiredOption('--server <url>', 'Yardstick server (e.g. http://127.0.0.1:4000)')
    .requiredOption('--token <token>', 'agent token')
    .requiredOption('--scenario <file>', 'scenario YAML file')
    .option('--quantization <list>', `comma-separated levels (${QUANTIZATION_LEVELS.join(',')})`, 'fp32,int8')
    .addOption(
      new Option('--preset <name>', 'model shape (smollm-135m, qwen2.5-0.5b, llama-3.2-1b copy real models)')
        .choices(Object.keys(MODEL_PRESETS))
        .default('small'),
    )
    .addOption(
      new Option('--backend <b>', 'TensorFlow.js backend (auto = best that loads)')
        .choices(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
        .default('auto'),
    )
    .option('--spool-dir <dir>', 'spool folder (default ~/.yardstick/spool)')
    .addHelpText(
      'after',
      `
Examples:
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml --quantization int8 --preset tiny
  $ yardstick-agent bench-embedded --server http://127.0.0.1:4000 --token $T --scenario scenarios/smoke.yaml --preset smollm-135m --quantization fp32,int4

Levels: fp32, fp16, int8, int4 (groups of 32). Every level computes in fp32 on the tfjs backends:
quantization saves weight memory, not arithmetic. After each run the achieved FLOP/s and bytes/s of
prefill and decode are printed as fractions of this machine's measured ceilings.`,
    )
    .action(
      engineAction(async (flags: BenchFlags) => {
        const levels = parseQuantizationList(flags.quantization);
        const scenario = loadScenarioFile(flags.scenario);
        const hardware = await detectHardware();
        for (const [i, quantization] of levels.entries()) {
          process.stdout.write(
            `[${i + 1}/${levels.length}] starting embedded engine (${flags.preset}, ${quantization})\n`,
          );
          const engine = await startEngineServer({
            quantization,
            preset: flags.preset,
            backend: flags.backend,
            port: 0,
          });
          try {
            process.stdout.write(
              `  ${engine.info.modelId} on ${engine.url}, backend ${engine.info.backend}\n`,
            );
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
              // Achieved FLOP/s and bytes/s against this machine's ceilings, stored with the run.
              finalizeSummary: async (summary) => ({ ...summary, enginePerformance: engine.performance() }),
            });
            reportOutcome(outcome);
            for (const line of describePerformance(engine.performance(), engine.info))
              process.stdout.write(`  ${line}\n`);
            if (outcome.status === 'ABORTED') {
              process.exitCode = 130;
              return;
            }
          } finally {
            await engine.close();
          }
        }
      }),
    );
}
