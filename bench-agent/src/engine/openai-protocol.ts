import type { ChatMessage } from './tokenizer';

/** A validated POST /v1/chat/completions body. */
export interface ChatCompletionRequest {
  model: string | undefined;
  messages: ChatMessage[];
  maxTokens: number;
  stream: boolean;
  includeUsage: boolean;
  temperature: number;
  seed: number | undefined;
}

/** OpenAI-style error body plus the HTTP status to send it with. */
export interface ProtocolError {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

/** Default when neither max_tokens nor max_completion_tokens is given. */
export const DEFAULT_MAX_TOKENS = 16;

/** Builds an OpenAI-style error naming the offending field. */
export function protocolError(
  status: number,
  message: string,
  param: string | null,
  code: string | null = null,
): ProtocolError {
  const type = status === 404 ? 'not_found_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { status, body: { error: { message, type, param, code } } };
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/**
 * Validates a chat completion body. Accepts `max_tokens` or `max_completion_tokens`; `ignore_eos`
 * is accepted and always true in effect (the engine has no EOS). Content may be a string or an
 * array of `{ type: 'text', text }` parts.
 */
export function parseChatRequest(body: unknown): { ok: ChatCompletionRequest } | { error: ProtocolError } {
  const bad = (message: string, param: string) => ({ error: protocolError(400, message, param) });
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return bad('request body must be a JSON object', 'body');
  const b = body as Record<string, unknown>;
  if (b.model !== undefined && typeof b.model !== 'string') return bad('model must be a string', 'model');
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return bad('messages is required: a non-empty array of { role, content }', 'messages');
  const messages: ChatMessage[] = [];
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    const param = `messages[${i}]`;
    if (typeof m !== 'object' || m === null)
      return bad(`${param} must be an object with role and content`, param);
    const { role, content } = m as Record<string, unknown>;
    if (typeof role !== 'string' || !ROLES.has(role))
      return bad(`${param}.role must be one of ${[...ROLES].join(', ')}`, `${param}.role`);
    const text = contentText(content);
    if (text === null)
      return bad(
        `${param}.content must be a string or an array of { type: 'text', text } parts`,
        `${param}.content`,
      );
    messages.push({ role, content: text });
  }
  const maxField =
    b.max_tokens !== undefined && b.max_tokens !== null ? 'max_tokens' : 'max_completion_tokens';
  const maxRaw = b[maxField] ?? DEFAULT_MAX_TOKENS;
  if (typeof maxRaw !== 'number' || !Number.isInteger(maxRaw) || maxRaw < 1)
    return bad(`${maxField} must be an integer ≥ 1`, maxField);
  for (const flag of ['stream', 'ignore_eos'] as const) {
    if (b[flag] !== undefined && b[flag] !== null && typeof b[flag] !== 'boolean')
      return bad(`${flag} must be a boolean`, flag);
  }
  const options = b.stream_options;
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    return bad('stream_options must be an object', 'stream_options');
  }
  const includeUsage = (options as { include_usage?: unknown } | null | undefined)?.include_usage ?? false;
  if (typeof includeUsage !== 'boolean')
    return bad('stream_options.include_usage must be a boolean', 'stream_options.include_usage');
  const temperature = b.temperature ?? 1;
  if (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2))
    return bad('temperature must be a number in [0, 2]', 'temperature');
  const seed = b.seed ?? undefined;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    return bad('seed must be an integer', 'seed');
  if (b.n !== undefined && b.n !== null && b.n !== 1) return bad('n must be 1 (one choice per request)', 'n');
  return {
    ok: {
      model: b.model as string | undefined,
      messages,
      maxTokens: maxRaw,
      stream: b.stream === true,
      includeUsage,
      temperature,
      seed: seed as number | undefined,
    },
  };
}

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  let text = '';
  for (const part of content) {
    if (typeof part !== 'object' || part === null || (part as { type?: unknown }).type !== 'text')
      return null;
    const value = (part as { text?: unknown }).text;
    if (typeof value !== 'string') return null;
    text += value;
  }
  return text;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** Non-streaming `chat.completion` object. */
export function completionBody(
  id: string,
  created: number,
  model: string,
  content: string,
  finishReason: string,
  usage: Usage,
) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: finishReason },
    ],
    usage,
  };
}

/** One SSE `chat.completion.chunk`; `usage` is present (null or a value) only when include_usage was asked. */
export function chunkEvent(
  id: string,
  created: number,
  model: string,
  choice: { delta: Record<string, string>; finish_reason: string | null } | null,
  usage: Usage | null | undefined,
): string {
  const chunk: Record<string, unknown> = {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: choice
      ? [{ index: 0, delta: choice.delta, logprobs: null, finish_reason: choice.finish_reason }]
      : [],
  };
  if (usage !== undefined) chunk.usage = usage;
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
