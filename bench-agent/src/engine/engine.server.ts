import type { BackendChoice } from './backend.service';
import type { EngineName, RunningEngine } from './engine-info';
import { asLlamaCppLevel, LLAMACPP_LEVELS, type LlamaCppLevel } from './gguf/llamacpp-levels';
import { LlamaCppUnavailable, startLlamaCppEngine } from './llamacpp/llamacpp-engine';
import type { LlamaGpuChoice } from './llamacpp/llamacpp.runtime';
import { resolvePreset, type ModelPreset } from './model-config';
import { QUANTIZATION_LEVELS, resolveQuantization, type QuantizationLevel } from './quantization-levels';
import { startTfjsEngine } from './tfjs-engine';

export type EngineChoice = 'auto' | EngineName;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'llamacpp', 'tfjs'];

export interface EngineOptions {
  /** `auto` (default): llama.cpp where it loads, else TensorFlow.js (the reason is recorded). */
  engine?: EngineChoice;
  preset?: ModelPreset;
  /** tfjs: fp32 | fp16 | int8 | int4; llama.cpp: F32 | F16 | Q8_0 | Q6_K | Q5_K | Q4_K | Q4_0. */
  quantization?: QuantizationLevel | LlamaCppLevel;
  seed?: number;
  /** TensorFlow.js backend (tfjs engine only). */
  backend?: BackendChoice;
  /** llama.cpp build: auto (GPU where one works, else CPU), cpu, cuda, vulkan, metal. */
  gpu?: LlamaGpuChoice;
  /** llama.cpp CPU threads (default cores − 1). */
  threads?: number;
  /** A user's GGUF model for llama.cpp instead of a seeded preset. */
  modelFile?: string;
  /** llama.cpp KV cache type (default F16, llama.cpp's own default). */
  kvCacheType?: 'F16' | 'F32';
  /** Folder for generated GGUF files (default ~/.cache/yardstick; YARDSTICK_CACHE_DIR). */
  cacheDir?: string;
  host?: string;
  port?: number;
  maxBatch?: number;
  /** Measure the engine's ceilings at start (~1 s); default true. */
  roofline?: boolean;
  log?: (line: string) => void;
}

export type { EngineInfo, EnginePerformance, RunningEngine } from './engine-info';

/**
 * Which engine runs: `--model-file` and llama.cpp level names need llama.cpp; tfjs level names and a
 * tfjs `--backend` need TensorFlow.js; otherwise `auto` tries llama.cpp first.
 */
export function resolveEngine(opts: EngineOptions): EngineChoice {
  const requested = opts.engine ?? 'auto';
  if (!ENGINE_CHOICES.includes(requested))
    throw new Error(`engine: unknown engine '${String(requested)}'; use one of ${ENGINE_CHOICES.join(', ')}`);
  const level = opts.quantization as string | undefined;
  const tfjsLevel = level !== undefined && (QUANTIZATION_LEVELS as readonly string[]).includes(level);
  const llamaLevel = level !== undefined && asLlamaCppLevel(level) !== null;
  if (level !== undefined && !tfjsLevel && !llamaLevel)
    throw new Error(
      `quantization: unknown level '${level}'; llama.cpp: ${LLAMACPP_LEVELS.join(', ')}; tfjs: ${QUANTIZATION_LEVELS.join(', ')}`,
    );
  const wants: EngineName | null =
    opts.modelFile || llamaLevel
      ? 'llamacpp'
      : tfjsLevel || (opts.backend && opts.backend !== 'auto')
        ? 'tfjs'
        : null;
  if (requested === 'auto') return wants ?? 'auto';
  if (wants && wants !== requested) {
    const why = opts.modelFile
      ? '--model-file runs on llama.cpp'
      : `'${level ?? opts.backend}' belongs to the ${wants} engine`;
    throw new Error(
      `engine: ${requested} requested but ${why}; ` +
        (requested === 'tfjs'
          ? `use --quantization ${QUANTIZATION_LEVELS.join('|')}`
          : `use --quantization ${LLAMACPP_LEVELS.join('|')}`),
    );
  }
  return requested;
}

/**
 * Starts the embedded engine and serves it as an OpenAI-compatible endpoint on 127.0.0.1 (port 0 =
 * any free port). llama.cpp runs in a child process (a native crash cannot take the agent down);
 * TensorFlow.js runs in this process. With `auto`, llama.cpp is tried first and, where it cannot
 * run at all (no binding, no loadable CPU build), TensorFlow.js serves instead with the reason in
 * `info.skippedBackends`.
 */
export async function startEngineServer(opts: EngineOptions = {}): Promise<RunningEngine> {
  const seed = opts.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed: must be an integer, got ${seed}`);
  const log = opts.log ?? (() => {});
  const maxBatch = opts.maxBatch ?? 8;
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new Error(`maxBatch: must be an integer ≥ 1, got ${maxBatch}`);
  const engine = resolveEngine(opts);
  const level = opts.quantization as string | undefined;
  const skippedBefore: { backend: string; reason: string }[] = [];
  if (engine !== 'tfjs') {
    if (!opts.modelFile) resolvePreset(opts.preset);
    try {
      return await startLlamaCppEngine(
        {
          preset: opts.preset,
          quantization: level,
          seed,
          modelFile: opts.modelFile,
          gpu: opts.gpu ?? 'auto',
          threads: opts.threads,
          kvCacheType: opts.kvCacheType ?? 'F16',
          host: opts.host,
          port: opts.port,
          maxBatch,
          roofline: opts.roofline !== false,
          cacheDir: opts.cacheDir,
          skippedBefore,
        },
        log,
      );
    } catch (error) {
      if (engine !== 'auto' || !(error instanceof LlamaCppUnavailable)) throw error;
      skippedBefore.push({ backend: 'llama.cpp', reason: error.message });
      log(`engine: llama.cpp cannot run here (${error.message}); serving with TensorFlow.js`);
    }
  }
  return startTfjsEngine({
    config: resolvePreset(opts.preset),
    quantization: resolveQuantization(level),
    seed,
    backend: opts.backend ?? 'auto',
    host: opts.host,
    port: opts.port,
    maxBatch,
    roofline: opts.roofline !== false,
    skippedBefore,
    log,
  });
}
