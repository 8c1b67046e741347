/**
 * Quantization labels from what other tools record. The server's labels are lower-case
 * `[a-z0-9_-]` (it refused "Q4_0" from llama-bench imports), so every label here is normalised.
 */

/**
 * GGUF file types as llama.cpp names them in `llama_model_desc` (llama-bench `model_type`, e.g.
 * "llama 7B Q4_K - Medium", from `llama_model_ftype_name`): the ftype name → the GGUF type name people
 * use (Q4_K_M). Names without a size suffix ("Q4_0", "Q8_0", "F16") are the type itself.
 */
const FTYPE_SUFFIX: Record<string, string> = { small: 's', medium: 'm', large: 'l' };

/**
 * `"Q4_K - Medium"` → `q4_k_m`, `"IQ4_XS - 4.25 bpw"` → `iq4_xs`, `"Q8_0"` → `q8_0`, `"F16"` → `f16`,
 * `"BF16"` → `bf16`; null when the text holds no ftype name.
 */
export function ggufTypeFromFtypeName(text: string): string | null {
  const m =
    /\b((?:I?Q\d(?:_[A-Z0-9]+)*)|F16|BF16|F32|TQ\d_\d|MXFP4(?: MoE)?)(?:\s+-\s+([A-Za-z.0-9 ]+))?\s*$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const base = m[1]!.replace(/ MoE$/, '').toLowerCase();
  const size = m[2] ? FTYPE_SUFFIX[m[2].trim().toLowerCase()] : undefined;
  return size ? `${base}_${size}` : base;
}

/**
 * A quantization label from a model id or file name ("…-AWQ" → awq-int4, "…FP8…" → fp8,
 * "…Q4_K_M.gguf" → q4_k_m), else "unknown".
 */
export function guessQuantization(model: string): string {
  const m = model.toLowerCase();
  if (/awq/.test(m)) return 'awq-int4';
  if (/gptq/.test(m)) return /int8|8bit|w8/.test(m) ? 'gptq-int8' : 'gptq-int4';
  if (/fp8/.test(m)) return 'fp8';
  if (/(^|[^a-z])(int8|w8a8)/.test(m)) return 'int8';
  if (/(^|[^a-z])(int4|w4a16)/.test(m)) return 'int4';
  const gguf = /(iq\d_[a-z]+|q\d(_k)?(_[msl0-9])?|bf16|f16|f32)(\.gguf)?$/.exec(m);
  if (gguf) return gguf[1]!;
  return 'unknown';
}

/**
 * A `--quantization` value as the server takes it: lower case, `[a-z0-9_-]`. Throws with the fix for
 * anything else.
 */
export function normaliseQuantization(value: string): string {
  const label = value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(label))
    throw new Error(
      `--quantization "${value}": expected a label of letters, digits, "_" and "-" (e.g. awq-int4, q4_k_m, fp8)`,
    );
  return label;
}
