/** Inputs per int4 scale group (llama.cpp Q4_0 and many GPTQ/AWQ exports use 32..128). */
export const INT4_GROUP_SIZE = 32;

/**
 * Weight quantization levels. Each level decides how a linear layer's weights are stored. No tfjs
 * backend this engine runs on (tfjs-node-gpu, tfjs-node, wasm, cpu) has fp16, int8 or int4 matmul
 * kernels or tensor dtypes, so compute is fp32 on every one of them: a quantized layer widens its
 * weights to fp32 for each matmul. Quantization here saves weight memory, not arithmetic, and costs
 * the widening; every result records both precisions so nobody reads int4 as faster arithmetic.
 */
export type QuantizationLevel = 'fp32' | 'fp16' | 'int8' | 'int4';

export const QUANTIZATION_LEVELS: readonly QuantizationLevel[] = ['fp32', 'fp16', 'int8', 'int4'];

export interface QuantizationInfo {
  quantization: QuantizationLevel;
  storagePrecision: string;
  computePrecision: string;
}

/** What each level stores and computes in, recorded with every result. */
export function quantizationInfo(level: QuantizationLevel): QuantizationInfo {
  switch (level) {
    case 'fp32':
      return { quantization: 'fp32', storagePrecision: 'fp32', computePrecision: 'fp32' };
    case 'fp16':
      return { quantization: 'fp16', storagePrecision: 'fp16', computePrecision: 'fp32' };
    case 'int8':
      return { quantization: 'int8', storagePrecision: 'int8', computePrecision: 'fp32' };
    case 'int4':
      return {
        quantization: 'int4',
        storagePrecision: `int4 (groups of ${INT4_GROUP_SIZE}, fp16 scales)`,
        computePrecision: 'fp32',
      };
  }
}

/** Validates a quantization option, naming the field and the allowed values on failure. */
export function resolveQuantization(level: string | undefined): QuantizationLevel {
  const name = level ?? 'fp32';
  if (!QUANTIZATION_LEVELS.includes(name as QuantizationLevel)) {
    throw new Error(`quantization: unknown level '${name}'; use one of ${QUANTIZATION_LEVELS.join(', ')}`);
  }
  return name as QuantizationLevel;
}
