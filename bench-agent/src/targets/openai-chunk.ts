/**
 * Interprets one SSE `data:` payload of an OpenAI-compatible chat-completions stream.
 */
export type ChunkEvent =
  | { type: 'done' }
  | { type: 'chunk'; content: string; promptTokens?: number; completionTokens?: number }
  | { type: 'error'; message: string }
  | { type: 'malformed'; message: string };

interface UsageShape {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

/** Classifies a `data:` payload: `[DONE]`, a content/usage chunk, an `{error}` event, or malformed JSON. */
export function interpretChunk(data: string): ChunkEvent {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return { type: 'done' };
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
    const e = obj.error as { message?: unknown } | string;
    const message = typeof e === 'string' ? e : typeof e.message === 'string' ? e.message : JSON.stringify(e);
    return { type: 'error', message };
  }
  let content = '';
  if (Array.isArray(obj.choices)) {
    for (const choice of obj.choices as { delta?: { content?: unknown }; text?: unknown }[]) {
      const piece = choice?.delta?.content ?? choice?.text;
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
