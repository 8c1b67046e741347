import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { levelsFor, LLAMACPP_LEVELS } from '../engine/gguf/llamacpp-levels';
import { resolvePreset } from '../engine/model-config';
import { QUANTIZATION_LEVELS, type QuantizationLevel } from '../engine/quantization-levels';
import { engineOfLevel, parseLevelList, withEngineOptions, type EngineFlags } from './engine.options';
import {
  engineAction,
  measureEngineQuality,
  measureLlamaCppQuality,
  type QualityReport,
} from './engine.loader';
import { positiveInt } from './parse-options';

interface QualityFlags extends EngineFlags {
  quantization?: string[];
  seed: number;
  tokens: number;
  json?: string;
}

/**
 * `yardstick-agent engine-quality`: how far each quantization level's output distribution moves
 * from its engine's full-precision run (mean KL divergence and top-1 agreement over a fixed prompt
 * set, same seeded weights), next to its weight bytes. llama.cpp levels compare with llama.cpp F32,
 * TensorFlow.js levels with tfjs fp32.
 */
export function engineQualityCommand(): Command {
  return withEngineOptions(
    new Command('engine-quality').description(
      'Compare the embedded engine at each quantization level with full precision: mean KL divergence and top-1 agreement over a fixed prompt set',
    ),
  )
    .option(
      '--quantization <list>',
      `comma-separated levels of one engine (llama.cpp: ${LLAMACPP_LEVELS.join(',')}; tfjs: ${QUANTIZATION_LEVELS.join(',')}); default: every level the preset fits`,
      parseLevelList,
    )
    .option(
      '--seed <n>',
      'weight seed (the same weights before quantization at every level)',
      nonNegativeInt,
      0,
    )
    .option('--tokens <n>', 'greedy full-precision tokens compared after each prompt', positiveInt, 8)
    .option('--json <file>', 'also write the report as JSON')
    .addHelpText(
      'after',
      `
KL(p_ref || p_level) is taken at every position (each prompt's last token, then --tokens greedy
reference tokens fed to every level alike), in nats; 0 = identical distributions. Weights are random
(seeded), so this measures how much quantization noise reaches the output, not task accuracy.

Examples:
  $ yardstick-agent engine-quality                                  # llama.cpp levels of the small preset
  $ yardstick-agent engine-quality --preset smollm-135m --quantization Q8_0,Q4_0 --json quality.json
  $ yardstick-agent engine-quality --engine tfjs --quantization fp16,int8,int4`,
    )
    .action(
      engineAction(async (flags: QualityFlags) => {
        const engine = pickEngine(flags);
        const config = resolvePreset(flags.preset);
        let report: QualityReport;
        let backend: string;
        let skipped: string[] = [];
        if (engine === 'llamacpp') {
          const levels = flags.quantization ?? levelsFor(config).filter((l) => l !== 'F32');
          report = await measureLlamaCppQuality({
            preset: flags.preset,
            levels,
            seed: flags.seed,
            continuationTokens: flags.tokens,
            gpu: flags.gpu,
            threads: flags.threads,
          });
          backend = 'llama.cpp';
        } else {
          const levels = (flags.quantization ?? ['fp16', 'int8', 'int4']) as QuantizationLevel[];
          const measured = await measureEngineQuality(flags.backend, {
            preset: flags.preset,
            levels,
            seed: flags.seed,
            continuationTokens: flags.tokens,
          });
          skipped = measured.skipped;
          report = measured.report;
          backend = measured.backend;
        }
        process.stdout.write(
          `${report.preset} (seed ${report.seed}) on ${backend}: ${report.positions} positions, ${report.promptSet}, reference ${report.reference}\n`,
        );
        for (const line of skipped) process.stdout.write(`  skipped ${line}\n`);
        process.stdout.write(
          `${'level'.padEnd(6)} ${'storage'.padEnd(58)} ${'weight MB'.padStart(10)} ` +
            `${'mean KL'.padStart(11)} ${'max KL'.padStart(11)} ${'top-1 agree'.padStart(12)}\n`,
        );
        for (const l of report.levels) {
          process.stdout.write(
            `${l.quantization.padEnd(6)} ${l.storagePrecision.padEnd(58)} ` +
              `${(l.weightBytes / 1e6).toFixed(2).padStart(10)} ${l.meanKlNats.toExponential(3).padStart(11)} ` +
              `${l.maxKlNats.toExponential(3).padStart(11)} ${`${(l.top1Agreement * 100).toFixed(1)}%`.padStart(12)}\n`,
          );
        }
        if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ backend, ...report }, null, 2)}\n`);
      }),
    );
}

/** The engine the levels name (all of one engine), else --engine (auto = llama.cpp). */
function pickEngine(flags: QualityFlags): 'llamacpp' | 'tfjs' {
  const engines = new Set((flags.quantization ?? []).map(engineOfLevel));
  if (engines.size > 1)
    throw new Error(
      '--quantization: give levels of one engine (llama.cpp upper-case GGUF names, or tfjs fp16/int8/int4)',
    );
  const byLevels = [...engines][0];
  if (byLevels && flags.engine !== 'auto' && byLevels !== flags.engine)
    throw new Error(
      `--quantization: ${flags.quantization!.join(',')} are ${byLevels} levels but --engine ${flags.engine} was given`,
    );
  return byLevels ?? (flags.engine === 'tfjs' ? 'tfjs' : 'llamacpp');
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return n;
}
