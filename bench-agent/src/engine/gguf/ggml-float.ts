/**
 * float32 arithmetic as ggml's C code does it: `f` rounds a JavaScript double to float32 after each
 * operation, plus ggml's rounding helpers and its fp16 conversions.
 */
import { HALF_TO_FLOAT, toHalfBits } from '../half-float';

export const f = Math.fround;

/**
 * ggml's nearest_int: adds 1.5·2²³ in float32 so the FPU rounds to the nearest integer, ties to even
 * (valid for |v| ≤ 4194303). nearestInt(2.5) = 2, nearestInt(3.5) = 4, nearestInt(-1.5) = -2.
 */
export function nearestInt(value: number): number {
  return f(value + 12582912) - 12582912;
}

/** C's roundf: half away from zero. roundf(2.5) = 3, roundf(-2.5) = -3. */
export function roundf(value: number): number {
  return value < 0 ? -Math.floor(-value + 0.5) : Math.floor(value + 0.5);
}

/** fp32 → fp16 bits as ggml stores a block scale (round to nearest even). */
export function halfBits(value: number): number {
  return toHalfBits(value);
}

/** fp16 bits → fp32, as GGML_FP16_TO_FP32. */
export function halfValue(bits: number): number {
  return HALF_TO_FLOAT[bits]!;
}
