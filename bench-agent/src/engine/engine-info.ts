import type { SeededGgufInfo } from './gguf/gguf-cache';
import type { PhaseReport, RooflineCeilings } from './roofline';

/** The two embedded engines. */
export type EngineName = 'tfjs' | 'llamacpp';

/** A user's own GGUF model (`--model-file`), as its metadata describes it. */
export interface ModelFileInfo {
  path: string;
  /** general.architecture, e.g. 'llama', 'qwen2'. */
  architecture: string;
  /** general.name when the file has one. */
  name: string | null;
  /** Elements of all tensors in the file. */
  parameterCount: number;
  /** general.file_type as llama.cpp names it (e.g. MOSTLY_Q4_K_M), or null when absent. */
  fileType: string | null;
  sizeBytes: number;
}

/** Everything recorded about the engine with each run (`/v1/models` → `yardstick`, the run config). */
export interface EngineInfo {
  engine: EngineName;
  /** node-llama-cpp and llama.cpp release, or the tfjs version. */
  engineVersion: string;
  modelId: string;
  /** The seeded preset, or null for a user's model file. */
  preset: string | null;
  quantization: string;
  storagePrecision: string;
  computePrecision: string;
  weightBytes: number;
  paramCount: number;
  /** tfjs: 'wasm', 'cpu', 'tfjs-node', 'tfjs-node-gpu'; llama.cpp: 'llama.cpp/cpu-<variant>', 'llama.cpp/cuda', … */
  backend: string;
  /** Better backends (or engines, or GPU builds) passed over, each with the reason. */
  skippedBackends: { backend: string; reason: string }[];
  tokenizer: string;
  /** Weight seed of a preset; null for a model file. */
  seed: number | null;
  /** The longest prompt + max_tokens accepted per sequence, and the batch limit. */
  contextLength: number;
  maxBatch: number;
  /** CPU threads llama.cpp computes with (default cores − 1); null for tfjs (its backends pick their own). */
  threads: number | null;
  /** KV cache element type: 'f32' (tfjs), 'f16' (llama.cpp's default). */
  kvCacheType: string;
  /** The real model whose shape the preset copies (null for tiny/small/model files), and how it differs. */
  shapeOf: string | null;
  shapeNotes: string | null;
  /** This engine's measured ceilings on this machine, or null when `roofline: false`. */
  roofline: RooflineCeilings | null;
  /** The GGUF file llama.cpp runs for a preset (path, checksum), or null. */
  gguf: SeededGgufInfo | null;
  /** The user's model file (`--model-file`), or null. */
  modelFile: ModelFileInfo | null;
}

/** Achieved throughput and roofline fractions since start, prefill and decode separately. */
export interface EnginePerformance {
  prefill: PhaseReport | null;
  decode: PhaseReport | null;
}

export interface RunningEngine {
  url: string;
  info: EngineInfo;
  /** The process running the model: llama.cpp's child process, or this process for TensorFlow.js. */
  pid: number;
  /** Prefill and decode figures so far (null per phase without ceilings or without work yet). */
  performance(): Promise<EnginePerformance>;
  close(): Promise<void>;
}
