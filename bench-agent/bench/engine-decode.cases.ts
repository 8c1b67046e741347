/**
 * Measurement of one decode case per engine for engine-decode.bench.ts: the same prompt, then timed
 * decode steps at a batch size, with the engine's bandwidth ceiling probed right before and after
 * the case (the best of the two is the case's ceiling: on a shared machine like is compared with
 * like). Best step and median step are both kept; CPU time / wall time says how much of a core
 * this process got while it ran.
 */
import { probeReadBandwidth } from '../src/engine/bandwidth.probe';
import { lastLevelCache, probeWorkingSetBytes } from '../src/engine/cache-size';
import type { GenerationModel } from '../src/engine/generation-model';
import { decodeCost } from '../src/engine/roofline';
import { gemvColumns, probeBandwidthBytesPerS } from '../src/engine/roofline.probe';

export const PROMPT_TOKENS = 16;

export interface DecodeRow {
  engine: 'tfjs' | 'llama.cpp';
  preset: string;
  level: string;
  batch: number;
  /** Best step: tokens per second across the batch, and its fraction of the bandwidth bound. */
  tokensPerS: number;
  bandwidthFraction: number;
  boundTokensPerS: number;
  medianTokensPerS: number;
  medianBandwidthFraction: number;
  ceilingGbPerS: number;
  weightMb: number;
  coreShare: number;
  /** Raw figures, to judge the case again against the run's best ceiling ({@link againstCeiling}). */
  bestMs: number;
  medianMs: number;
  bytesPerStep: number;
}

/**
 * The row judged against another ceiling (bytes/s): the run's best probe of that engine's ceiling,
 * which is the closest this shared machine came to its real limit (a probe that ran while a
 * neighbour was busy reads low and would flatter the case).
 */
export function againstCeiling(r: DecodeRow, ceilingBytesPerS: number): DecodeRow {
  const fraction = (ms: number) => r.bytesPerStep / (ms / 1000) / ceilingBytesPerS;
  return {
    ...r,
    ceilingGbPerS: ceilingBytesPerS / 1e9,
    bandwidthFraction: fraction(r.bestMs),
    medianBandwidthFraction: fraction(r.medianMs),
    boundTokensPerS: (r.batch * ceilingBytesPerS) / r.bytesPerStep,
  };
}

export interface CeilingProbe {
  (): Promise<number>;
  /** The best figure any call has returned so far (bytes/s). */
  best: number;
}

/** A ceiling probe for an engine: tfjs' GEMV on its backend, or the read probe at llama.cpp's thread count. */
export async function ceilingProbe(engine: 'tfjs' | 'llama.cpp', threads: number): Promise<CeilingProbe> {
  const llc = await lastLevelCache();
  const cols = gemvColumns(llc);
  const bytes = probeWorkingSetBytes(llc);
  const measure =
    engine === 'tfjs'
      ? () => probeBandwidthBytesPerS(200, cols)
      : async () => (await probeReadBandwidth(threads, bytes, 5)).bytesPerS;
  const probe = (async () => {
    const value = await measure();
    probe.best = Math.max(probe.best, value);
    return value;
  }) as CeilingProbe;
  probe.best = 0;
  return probe;
}

/** Runs `steps` decode steps of `batch` sequences through an engine's {@link GenerationModel}. */
export async function measureDecode(
  model: GenerationModel,
  row: Pick<DecodeRow, 'engine' | 'preset' | 'level' | 'batch'>,
  steps: number,
  probe: CeilingProbe,
): Promise<DecodeRow> {
  const before = await probe();
  const prompt = Array.from({ length: PROMPT_TOKENS }, (_, i) => 32 + ((i * 7) % 90));
  const batch: { sequence: unknown; token: number }[] = [];
  for (let s = 0; s < row.batch; s++) batch.push(await model.start(prompt, { temperature: 0, seed: s }));
  const advance = async () => {
    const next = await model.step(batch);
    next.forEach((token, i) => (batch[i]!.token = token));
  };
  await advance(); // warm-up: packed weights, first-touch pages
  const stepMs: number[] = [];
  let bytes = 0;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let step = 0; step < steps; step++) {
    bytes += decodeCost(
      model.cost,
      batch.map((b) => model.cachedTokens(b.sequence)),
    ).bytes;
    const t0 = performance.now();
    await advance();
    stepMs.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpuStart);
  const coreShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart);
  for (const b of batch) await model.release(b.sequence);
  const after = await probe();
  const ceiling = Math.max(before, after);
  const sorted = [...stepMs].sort((a, b) => a - b);
  const bytesPerStep = bytes / steps;
  const at = (ms: number) => ({
    tokensPerS: (row.batch * 1000) / ms,
    fraction: bytesPerStep / (ms / 1000) / ceiling,
  });
  const best = at(sorted[0]!);
  const median = at(sorted[Math.floor(sorted.length / 2)]!);
  return {
    ...row,
    tokensPerS: best.tokensPerS,
    bandwidthFraction: best.fraction,
    boundTokensPerS: (row.batch * ceiling) / bytesPerStep,
    medianTokensPerS: median.tokensPerS,
    medianBandwidthFraction: median.fraction,
    ceilingGbPerS: ceiling / 1e9,
    weightMb: model.cost.weightBytes / 1e6,
    coreShare,
    bestMs: sorted[0]!,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    bytesPerStep,
  };
}

export function formatRow(r: DecodeRow, baseline: DecodeRow | undefined): string {
  const ratio = baseline ? `  ×${(r.tokensPerS / baseline.tokensPerS).toFixed(2)} tfjs fp32` : '';
  return (
    `  ${r.engine.padEnd(9)} ${r.level.padEnd(5)} batch ${String(r.batch).padEnd(2)} ` +
    `${r.tokensPerS.toFixed(1).padStart(7)} tok/s (best step) = ${(r.bandwidthFraction * 100).toFixed(1).padStart(5)}% of ` +
    `the bandwidth bound (${r.boundTokensPerS.toFixed(1)} tok/s at ${r.ceilingGbPerS.toFixed(1)} GB/s, ${r.weightMb.toFixed(0)} MB/step)` +
    `; median ${r.medianTokensPerS.toFixed(1)} tok/s = ${(r.medianBandwidthFraction * 100).toFixed(1)}%; ` +
    `core share ${r.coreShare.toFixed(2)}${ratio}`
  );
}
