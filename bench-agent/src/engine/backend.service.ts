import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BackendChoice = 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly Exclude<BackendChoice, 'auto'>[] = [
  'tfjs-node-gpu',
  'tfjs-node',
  'wasm',
  'cpu',
];

export interface BackendSelection {
  /** The backend that runs: one of {@link BACKEND_ORDER}. */
  backend: string;
  /** Better backends that were tried or passed over, each with the reason. */
  skipped: { backend: string; reason: string }[];
}

/**
 * Picks the best tfjs backend that loads, in order tfjs-node-gpu, tfjs-node, wasm, cpu, and
 * records why each better one was skipped. `choice` forces one (failing loudly if it does not
 * load). tfjs' backend is process-wide: every engine in one process shares the last selection.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendSelection> {
  if (choice !== 'auto' && !BACKEND_ORDER.includes(choice)) {
    throw new Error(
      `backend: unknown backend '${String(choice)}'; use auto or one of ${BACKEND_ORDER.join(', ')}`,
    );
  }
  const skipped: BackendSelection['skipped'] = [];
  for (const candidate of BACKEND_ORDER) {
    if (choice !== 'auto' && candidate !== choice) {
      if (BACKEND_ORDER.indexOf(candidate) < BACKEND_ORDER.indexOf(choice)) {
        skipped.push({ backend: candidate, reason: `not tried: backend '${choice}' was requested` });
      }
      continue;
    }
    const failure = await tryBackend(candidate);
    if (failure === null) return { backend: candidate, skipped };
    if (choice !== 'auto') throw new Error(`backend: '${choice}' did not load: ${failure}`);
    skipped.push({ backend: candidate, reason: failure });
  }
  throw new Error(
    `backend: no tfjs backend loaded (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})`,
  );
}

/** Loads one backend and makes it current; returns null on success or the reason it failed. */
async function tryBackend(candidate: Exclude<BackendChoice, 'auto'>): Promise<string | null> {
  try {
    switch (candidate) {
      case 'tfjs-node-gpu':
      case 'tfjs-node': {
        // Optional packages: never dependencies (they download libtensorflow at install time).
        const loaded = await importOptional(`@tensorflow/${candidate}`);
        if (loaded !== null) return loaded;
        return (await activate('tensorflow')) ? null : `backend 'tensorflow' did not initialise`;
      }
      case 'wasm': {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const require = createRequire(import.meta.url);
        const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
        wasm.setWasmPaths(`${distDir}/`);
        // Threads need cross-origin isolation/worker support tfjs does not use in Node.
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        return (await activate('wasm')) ? null : 'wasm backend did not initialise';
      }
      case 'cpu':
        // PROD silences tfjs' "install tfjs-node" banner; the reason is already in `skipped`.
        tf.env().set('PROD', true);
        return (await activate('cpu')) ? null : 'cpu backend did not initialise';
    }
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

async function activate(name: string): Promise<boolean> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok;
}

/** Dynamic import of an optional package; returns null when loaded, else why not. */
async function importOptional(specifier: string): Promise<string | null> {
  try {
    await import(/* @vite-ignore */ specifier);
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
    return `failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

/** The wasm backend's heap limit: wasm32 addresses 4 GiB (tfjs-backend-wasm: 4,294,901,760 bytes). */
export const WASM_HEAP_BYTES = 4_294_901_760;

/**
 * Fails early, naming the fix, when a model cannot fit the backend: on wasm, fp32 weights live in
 * the wasm heap and XNNPACK keeps a packed copy of each weight matrix, so 2 × the fp32 bytes must
 * fit (plus headroom for activations and the KV cache). Quantized levels keep their weights in
 * JavaScript memory and widen one layer at a time, so they fit where fp32 does not.
 *
 * Example: qwen2.5-0.5b at fp32 is 1.98 GB of weights -> ~3.95 GB on wasm: refused.
 */
export function assertModelFits(
  backend: string,
  preset: string,
  quantization: string,
  weightBytes: number,
): void {
  if (backend !== 'wasm' || quantization !== 'fp32') return;
  const neededBytes = 2 * weightBytes;
  if (neededBytes > 0.9 * WASM_HEAP_BYTES) {
    const gb = (bytes: number) => (bytes / 1e9).toFixed(2);
    throw new Error(
      `quantization: preset '${preset}' at fp32 needs ~${gb(neededBytes)} GB on the wasm backend ` +
        `(weights + XNNPACK's packed copy) but its heap holds ${gb(WASM_HEAP_BYTES)} GB; ` +
        `use --quantization fp16, int8 or int4, or install @tensorflow/tfjs-node`,
    );
  }
}
