import * as tf from '@tensorflow/tfjs';
import type { RooflineCeilings } from './roofline';

/** Square matmul side for the FLOP/s probe: 512³ · 2 = 268 MFLOP, ~7 ms on wasm. */
const MATMUL_SIDE = 512;
/** Matrix-vector probe: 2048 × 8192 fp32 = 64 MiB, far beyond any CPU's last-level cache. */
const GEMV_ROWS = 2048;
const GEMV_COLS = 8192;

const cache = new Map<string, RooflineCeilings>();

/**
 * Measures the current tfjs backend's ceilings on this machine (about 0.5-1.5 s, once per backend
 * per process; later calls return the cached figures):
 * - compute: the best of several 512×512×512 fp32 matmuls (2·512³ FLOPs each);
 * - memory bandwidth: the best of several [1, 2048] × [2048, 8192] fp32 matrix-vector products,
 *   counting the 64 MiB weight stream. That is exactly the operation a batch-1 decode step is made
 *   of, so "fraction of bandwidth" compares the model with the best this backend streams weights,
 *   not with a vendor's datasheet (a single-threaded wasm backend reaches a fraction of the DRAM
 *   peak that a multi-threaded native kernel would).
 * `budgetMs` bounds each probe's repetitions (at least 3 timed runs after one warm-up each).
 */
export async function measureRoofline(budgetMs = 300): Promise<RooflineCeilings> {
  const backend = tf.getBackend();
  const cached = cache.get(backend);
  if (cached) return cached;
  const ceilings: RooflineCeilings = {
    backend,
    matmulFlopsPerS: await probeMatmulFlopsPerS(budgetMs),
    bandwidthBytesPerS: await probeBandwidthBytesPerS(budgetMs),
    method:
      `compute: best fp32 ${MATMUL_SIDE}³ matmul; bandwidth: best fp32 [1,${GEMV_ROWS}]×[${GEMV_ROWS},${GEMV_COLS}] ` +
      `matrix-vector product (64 MiB weight stream), both on backend '${backend}'`,
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

/** Best weight-streaming rate of a 64 MiB fp32 matrix-vector product (bytes/s), uncached. */
export async function probeBandwidthBytesPerS(budgetMs: number): Promise<number> {
  const x = tf.randomUniform([1, GEMV_ROWS], -1, 1);
  const w = tf.randomUniform([GEMV_ROWS, GEMV_COLS], -1, 1);
  const seconds = await bestSeconds(() => tf.matMul(x, w), budgetMs);
  tf.dispose([x, w]);
  return (GEMV_ROWS * GEMV_COLS * 4) / seconds;
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
