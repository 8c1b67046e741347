import type { EngineInfo, EngineOptions, RunningEngine } from '../engine/index';

export type { EngineInfo, EngineOptions, RunningEngine };

/** Starts the embedded engine, loaded lazily: it pulls in TensorFlow.js, which `run`/`detect` do not need. */
export async function startEngineServer(opts: EngineOptions): Promise<RunningEngine> {
  const engine = await import('../engine/index');
  return engine.startEngineServer(opts);
}

/** One line per skipped backend, e.g. "tfjs-node: not installed". */
export function describeSkipped(info: EngineInfo): string[] {
  return info.skippedBackends.map((s) => `${s.backend}: ${s.reason}`);
}
