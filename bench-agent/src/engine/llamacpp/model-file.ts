import { statSync } from 'node:fs';
import type { LlamaModel, Token } from 'node-llama-cpp';
import type { Tokenization } from '../engine-http';
import type { ModelFileInfo } from '../engine-info';
import type { CostShape } from '../roofline';
import type { ChatMessage } from '../tokenizer';

/** llama.h's llama_ftype names by number (general.file_type), for the recorded metadata. */
const FILE_TYPE_NAMES: Record<number, string> = {
  0: 'ALL_F32',
  1: 'MOSTLY_F16',
  2: 'MOSTLY_Q4_0',
  3: 'MOSTLY_Q4_1',
  7: 'MOSTLY_Q8_0',
  8: 'MOSTLY_Q5_0',
  9: 'MOSTLY_Q5_1',
  10: 'MOSTLY_Q2_K',
  11: 'MOSTLY_Q3_K_S',
  12: 'MOSTLY_Q3_K_M',
  13: 'MOSTLY_Q3_K_L',
  14: 'MOSTLY_Q4_K_S',
  15: 'MOSTLY_Q4_K_M',
  16: 'MOSTLY_Q5_K_S',
  17: 'MOSTLY_Q5_K_M',
  18: 'MOSTLY_Q6_K',
  19: 'MOSTLY_IQ2_XXS',
  20: 'MOSTLY_IQ2_XS',
  21: 'MOSTLY_Q2_K_S',
  22: 'MOSTLY_IQ3_XS',
  23: 'MOSTLY_IQ3_XXS',
  24: 'MOSTLY_IQ1_S',
  25: 'MOSTLY_IQ4_NL',
  26: 'MOSTLY_IQ3_S',
  27: 'MOSTLY_IQ3_M',
  28: 'MOSTLY_IQ2_S',
  29: 'MOSTLY_IQ2_M',
  30: 'MOSTLY_IQ4_XS',
  31: 'MOSTLY_IQ1_M',
  32: 'MOSTLY_BF16',
  36: 'MOSTLY_TQ1_0',
  37: 'MOSTLY_TQ2_0',
  38: 'MOSTLY_MXFP4_MOE',
};

type Metadata = Record<string, unknown>;

const count = (dims: readonly (number | bigint)[]) => dims.reduce<number>((n, d) => n * Number(d), 1);

/** What a user's GGUF file is, from its own metadata and tensor table. */
export function describeModelFile(path: string, model: LlamaModel): ModelFileInfo {
  const general = model.fileInfo.metadata.general as Metadata;
  const fileType = typeof general.file_type === 'number' ? general.file_type : null;
  return {
    path,
    architecture: String(general.architecture),
    name: typeof general.name === 'string' ? general.name : null,
    parameterCount: (model.fileInfo.tensorInfo ?? []).reduce((n, t) => n + count(t.dimensions), 0),
    fileType: fileType === null ? null : (FILE_TYPE_NAMES[fileType] ?? `file_type ${fileType}`),
    sizeBytes: statSync(path).size,
  };
}

/**
 * The roofline cost of a real model, from its tensors: linear parameters of the blocks (2-D
 * `blk.*` tensors), the LM head (`output.weight`, or the tied `token_embd.weight`), attention from
 * the architecture's head counts, the KV cache at `kvBytesPerElement`, and the bytes a decode step
 * streams: every tensor's stored bytes (from the offsets in the file's tensor table) except an
 * untied embedding, of which a step reads one row. Mixture-of-experts files are counted as if every
 * expert ran (an upper bound).
 */
export function modelFileCost(path: string, model: LlamaModel, kvBytesPerElement: number): CostShape {
  const info = model.fileInfo;
  const tensors = [...(info.tensorInfo ?? [])].sort((a, b) => Number(a.fileOffset) - Number(b.fileOffset));
  const fileBytes = statSync(path).size;
  const bytesOf = new Map<string, number>();
  tensors.forEach((t, i) => {
    const end = i + 1 < tensors.length ? Number(tensors[i + 1]!.fileOffset) : fileBytes;
    bytesOf.set(t.name, end - Number(t.fileOffset));
  });
  const arch = info.architectureMetadata as Metadata & { attention?: Metadata };
  const layers = Number(arch.block_count);
  const heads = Number(arch.attention?.head_count ?? 0);
  const kvHeads = Number(arch.attention?.head_count_kv ?? heads);
  const headDim = Number(arch.attention?.key_length ?? Number(arch.embedding_length) / (heads || 1));
  const untiedEmbedding = tensors.some((t) => t.name === 'output.weight');
  const head = tensors.find((t) => t.name === (untiedEmbedding ? 'output.weight' : 'token_embd.weight'));
  let streamed = 0;
  for (const t of tensors)
    if (!(untiedEmbedding && t.name === 'token_embd.weight')) streamed += bytesOf.get(t.name)!;
  return {
    blockLinearParams: tensors
      .filter((t) => t.name.startsWith('blk.') && t.dimensions.length >= 2)
      .reduce((n, t) => n + count(t.dimensions), 0),
    lmHeadParams: head ? count(head.dimensions) : 0,
    attentionFlopsPerPosition: 4 * heads * headDim * layers,
    kvBytesPerToken: 2 * layers * kvHeads * headDim * kvBytesPerElement,
    weightBytes: streamed,
  };
}

/**
 * The model's own tokenizer and chat template (node-llama-cpp's resolveChatWrapper picks the
 * wrapper the file's template calls for). Decoding is incremental: each token adds the text the
 * whole response gained, holding back an incomplete UTF-8 character.
 */
export async function modelFileTokenization(model: LlamaModel): Promise<Tokenization> {
  const { resolveChatWrapper } = await import('node-llama-cpp');
  const wrapper = resolveChatWrapper(model);
  const tokenizerModel = (model.fileInfo.metadata.tokenizer as Metadata | undefined)?.ggml as
    Metadata | undefined;
  return {
    name: `gguf-${String(tokenizerModel?.model ?? 'unknown')} (${wrapper.wrapperName})`,
    encodeChat(messages: readonly ChatMessage[]) {
      const chatHistory = messages.map((m) =>
        m.role === 'assistant'
          ? { type: 'model' as const, response: [m.content] }
          : m.role === 'system' || m.role === 'developer'
            ? { type: 'system' as const, text: m.content }
            : { type: 'user' as const, text: m.content },
      );
      chatHistory.push({ type: 'model', response: [] });
      return wrapper.generateContextState({ chatHistory }).contextText.tokenize(model.tokenizer);
    },
    decoder() {
      const tokens: Token[] = [];
      let emitted = 0;
      return (token: number) => {
        tokens.push(token as Token);
        let text = model.detokenize(tokens);
        while (text.endsWith('\uFFFD') && text.length > emitted) text = text.slice(0, -1);
        const delta = text.slice(emitted);
        emitted = Math.max(emitted, text.length);
        return delta;
      };
    },
  };
}
