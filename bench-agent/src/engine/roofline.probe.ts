import * as tf from '@tensorflow/tfjs';
import { describeCache, lastLevelCache, probeWorkingSetBytes, type LastLevelCache } from './cache-size';
import type { RooflineCeilings } from './roofline';

/** Square matmul side for the FLOP/s probe: 512³ · 2 = 268 MFLOP, ~7 ms on wasm. */
const MATMUL_SIDE = 512;
/** Matrix-vector probe rows; the columns grow with the last-level cache (see {@link gemvColumns}). */
const GEMV_ROWS = 2048;
/** The wasm heap holds 4 GiB and the model lives there too: the GEMV probe stays at or below 512 MiB. */
const MAX_GEMV_BYTES = 512 * 1024 ** 2;

/**
 * Columns of the [2048 × cols] fp32 GEMV probe: its weights must be several times the last-level
 * cache or the probe measures cache speed (a 64 MiB probe read 30.4 GB/s on a 32 MiB-L3 machine
 * whose memory streams 21.8-23.5 GB/s). 4 × LLC, at least 64 MiB, in steps of 128 columns.
 *
 * Example: L3 32 MiB -> 128 MiB -> 16,384 columns.
 */
export function gemvColumns(cache: LastLevelCache | null): number {
  const bytes = Math.min(MAX_GEMV_BYTES, probeWorkingSetBytes(cache));
  return Math.ceil(bytes / (GEMV_ROWS * 4) / 128) * 128;
}

const cache = new Map<string, RooflineCeilings>();

/**
 * Measures the current tfjs backend's ceilings on this machine (about 0.5-1.5 s, once per backend
 * per process; later calls return the cached figures):
 * - compute: the best of several 512×512×512 fp32 matmuls (2·512³ FLOPs each);
 * - memory bandwidth: the best of several [1, 2048] × [2048, cols] fp32 matrix-vector products,
 *   counting the weight stream, sized to 4 × the last-level cache ({@link gemvColumns}). That is
 *   exactly the operation a batch-1 decode step is made
 *   of, so "fraction of bandwidth" compares the model with the best this backend streams weights,
 *   not with a vendor's datasheet (a single-threaded wasm backend reaches a fraction of the DRAM
 *   peak that a multi-threaded native kernel would).
 * `budgetMs` bounds each probe's repetitions (at least 3 timed runs after one warm-up each).
 */
export async function measureRoofline(budgetMs = 300): Promise<RooflineCeilings> {
  const backend = tf.getBackend();
  const cached = cache.get(backend);
  if (cached) return cached;
  const llc = await lastLevelCache();
  const cols = gemvColumns(llc);
  const ceilings: RooflineCeilings = {
    backend,
    matmulFlopsPerS: await probeMatmulFlopsPerS(budgetMs),
    bandwidthBytesPerS: await probeBandwidthBytesPerS(budgetMs, cols),
    method:
      `compute: best fp32 ${MATMUL_SIDE}³ matmul; bandwidth: best fp32 [1,${GEMV_ROWS}]×[${GEMV_ROWS},${cols}] ` +
      `matrix-vector product (${(GEMV_ROWS * cols * 4) / 1024 ** 2} MiB weight stream, ≥ 4 × the ` +
      `${describeCache(llc)}), both on backend '${backend}'`,
  };
  cache.set(backend, ceilings);
  return ceilings;
}

/** Best fp32 512³ matmul rate on the current backend (FLOP/s), uncached. */
export async function probeMatmulFlopsPerS(budgetMs: number): Promise<number> {
  const a = tf.randomUniform([MATMUL_SIDE, MATMUL_SIDE], -1, 1);
  const b = tf.randomUniform([MATMUL_SIDE, MATMUL_SIDE], -1, 1);
  const seconds = await bestSeconds(() => tf.matMul(a, b), budgetMs);
  tf.dispose([a, b]);
  return (2 * MATMUL_SIDE ** 3) / seconds;
}

/** Best weight-streaming rate of a [1, 2048] × [2048, cols] fp32 matrix-vector product (bytes/s), uncached. */
export async function probeBandwidthBytesPerS(budgetMs: number, cols: number): Promise<number> {
  const x = tf.randomUniform([1, GEMV_ROWS], -1, 1);
  const w = tf.randomUniform([GEMV_ROWS, cols], -1, 1);
  const seconds = await bestSeconds(() => tf.matMul(x, w), budgetMs);
  tf.dispose([x, w]);
  return (GEMV_ROWS * cols * 4) / seconds;
}

/** Runs `op` once to warm up, then repeatedly within the budget (≥ 3 times); returns the best seconds. */
async function bestSeconds(op: () => tf.Tensor, budgetMs: number): Promise<number> {
  await run(op);
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < 3 || performance.now() - start < budgetMs; i++) {
    const t0 = performance.now();
    await run(op);
    best = Math.min(best, performance.now() - t0);
    if (i >= 50) break;
  }
  return best / 1000;
}

async function run(op: () => tf.Tensor): Promise<void> {
  const out = op();
  await out.data(); // forces the computation on asynchronous backends (tfjs-node-gpu)
  out.dispose();
}
