import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Llama, LlamaGpuType } from 'node-llama-cpp';

/** Which llama.cpp build to run: the best that works (`auto`), or one forced. */
export type LlamaGpuChoice = 'auto' | 'cpu' | 'cuda' | 'vulkan' | 'metal';
export const LLAMA_GPU_CHOICES: readonly LlamaGpuChoice[] = ['auto', 'cpu', 'cuda', 'vulkan', 'metal'];

/** The pinned binding; its prebuilt llama.cpp release is read from the loaded binary. */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

export interface LlamaCppRuntime {
  llama: Llama;
  /** 'llama.cpp/cpu-haswell', 'llama.cpp/cuda', 'llama.cpp/vulkan', 'llama.cpp/metal'. */
  backend: string;
  gpu: LlamaGpuType;
  /** GPU builds passed over, each with the reason (no device runtime, build not installed, failed to load). */
  skipped: { backend: string; reason: string }[];
  /** CPU threads for computation: default cores − 1 (at least 1). */
  threads: number;
  version: string;
  /** llama.cpp's own log lines (info and above), kept for --debug and for the CPU variant. */
  logs: string[];
}

/**
 * Default CPU threads: one less than the cores, at least 1. With one thread per core llama.cpp's
 * spinning workers collapse when anything else needs a core (measured on 2 shared cores: four short
 * requests took 15.6 s at 2 threads vs 0.9 s at 1).
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** npm packages holding each prebuilt GPU build for this platform (node-llama-cpp's optional dependencies). */
function gpuPackages(gpu: Exclude<LlamaGpuType, false>): string[] {
  const platform = process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux';
  if (gpu === 'metal') return [`@node-llama-cpp/mac-${process.arch}-metal`];
  return [`@node-llama-cpp/${platform}-${process.arch}-${gpu}`];
}

function packageInstalled(name: string): boolean {
  try {
    const fromBinding = createRequire(createRequire(import.meta.url).resolve('node-llama-cpp'));
    fromBinding.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const NO_RUNTIME: Record<Exclude<LlamaGpuType, false>, string> = {
  cuda: 'no CUDA runtime or NVIDIA driver found on this host',
  vulkan: 'no Vulkan loader or device found on this host',
  metal: 'Metal needs macOS on Apple silicon',
};

/**
 * Loads llama.cpp's prebuilt binary through node-llama-cpp, never building or downloading
 * (`build: 'never'`, `skipDownload`): GPU builds first (CUDA, then Vulkan; Metal on Apple
 * silicon), each skipped with the reason when the host lacks its runtime, its optional package is
 * not installed, or it fails to load; then the CPU build, whose kernel variant (e.g. haswell,
 * zen4) ggml picks at run time for this CPU. Throws when node-llama-cpp or its CPU build is missing.
 */
export async function loadLlamaCpp(
  choice: LlamaGpuChoice,
  threads = defaultThreads(),
): Promise<LlamaCppRuntime> {
  if (!LLAMA_GPU_CHOICES.includes(choice))
    throw new Error(`gpu: unknown choice '${String(choice)}'; use one of ${LLAMA_GPU_CHOICES.join(', ')}`);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`threads: must be an integer ≥ 1, got ${threads}`);
  const binding = await import('node-llama-cpp');
  const logs: string[] = [];
  const load = (gpu: LlamaGpuType) =>
    binding.getLlama({
      gpu,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      maxThreads: threads,
      // debug: node-llama-cpp files ggml's "load_backend: loaded CPU backend from …" under debug.
      logLevel: binding.LlamaLogLevel.debug,
      logger: (level, message) => {
        if (level === binding.LlamaLogLevel.debug && !message.includes('load_backend')) return;
        if (logs.length < 500) logs.push(message.trimEnd());
      },
    });
  const candidates: Exclude<LlamaGpuType, false>[] =
    choice === 'auto'
      ? process.platform === 'darwin'
        ? ['metal']
        : ['cuda', 'vulkan']
      : choice === 'cpu'
        ? []
        : [choice];
  const supported = await binding.getLlamaGpuTypes('supported');
  const skipped: LlamaCppRuntime['skipped'] = [];
  for (const gpu of candidates) {
    const name = `llama.cpp/${gpu}`;
    let reason: string;
    if (!supported.includes(gpu)) reason = NO_RUNTIME[gpu];
    else if (!gpuPackages(gpu).some(packageInstalled))
      reason = `the ${gpu} build is not installed (GPU builds are opt-in: npm run engine:gpu -- ${gpu})`;
    else {
      try {
        const llama = await load(gpu);
        if (llama.gpu === gpu) return runtime(llama, name, skipped, threads, logs);
        reason = `the ${gpu} build loaded but offers no ${gpu} device`;
        await llama.dispose();
      } catch (error) {
        reason = `the ${gpu} build did not load: ${firstLine(error)}`;
      }
    }
    if (choice !== 'auto') throw new Error(`gpu: ${gpu} requested but ${reason}`);
    skipped.push({ backend: name, reason });
  }
  let llama: Llama;
  try {
    llama = await load(false);
  } catch (error) {
    throw new Error(
      `llama.cpp: no prebuilt CPU build loads on ${process.platform}-${process.arch}: ${firstLine(error)}`,
    );
  }
  // node-llama-cpp hands a log line without a trailing newline to the logger in a later microtask.
  await new Promise((resolve) => setImmediate(resolve));
  const variant = logs.map((l) => /libggml-cpu-([\w-]+)\.(?:so|dylib|dll)/.exec(l)?.[1]).find(Boolean);
  return runtime(llama, `llama.cpp/cpu${variant ? `-${variant}` : ''}`, skipped, threads, logs);
}

function runtime(
  llama: Llama,
  backend: string,
  skipped: LlamaCppRuntime['skipped'],
  threads: number,
  logs: string[],
): LlamaCppRuntime {
  const release = llama.llamaCppRelease;
  return {
    llama,
    backend,
    gpu: llama.gpu,
    skipped,
    threads,
    version: `node-llama-cpp ${NODE_LLAMA_CPP_VERSION} (llama.cpp ${release.repo}@${release.release}, ${llama.buildType})`,
    logs,
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split('\n')[0]!;
}
