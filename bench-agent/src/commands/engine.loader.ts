import type {
  BackendChoice,
  EngineInfo,
  EngineOptions,
  EnginePerformance,
  LlamaGpuChoice,
  PhaseReport,
  QualityOptions,
  QualityReport,
  RunningEngine,
} from '../engine/index';

export type { EngineInfo, EngineOptions, EnginePerformance, QualityReport, RunningEngine };

/** Starts the embedded engine, loaded lazily: it pulls in TensorFlow.js, which `run`/`detect` do not need. */
export async function startEngineServer(opts: EngineOptions): Promise<RunningEngine> {
  const engine = await import('../engine/index');
  return engine.startEngineServer(opts);
}

/** One line per skipped backend, engine or GPU build, e.g. "llama.cpp/cuda: no CUDA runtime …". */
export function describeSkipped(info: EngineInfo): string[] {
  return info.skippedBackends.map((s) => `${s.backend}: ${s.reason}`);
}

/** One line saying what runs: engine, backend, threads, how weights are stored and computed. */
export function describeEngine(info: EngineInfo): string {
  const engine = info.engine === 'llamacpp' ? 'llama.cpp' : 'TensorFlow.js';
  const threads = info.threads !== null ? `, ${info.threads} thread(s)` : '';
  return (
    `${engine} (${info.engineVersion}) on ${info.backend}${threads}; weights ${(info.weightBytes / 1e6).toFixed(1)} MB ` +
    `stored as ${info.storagePrecision}, computed as ${info.computePrecision}`
  );
}

/** Selects the tfjs backend, then runs the tfjs quality check (loads TensorFlow.js lazily). */
export async function measureEngineQuality(
  backend: BackendChoice,
  opts: QualityOptions,
): Promise<{ backend: string; skipped: string[]; report: QualityReport }> {
  const engine = await import('../engine/index');
  const selection = await engine.selectBackend(backend);
  const report = await engine.measureQuality(opts);
  return {
    backend: selection.backend,
    skipped: selection.skipped.map((s) => `${s.backend}: ${s.reason}`),
    report,
  };
}

/** The llama.cpp quality check, in a child process, against llama.cpp's own F32 run. */
export async function measureLlamaCppQuality(opts: {
  preset: string;
  levels: string[];
  seed: number;
  continuationTokens: number;
  gpu: LlamaGpuChoice;
  threads?: number;
  log?: (line: string) => void;
}): Promise<QualityReport> {
  const engine = await import('../engine/index');
  const { log, ...options } = opts;
  return engine.measureLlamaCppQualityInChild(options, log ?? (() => {}));
}

/**
 * One line per phase with achieved rates and roofline fractions, e.g.
 * "decode: 812 tokens in 20.1 s (40.4 tok/s); 0.61 GFLOP/s = 3% of 20.5; 0.65 GB/s = 3% of 21.9 (bound 5%)".
 */
export function describePerformance(performance: EnginePerformance, info: EngineInfo): string[] {
  const lines: string[] = [];
  if (info.roofline) {
    const r = info.roofline;
    const compute =
      r.matmulFlopsPerS === null ? 'compute not probed' : `${(r.matmulFlopsPerS / 1e9).toFixed(1)} GFLOP/s`;
    lines.push(`roofline (${r.backend}): ${compute}, ${(r.bandwidthBytesPerS / 1e9).toFixed(2)} GB/s`);
  }
  const phase = (name: string, p: PhaseReport | null) => {
    if (!p || !info.roofline) return;
    const pct = (f: number) => `${(f * 100).toFixed(1)}%`;
    const compute = p.flopsFraction === null ? '' : ` = ${pct(p.flopsFraction)} of compute`;
    lines.push(
      `${name}: ${p.tokens} tokens in ${p.seconds.toFixed(2)} s (${p.tokensPerS.toFixed(1)} tok/s); ` +
        `${(p.flopsPerS / 1e9).toFixed(2)} GFLOP/s${compute}, ` +
        `${(p.bytesPerS / 1e9).toFixed(2)} GB/s = ${pct(p.bandwidthFraction)} of bandwidth ` +
        `(${pct(p.boundFraction)} of the roofline bound)`,
    );
  };
  phase('prefill', performance.prefill);
  phase('decode', performance.decode);
  return lines;
}

/**
 * Wraps a command action that loads the engine: an error becomes one `error: …` line on stderr and
 * exit code 1. (Thrown as-is, Node would print the line of the minified tfjs wasm module that
 * re-throws uncaught exceptions: kilobytes of JavaScript instead of the message.)
 */
export function engineAction<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.argv.includes('--debug') && error instanceof Error && error.stack)
        process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  };
}
