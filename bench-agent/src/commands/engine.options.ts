import { InvalidArgumentError, Option, type Command } from 'commander';
import { asLlamaCppLevel, LLAMACPP_LEVELS } from '../engine/gguf/llamacpp-levels';
import { LLAMA_GPU_CHOICES } from '../engine/llamacpp/llamacpp.runtime';
import { MODEL_PRESETS } from '../engine/model-config';
import { QUANTIZATION_LEVELS } from '../engine/quantization-levels';
import { positiveInt } from './parse-options';

/** Every level either engine accepts: llama.cpp's (F32 … Q4_0) and TensorFlow.js's (fp32 … int4). */
export const ALL_LEVELS: readonly string[] = [...LLAMACPP_LEVELS, ...QUANTIZATION_LEVELS];

/** Flags the engine commands share (serve-engine, bench-embedded, engine-quality). */
export interface EngineFlags {
  engine: 'auto' | 'llamacpp' | 'tfjs';
  preset: keyof typeof MODEL_PRESETS;
  backend: 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';
  gpu: 'auto' | 'cpu' | 'cuda' | 'vulkan' | 'metal';
  threads?: number;
  debug?: boolean;
}

/** Adds --engine, --preset, --backend, --gpu, --threads and --debug to an engine command. */
export function withEngineOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--engine <name>',
        'llamacpp (real low-bit kernels) or tfjs (fp32 compute); auto = llama.cpp where it loads',
      )
        .choices(['auto', 'llamacpp', 'tfjs'])
        .default('auto'),
    )
    .addOption(
      new Option('--preset <name>', 'model shape (smollm-135m, qwen2.5-0.5b, llama-3.2-1b copy real models)')
        .choices(Object.keys(MODEL_PRESETS))
        .default('small'),
    )
    .addOption(
      new Option('--backend <b>', 'TensorFlow.js backend (tfjs engine; auto = best that loads)')
        .choices(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
        .default('auto'),
    )
    .addOption(
      new Option('--gpu <build>', 'llama.cpp build (auto = a GPU build where one works, else the CPU build)')
        .choices([...LLAMA_GPU_CHOICES])
        .default('auto'),
    )
    .option('--threads <n>', 'llama.cpp CPU threads (default: cores − 1)', positiveInt)
    .option('--debug', 'print stack traces and llama.cpp log lines');
}

/**
 * Parses `--quantization F16,Q8_0,fp32`: each level names its engine (GGUF names, in either case,
 * run on llama.cpp and come back upper-case; fp32/fp16/int8/int4 on TensorFlow.js). The error lists
 * the accepted levels.
 */
export function parseLevelList(value: string): string[] {
  const levels = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => ((QUANTIZATION_LEVELS as readonly string[]).includes(v) ? v : (asLlamaCppLevel(v) ?? v)));
  for (const level of levels) {
    if (!ALL_LEVELS.includes(level))
      throw new InvalidArgumentError(
        `"${level}" is not a level of either engine; llama.cpp: ${LLAMACPP_LEVELS.join(',')}; tfjs: ${QUANTIZATION_LEVELS.join(',')}`,
      );
  }
  if (levels.length === 0) throw new InvalidArgumentError('give at least one level, e.g. Q8_0,Q4_0');
  return levels;
}

/** The engine a level belongs to. */
export function engineOfLevel(level: string): 'llamacpp' | 'tfjs' {
  return (QUANTIZATION_LEVELS as readonly string[]).includes(level) ? 'tfjs' : 'llamacpp';
}
