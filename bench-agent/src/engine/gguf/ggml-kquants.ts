/**
 * TypeScript ports of llama.cpp's K-quant reference quantizers (ggml/src/ggml-quants.c at the
 * llama.cpp bundled in node-llama-cpp 3.21.1, commit 80fb11ac73e66d89eae2c6a91d8a77428fa733ed):
 * quantize_row_q4_K_ref, quantize_row_q5_K_ref, quantize_row_q6_K_ref with their helpers
 * make_qkx2_quants and make_qx_quants. Every float expression is rounded to float32 in C's order.
 * Super-blocks hold 256 weights (QK_K), so rows must be multiples of 256.
 */
import { f, halfBits, halfValue, nearestInt } from './ggml-float';
import { QK_K } from './ggml-types';

/** ggml's GROUP_MAX_EPS (1e-15f): a group whose largest magnitude is below it is all zero. */
const GROUP_MAX_EPS = f(1e-15);

/**
 * make_qkx2_quants: asymmetric quantization of `n` values at x[offset..] to 0..nmax with a scale and
 * a min, searching nstep+1 candidate scales for the lowest weighted squared error. Writes levels to
 * L[lOffset..]; returns [scale, theMin] (theMin = −min ≥ 0).
 */
function makeQkx2Quants(
  n: number,
  nmax: number,
  x: Float32Array,
  offset: number,
  weights: Float32Array,
  L: Uint8Array,
  lOffset: number,
  Laux: Uint8Array,
  rmin: number,
  rdelta: number,
  nstep: number,
): [number, number] {
  let min = x[offset]!;
  let max = x[offset]!;
  let sumW = weights[0]!;
  let sumX = f(sumW * x[offset]!);
  for (let i = 1; i < n; i++) {
    const xi = x[offset + i]!;
    if (xi < min) min = xi;
    if (xi > max) max = xi;
    const w = weights[i]!;
    sumW = f(sumW + w);
    sumX = f(sumX + f(w * xi));
  }
  if (min > 0) min = 0;
  if (max === min) {
    for (let i = 0; i < n; i++) L[lOffset + i] = 0;
    return [0, -min];
  }
  let iscale = f(nmax / f(max - min));
  let scale = f(1 / iscale);
  let bestError = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[offset + i]!;
    const l = Math.max(0, Math.min(nmax, nearestInt(f(iscale * f(xi - min)))));
    L[lOffset + i] = l;
    const diff = f(f(f(scale * l) + min) - xi);
    bestError = f(bestError + f(weights[i]! * f(diff * diff)));
  }
  for (let is = 0; is <= nstep; is++) {
    // `min` moves when a candidate wins, and later candidates use the new one (as in C).
    iscale = f(f(f(rmin + f(f(rdelta) * is)) + nmax) / f(max - min));
    let sumL = 0;
    let sumL2 = 0;
    let sumXL = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[offset + i]!;
      const l = Math.max(0, Math.min(nmax, nearestInt(f(iscale * f(xi - min)))));
      Laux[i] = l;
      const wl = f(weights[i]! * l);
      sumL = f(sumL + wl);
      sumL2 = f(sumL2 + f(wl * l));
      sumXL = f(sumXL + f(wl * xi));
    }
    const D = f(f(sumW * sumL2) - f(sumL * sumL));
    if (D > 0) {
      let thisScale = f(f(f(sumW * sumXL) - f(sumX * sumL)) / D);
      let thisMin = f(f(f(sumL2 * sumX) - f(sumL * sumXL)) / D);
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = f(sumXL / sumL2);
      }
      let curError = 0;
      for (let i = 0; i < n; i++) {
        const diff = f(f(f(thisScale * Laux[i]!) + thisMin) - x[offset + i]!);
        curError = f(curError + f(weights[i]! * f(diff * diff)));
      }
      if (curError < bestError) {
        for (let i = 0; i < n; i++) L[lOffset + i] = Laux[i]!;
        bestError = curError;
        scale = thisScale;
        min = thisMin;
      }
    }
  }
  return [scale, -min];
}

/** The shared part of Q4_K and Q5_K: 8 sub-blocks of 32 with 6-bit scales and mins. */
function quantizeScaleMinBlocks(
  x: Float32Array,
  out: Uint8Array,
  outOffset: number,
  blockBytes: number,
  nmax: number,
  rmin: number,
  nstep: number,
  pack: (L: Uint8Array, block: Uint8Array) => void,
): void {
  const L = new Uint8Array(QK_K);
  const Laux = new Uint8Array(32);
  const weights = new Float32Array(32);
  const scales = new Float32Array(QK_K / 32);
  const mins = new Float32Array(QK_K / 32);
  for (let block = 0; block < x.length / QK_K; block++) {
    const base = block * QK_K;
    let maxScale = 0;
    let maxMin = 0;
    for (let j = 0; j < QK_K / 32; j++) {
      let sumX2 = 0;
      for (let l = 0; l < 32; l++) {
        const v = x[base + 32 * j + l]!;
        sumX2 = f(sumX2 + f(v * v));
      }
      const avX = f(Math.sqrt(f(sumX2 / 32)));
      for (let l = 0; l < 32; l++) weights[l] = f(avX + Math.abs(x[base + 32 * j + l]!));
      const [scale, theMin] = makeQkx2Quants(
        32,
        nmax,
        x,
        base + 32 * j,
        weights,
        L,
        32 * j,
        Laux,
        rmin,
        0.1,
        nstep,
      );
      scales[j] = scale;
      mins[j] = theMin;
      if (scales[j]! > maxScale) maxScale = scales[j]!;
      if (mins[j]! > maxMin) maxMin = mins[j]!;
    }
    const at = outOffset + block * blockBytes;
    const y = out.subarray(at, at + blockBytes);
    const sc = y.subarray(4, 16);
    const invScale = maxScale > 0 ? f(63 / maxScale) : 0;
    const invMin = maxMin > 0 ? f(63 / maxMin) : 0;
    for (let j = 0; j < QK_K / 32; j++) {
      // uint8_t ls = nearest_int(...): C wraps to 0..255 before MIN(63, ls).
      const ls = Math.min(63, nearestInt(f(invScale * scales[j]!)) & 0xff);
      const lm = Math.min(63, nearestInt(f(invMin * mins[j]!)) & 0xff);
      if (j < 4) {
        sc[j] = ls;
        sc[j + 4] = lm;
      } else {
        sc[j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
        sc[j - 4]! |= (ls >> 4) << 6;
        sc[j]! |= (lm >> 4) << 6;
      }
    }
    const dBits = halfBits(f(maxScale / 63));
    const dminBits = halfBits(f(maxMin / 63));
    y[0] = dBits & 0xff;
    y[1] = dBits >> 8;
    y[2] = dminBits & 0xff;
    y[3] = dminBits >> 8;
    for (let j = 0; j < QK_K / 32; j++) {
      const [s, m] = scaleMinK4(j, sc);
      const d = f(halfValue(dBits) * s);
      if (!d) continue;
      const dm = f(halfValue(dminBits) * m);
      for (let ii = 0; ii < 32; ii++) {
        const l = nearestInt(f(f(x[base + 32 * j + ii]! + dm) / d));
        L[32 * j + ii] = Math.max(0, Math.min(nmax, l));
      }
    }
    pack(L, y);
  }
}

/** get_scale_min_k4: the 6-bit scale and min of sub-block j. */
function scaleMinK4(j: number, q: Uint8Array): [number, number] {
  if (j < 4) return [q[j]! & 63, q[j + 4]! & 63];
  return [(q[j + 4]! & 0xf) | ((q[j - 4]! >> 6) << 4), (q[j + 4]! >> 4) | ((q[j]! >> 6) << 4)];
}

/** quantize_row_q4_K_ref: 4-bit levels 0..15 with scale and min per 32 (≈ 4.5 bits per weight). */
export function quantizeQ4K(x: Float32Array, out: Uint8Array, outOffset: number): void {
  quantizeScaleMinBlocks(x, out, outOffset, 144, 15, -1, 20, (L, y) => {
    const q = y.subarray(16);
    for (let j = 0, o = 0; j < QK_K; j += 64, o += 32)
      for (let l = 0; l < 32; l++) q[o + l] = L[j + l]! | (L[j + l + 32]! << 4);
  });
}

/** quantize_row_q5_K_ref: 5-bit levels 0..31, low nibbles plus one high-bit plane (≈ 5.5 bits). */
export function quantizeQ5K(x: Float32Array, out: Uint8Array, outOffset: number): void {
  quantizeScaleMinBlocks(x, out, outOffset, 176, 31, -0.5, 15, (L, y) => {
    const qh = y.subarray(16, 48);
    const ql = y.subarray(48);
    qh.fill(0);
    let m1 = 1;
    let m2 = 2;
    for (let n = 0, o = 0; n < QK_K; n += 64, o += 32) {
      for (let j = 0; j < 32; j++) {
        let l1 = L[n + j]!;
        if (l1 > 15) {
          l1 -= 16;
          qh[j]! |= m1;
        }
        let l2 = L[n + j + 32]!;
        if (l2 > 15) {
          l2 -= 16;
          qh[j]! |= m2;
        }
        ql[o + j] = l1 | (l2 << 4);
      }
      m1 <<= 2;
      m2 <<= 2;
    }
  });
}

/**
 * make_qx_quants with rmse_type 1 and no importance weights: symmetric levels −nmax..nmax−1 for `n`
 * values, trying 18 scales around nmax/max for the lowest x²-weighted error. Writes L + nmax.
 */
function makeQxQuants(
  n: number,
  nmax: number,
  x: Float32Array,
  offset: number,
  L: Int8Array,
  lOffset: number,
): number {
  let max = 0;
  let amax = 0;
  for (let i = 0; i < n; i++) {
    const ax = Math.abs(x[offset + i]!);
    if (ax > amax) {
      amax = ax;
      max = x[offset + i]!;
    }
  }
  if (amax < GROUP_MAX_EPS) {
    for (let i = 0; i < n; i++) L[lOffset + i] = 0;
    return 0;
  }
  const levelsAt = (iscale: number, store: boolean): [number, number] => {
    let sumLX = 0;
    let sumL2 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[offset + i]!;
      const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(f(iscale * xi))));
      if (store) L[lOffset + i] = l + nmax;
      const w = f(xi * xi);
      sumLX = f(sumLX + f(f(w * xi) * l));
      sumL2 = f(sumL2 + f(f(w * l) * l));
    }
    return [sumLX, sumL2];
  };
  let [sumLX, sumL2] = levelsAt(f(-nmax / max), true);
  let scale = sumL2 ? f(sumLX / sumL2) : 0;
  let best = f(scale * sumLX);
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    const iscale = f(-f(nmax + f(f(0.1) * is)) / max);
    [sumLX, sumL2] = levelsAt(iscale, false);
    if (sumL2 > 0 && f(sumLX * sumLX) > f(best * sumL2)) {
      levelsAt(iscale, true);
      scale = f(sumLX / sumL2);
      best = f(scale * sumLX);
    }
  }
  return scale;
}

/** quantize_row_q6_K_ref: 6-bit levels, 16 sub-blocks of 16 with int8 scales (6.5625 bits). */
export function quantizeQ6K(x: Float32Array, out: Uint8Array, outOffset: number): void {
  const L = new Int8Array(QK_K);
  const scales = new Float32Array(QK_K / 16);
  for (let block = 0; block < x.length / QK_K; block++) {
    const base = block * QK_K;
    const at = outOffset + block * 210;
    const y = out.subarray(at, at + 210);
    let maxScale = 0;
    let maxAbsScale = 0;
    for (let ib = 0; ib < QK_K / 16; ib++) {
      const scale = makeQxQuants(16, 32, x, base + 16 * ib, L, 16 * ib);
      scales[ib] = scale;
      const absScale = Math.abs(scales[ib]!);
      if (absScale > maxAbsScale) {
        maxAbsScale = absScale;
        maxScale = scales[ib]!;
      }
    }
    if (maxAbsScale < GROUP_MAX_EPS) {
      y.fill(0);
      continue;
    }
    const yScales = new Int8Array(y.buffer, y.byteOffset + 192, 16);
    const iscale = f(-128 / maxScale);
    const dBits = halfBits(f(1 / iscale));
    y[208] = dBits & 0xff;
    y[209] = dBits >> 8;
    for (let ib = 0; ib < QK_K / 16; ib++) yScales[ib] = Math.min(127, nearestInt(f(iscale * scales[ib]!)));
    for (let j = 0; j < QK_K / 16; j++) {
      const d = f(halfValue(dBits) * yScales[j]!);
      if (!d) continue;
      for (let ii = 0; ii < 16; ii++) {
        const l = nearestInt(f(x[base + 16 * j + ii]! / d));
        L[16 * j + ii] = Math.max(-32, Math.min(31, l)) + 32;
      }
    }
    const ql = y.subarray(0, 128);
    const qh = y.subarray(128, 192);
    for (let j = 0, o = 0, h = 0; j < QK_K; j += 128, o += 64, h += 32) {
      for (let l = 0; l < 32; l++) {
        const q1 = L[j + l]! & 0xf;
        const q2 = L[j + l + 32]! & 0xf;
        const q3 = L[j + l + 64]! & 0xf;
        const q4 = L[j + l + 96]! & 0xf;
        ql[o + l] = q1 | (q3 << 4);
        ql[o + l + 32] = q2 | (q4 << 4);
        qh[h + l] =
          (L[j + l]! >> 4) |
          ((L[j + l + 32]! >> 4) << 2) |
          ((L[j + l + 64]! >> 4) << 4) |
          ((L[j + l + 96]! >> 4) << 6);
      }
    }
  }
}
