/**
 * The embedded inference engines: llama.cpp (through node-llama-cpp, in a child process) and a
 * TensorFlow.js transformer, both serving the same seeded model presets (or, for llama.cpp, a
 * user's GGUF file) as an OpenAI-compatible endpoint. See engine.server.ts and engine-http.ts.
 */
export {
  startEngineServer,
  resolveEngine,
  ENGINE_CHOICES,
  type EngineChoice,
  type EngineOptions,
} from './engine.server';
export type { EngineInfo, EngineName, EnginePerformance, RunningEngine } from './engine-info';
export { selectBackend, BACKEND_ORDER, type BackendChoice, type BackendSelection } from './backend.service';
export { MODEL_PRESETS, paramCount, type ModelConfig, type ModelPreset } from './model-config';
export { QUANTIZATION_LEVELS, quantizationInfo, type QuantizationLevel } from './quantization';
export { LLAMACPP_LEVELS, levelsFor, llamaCppLevelInfo, type LlamaCppLevel } from './gguf/llamacpp-levels';
export { LLAMA_GPU_CHOICES, defaultThreads, type LlamaGpuChoice } from './llamacpp/llamacpp.runtime';
export { measureLlamaCppQualityInChild } from './llamacpp/llamacpp-engine';
export { TOKENIZER_NAME, encode, decode, applyChatTemplate } from './tokenizer';
export { TransformerModel } from './transformer.model';
export {
  measureQuality,
  klDivergence,
  QUALITY_PROMPTS,
  QUALITY_PROMPT_SET,
  type QualityOptions,
  type QualityReport,
  type LevelQuality,
} from './quality.service';
export { measureRoofline } from './roofline.probe';
export {
  decodeStepCost,
  prefillCost,
  phaseReport,
  type PhaseReport,
  type RooflineCeilings,
} from './roofline';
