import { basename } from 'node:path';
import type { LlamaModel } from 'node-llama-cpp';
import type { EngineInfo, RunningEngine } from '../engine-info';
import { serveModel, type Tokenization } from '../engine-http';
import { ensureSeededGguf } from '../gguf/gguf-cache';
import { tensorBytes } from '../gguf/gguf.writer';
import { llamaCppLevelInfo, resolveLlamaCppLevel, assertLevelFits } from '../gguf/llamacpp-levels';
import { seededTensorSpecs } from '../gguf/seeded-gguf';
import { MAX_SERVED_CONTEXT, paramCount, resolvePreset } from '../model-config';
import { costShape, type CostShape } from '../roofline';
import { measureReadCeiling } from '../bandwidth.probe';
import { BYTE_TOKENIZATION } from '../tokenizer';
import { LlamaCppGenerationModel } from './llamacpp-generation';
import { loadLlamaCpp, type LlamaGpuChoice } from './llamacpp.runtime';
import { describeModelFile, modelFileCost, modelFileTokenization } from './model-file';

/** What the parent asks the llama.cpp child to serve (plain data: it crosses the IPC channel). */
export interface LlamaCppServeOptions {
  preset?: string;
  quantization?: string;
  seed: number;
  /** A user's GGUF file instead of a seeded preset. */
  modelFile?: string;
  gpu: LlamaGpuChoice;
  threads?: number;
  kvCacheType: 'F16' | 'F32';
  host?: string;
  port?: number;
  maxBatch: number;
  /** Tokens per sequence for a model file (default min(its training context, 4096)). */
  contextLength?: number;
  roofline: boolean;
  cacheDir?: string;
  /** Engines passed over before this one, with the reason. */
  skippedBefore: { backend: string; reason: string }[];
}

/** Marks the failure `auto` falls back from: llama.cpp cannot run here at all. */
export class LlamaCppUnavailableError extends Error {}

/**
 * Loads llama.cpp (in the child process) and serves either a seeded preset, written as GGUF on
 * first use, or a user's model file, through the shared OpenAI-compatible server.
 */
export async function serveLlamaCpp(
  opts: LlamaCppServeOptions,
  log: (line: string) => void,
): Promise<RunningEngine> {
  const runtime = await loadLlamaCpp(opts.gpu, opts.threads).catch((error: unknown) => {
    throw new LlamaCppUnavailableError((error as Error).message);
  });
  const kvBytes = opts.kvCacheType === 'F32' ? 4 : 2;
  const gpuLayers = runtime.gpu === false ? 0 : 'max';
  let model: LlamaModel;
  let info: Omit<EngineInfo, 'roofline'>;
  let cost: CostShape;
  let tokenization: Tokenization;
  if (opts.modelFile) {
    model = await runtime.llama.loadModel({ modelPath: opts.modelFile, gpuLayers });
    const file = describeModelFile(opts.modelFile, model);
    cost = modelFileCost(opts.modelFile, model, kvBytes);
    tokenization = await modelFileTokenization(model);
    const level = file.fileType?.replace(/^(MOSTLY|ALL)_/, '') ?? 'unknown';
    info = {
      ...common(),
      modelId: basename(opts.modelFile).replace(/\.gguf$/i, ''),
      preset: null,
      quantization: level.toLowerCase(),
      storagePrecision: `${file.fileType ?? 'unknown file type'} (per tensor as the file stores it)`,
      computePrecision: 'llama.cpp kernels for each stored type',
      weightBytes: cost.weightBytes,
      paramCount: file.parameterCount,
      tokenizer: tokenization.name,
      seed: null,
      contextLength: opts.contextLength ?? Math.min(model.trainContextSize, MAX_SERVED_CONTEXT),
      shapeOf: file.name,
      shapeNotes: `${file.architecture}, ${file.parameterCount} parameters, ${file.fileType ?? 'unknown file type'}`,
      gguf: null,
      modelFile: file,
    };
  } else {
    const config = resolvePreset(opts.preset);
    const level = resolveLlamaCppLevel(opts.quantization);
    assertLevelFits(config, level);
    const gguf = await ensureSeededGguf(config, opts.seed, level, opts.cacheDir, log);
    model = await runtime.llama.loadModel({ modelPath: gguf.path, gpuLayers });
    const weightBytes = seededTensorSpecs(config, level).reduce((n, spec) => n + tensorBytes(spec), 0);
    cost = costShape(config, weightBytes, kvBytes);
    tokenization = BYTE_TOKENIZATION;
    info = {
      ...common(),
      modelId: `yardstick-${config.preset}-${level.toLowerCase()}`,
      preset: config.preset,
      ...llamaCppLevelInfo(level),
      weightBytes,
      paramCount: paramCount(config),
      tokenizer: tokenization.name,
      seed: opts.seed,
      contextLength: config.contextLength,
      shapeOf: config.shapeOf,
      shapeNotes: config.shapeNotes,
      gguf,
      modelFile: null,
    };
  }
  function common() {
    return {
      engine: 'llamacpp' as const,
      engineVersion: runtime.version,
      backend: runtime.backend,
      skippedBackends: [...opts.skippedBefore, ...runtime.skipped],
      maxBatch: opts.maxBatch,
      threads: runtime.threads,
      kvCacheType: opts.kvCacheType.toLowerCase(),
    };
  }
  const roofline =
    opts.roofline && runtime.gpu === false
      ? await measureReadCeiling(runtime.backend, runtime.threads)
      : null;
  const generation = await LlamaCppGenerationModel.create(model, {
    maxSequences: opts.maxBatch,
    contextPerSequence: info.contextLength,
    threads: runtime.threads,
    kvCacheType: opts.kvCacheType,
    cost,
  });
  return serveModel(generation, { ...info, roofline }, tokenization, {
    host: opts.host,
    port: opts.port,
    log,
    onClose: async () => {
      await generation.dispose();
      await model.dispose();
      await runtime.llama.dispose();
    },
  });
}
