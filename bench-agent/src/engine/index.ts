/**
 * The embedded inference engine: a small Llama-style transformer with seeded random weights,
 * served as an OpenAI-compatible endpoint. See engine.server.ts for the HTTP surface.
 */
export {
  startEngineServer,
  type EngineInfo,
  type EngineOptions,
  type EnginePerformance,
  type RunningEngine,
} from './engine.server';
export { selectBackend, BACKEND_ORDER, type BackendChoice, type BackendSelection } from './backend.service';
export { MODEL_PRESETS, paramCount, type ModelConfig, type ModelPreset } from './model-config';
export { QUANTIZATION_LEVELS, quantizationInfo, type QuantizationLevel } from './quantization';
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
