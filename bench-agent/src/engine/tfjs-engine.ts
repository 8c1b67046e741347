import * as tf from '@tensorflow/tfjs';
import { assertModelFits, selectBackend, type BackendChoice, type BackendSelection } from './backend.service';
import type { EngineInfo, RunningEngine } from './engine-info';
import { serveModel } from './engine-http';
import { TfjsGenerationModel } from './generation-model';
import { paramCount, type ModelConfig } from './model-config';
import { quantizationInfo, type QuantizationLevel } from './quantization';
import { measureRoofline } from './roofline.probe';
import { BYTE_TOKENIZATION, TOKENIZER_NAME } from './tokenizer';
import { TransformerModel } from './transformer.model';

export interface TfjsEngineOptions {
  config: ModelConfig;
  quantization: QuantizationLevel;
  seed: number;
  backend: BackendChoice;
  host?: string;
  port?: number;
  maxBatch: number;
  roofline: boolean;
  /** Engines passed over before this one (e.g. llama.cpp where it did not load), with the reason. */
  skippedBefore: { backend: string; reason: string }[];
  log: (line: string) => void;
}

/**
 * Builds the seeded model on the best tfjs backend, in this process, and serves it. Every level
 * computes in fp32 (no tfjs backend has low-bit kernels): quantization here saves memory, not time.
 */
export async function startTfjsEngine(opts: TfjsEngineOptions): Promise<RunningEngine> {
  const { config, quantization, seed } = opts;
  const selection = await backendForNewEngine(opts.backend);
  assertModelFits(selection.backend, config.preset, quantization, paramCount(config) * 4);
  const roofline = opts.roofline ? await measureRoofline() : null;
  const model = new TransformerModel(config, quantization, seed);
  liveEngines.count += 1;
  liveEngines.selection = selection;
  const info: EngineInfo = {
    engine: 'tfjs',
    engineVersion: `tfjs ${tf.version.tfjs}`,
    modelId: `yardstick-${config.preset}-${quantization}`,
    preset: config.preset,
    ...quantizationInfo(quantization),
    weightBytes: model.weightBytes,
    paramCount: model.paramCount,
    backend: selection.backend,
    skippedBackends: [...opts.skippedBefore, ...selection.skipped],
    tokenizer: TOKENIZER_NAME,
    seed,
    contextLength: config.contextLength,
    maxBatch: opts.maxBatch,
    threads: null,
    kvCacheType: 'f32',
    shapeOf: config.shapeOf,
    shapeNotes: config.shapeNotes,
    roofline,
    gguf: null,
    modelFile: null,
  };
  return serveModel(new TfjsGenerationModel(model, opts.maxBatch), info, BYTE_TOKENIZATION, {
    host: opts.host,
    port: opts.port,
    log: opts.log,
    onClose: () => {
      model.dispose();
      liveEngines.count -= 1;
    },
  });
}

/** tfjs has one backend per process: engines running side by side must share it. */
const liveEngines: { count: number; selection: BackendSelection | null } = { count: 0, selection: null };

async function backendForNewEngine(requested: BackendChoice): Promise<BackendSelection> {
  const live = liveEngines.count > 0 ? liveEngines.selection : null;
  if (!live) return selectBackend(requested);
  if (requested !== 'auto' && requested !== live.backend) {
    throw new Error(
      `backend: '${requested}' requested but an engine in this process already runs on '${live.backend}' ` +
        '(tfjs has one backend per process); close that engine first or request the same backend',
    );
  }
  return live;
}
