/**
 * IEEE 754 half precision (fp16) conversion for weight storage. Node 20 has no Float16Array, so
 * fp16 weights live in a Uint16Array and are widened through a 65,536-entry lookup table.
 *
 * Example: toHalfBits(1) = 0x3c00, toHalfBits(-2) = 0xc000, HALF_TO_FLOAT[0x3c00] = 1;
 * 0.1 rounds to 0x2e66 = 0.0999755859375 (relative error 2.4e-4, below fp16's 2^-11 = 4.9e-4).
 */

const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** Rounds an fp32 value to the nearest fp16 (ties to even) and returns its 16 bits. */
export function toHalfBits(value: number): number {
  floatView[0] = value;
  const x = bitsView[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // overflow -> Inf
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // underflow -> ±0
    mantissa |= 0x800000; // subnormal: restore the implicit bit, shift into place
    const shift = 14 - halfExponent;
    const rounded = roundShift(mantissa, shift);
    return sign | rounded;
  }
  // Normal: keep 10 mantissa bits, round to nearest even; a carry may bump the exponent (fine).
  return sign | roundShift((halfExponent << 23) | mantissa, 13);
}

function roundShift(value: number, shift: number): number {
  const half = 1 << (shift - 1);
  const rest = value & ((1 << shift) - 1);
  let out = value >>> shift;
  if (rest > half || (rest === half && (out & 1) === 1)) out += 1;
  return out;
}

function halfBitsToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** fp16 bits -> fp32 value for every one of the 65,536 patterns (256 KiB, built once). */
export const HALF_TO_FLOAT: Float32Array = (() => {
  const table = new Float32Array(65_536);
  for (let bits = 0; bits < 65_536; bits++) table[bits] = halfBitsToFloat(bits);
  return table;
})();

/** Packs fp32 values into fp16 bits. */
export function toHalfArray(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]!);
  return out;
}
