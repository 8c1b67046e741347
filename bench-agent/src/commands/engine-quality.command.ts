import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MODEL_PRESETS } from '../engine/model-config';
import { QUANTIZATION_LEVELS, type QuantizationLevel } from '../engine/quantization-levels';
import { measureEngineQuality, engineAction } from './engine.loader';
import { parseQuantizationList } from './bench-embedded.command';
import { positiveInt } from './parse-options';

interface QualityFlags {
  preset: keyof typeof MODEL_PRESETS;
  quantization: QuantizationLevel[];
  backend: 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';
  seed: number;
  tokens: number;
  json?: string;
}

/**
 * `yardstick-agent engine-quality`: how far each quantization level's output distribution moves
 * from fp32 (mean KL divergence over a fixed prompt set, same seed), next to its weight bytes.
 */
export function engineQualityCommand(): Command {
  return new Command('engine-quality')
    .description(
      'Compare the embedded engine at each quantization level with fp32: mean KL divergence of the logits over a fixed prompt set',
    )
    .addOption(
      new Option('--preset <name>', 'model shape').choices(Object.keys(MODEL_PRESETS)).default('small'),
    )
    .option('--quantization <list>', `comma-separated levels (${QUANTIZATION_LEVELS.join(',')})`, levelList, [
      'fp16',
      'int8',
      'int4',
    ] as QuantizationLevel[])
    .addOption(
      new Option('--backend <b>', 'TensorFlow.js backend (auto = best that loads)')
        .choices(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
        .default('auto'),
    )
    .option(
      '--seed <n>',
      'weight seed (the same weights before quantization at every level)',
      nonNegativeInt,
      0,
    )
    .option('--tokens <n>', 'greedy fp32 tokens compared after each prompt', positiveInt, 8)
    .option('--json <file>', 'also write the report as JSON')
    .addHelpText(
      'after',
      `
KL(p_fp32 || p_level) is taken at every position (each prompt's last token, then --tokens greedy
fp32 tokens fed to every level alike), in nats; 0 = identical distributions. Weights are random
(seeded), so this measures how much quantization noise reaches the output, not task accuracy.

Examples:
  $ yardstick-agent engine-quality
  $ yardstick-agent engine-quality --preset smollm-135m --quantization int8,int4 --json quality.json`,
    )
    .action(
      engineAction(async (flags: QualityFlags) => {
        const levels = flags.quantization;
        const { backend, skipped, report } = await measureEngineQuality(flags.backend, {
          preset: flags.preset,
          levels: levels as QuantizationLevel[],
          seed: flags.seed,
          continuationTokens: flags.tokens,
        });
        process.stdout.write(
          `${report.preset} (seed ${report.seed}) on ${backend}: ${report.positions} positions, ${report.promptSet}, reference fp32\n`,
        );
        for (const line of skipped) process.stdout.write(`  skipped ${line}\n`);
        process.stdout.write(
          `${'level'.padEnd(6)} ${'storage'.padEnd(34)} ${'compute'.padEnd(8)} ${'weight MB'.padStart(10)} ` +
            `${'mean KL'.padStart(11)} ${'max KL'.padStart(11)} ${'top-1 agree'.padStart(12)}\n`,
        );
        for (const l of report.levels) {
          process.stdout.write(
            `${l.quantization.padEnd(6)} ${l.storagePrecision.padEnd(34)} ${l.computePrecision.padEnd(8)} ` +
              `${(l.weightBytes / 1e6).toFixed(2).padStart(10)} ${l.meanKlNats.toExponential(3).padStart(11)} ` +
              `${l.maxKlNats.toExponential(3).padStart(11)} ${`${(l.top1Agreement * 100).toFixed(1)}%`.padStart(12)}\n`,
          );
        }
        if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ backend, ...report }, null, 2)}\n`);
      }),
    );
}

/** `--quantization fp16,int8` -> levels; a usage error (not a stack trace) names the accepted ones. */
function levelList(value: string): QuantizationLevel[] {
  try {
    return parseQuantizationList(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--quantization: /, ''));
  }
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return n;
}
