/**
 * Interprets one SSE `data:` payload of an OpenAI-compatible chat-completions stream.
 */
export type ChunkEvent =
  | { type: 'done' }
  | { type: 'chunk'; content: string; promptTokens?: number; completionTokens?: number }
  | { type: 'error'; message: string }
  | { type: 'malformed'; message: string };

interface ChoiceShape {
  delta?: { content?: unknown };
  text?: unknown;
  message?: { content?: unknown };
}

interface UsageShape {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

/**
 * Classifies a `data:` payload: `[DONE]`, a content/usage chunk, an `{error}` event, or malformed JSON.
 * Content is read from chat deltas (`choices[].delta.content`), completions (`choices[].text`) and whole
 * non-streamed messages (`choices[].message.content`); `null` content (llama.cpp's role chunk) counts as
 * empty. `eventName` is the SSE event name: `error` (llama.cpp's `error:` line) is always an error.
 */
export function interpretChunk(data: string, eventName = 'message'): ChunkEvent {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return { type: 'done' };
  if (eventName === 'error') {
    const inner = interpretChunk(trimmed);
    if (inner.type === 'error') return inner;
    return { type: 'error', message: errorMessageOf(safeParse(trimmed)) ?? trimmed.slice(0, 500) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    return { type: 'malformed', message: `invalid JSON in SSE data: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { type: 'malformed', message: 'SSE data is not a JSON object' };
  }
  const obj = parsed as Record<string, unknown>;
  if (obj.error !== undefined && obj.error !== null) {
    return { type: 'error', message: errorMessageOf(obj) ?? 'error event' };
  }
  let content = '';
  if (Array.isArray(obj.choices)) {
    for (const choice of obj.choices as ChoiceShape[]) {
      const piece = choice?.delta?.content ?? choice?.text ?? choice?.message?.content;
      if (typeof piece === 'string') content += piece;
    }
  } else if (obj.choices !== undefined) {
    return { type: 'malformed', message: '`choices` is not an array' };
  }
  const event: ChunkEvent = { type: 'chunk', content };
  const usage = obj.usage as UsageShape | null | undefined;
  if (usage && typeof usage === 'object') {
    if (typeof usage.prompt_tokens === 'number') event.promptTokens = usage.prompt_tokens;
    if (typeof usage.completion_tokens === 'number') event.completionTokens = usage.completion_tokens;
  }
  return event;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The human message of an error object in any of the shapes servers use: `{error: "text"}` (TGI),
 * `{error: {message}}` (vLLM, SGLang, Ollama), `{message}` (llama.cpp's `error:` payload).
 */
function errorMessageOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const obj = value as { error?: unknown; message?: unknown };
  if (typeof obj.error === 'string') return obj.error;
  if (obj.error && typeof obj.error === 'object') {
    const m = (obj.error as { message?: unknown }).message;
    return typeof m === 'string' ? m : JSON.stringify(obj.error);
  }
  if (typeof obj.message === 'string') return obj.message;
  return undefined;
}
