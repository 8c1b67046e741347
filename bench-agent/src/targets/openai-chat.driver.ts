import type { GenerationRequest, TargetDriver } from './target.types';

/**
 * OpenAI chat completions (`POST /v1/chat/completions`): a multi-turn request's `messages` go as they are;
 * otherwise the prompt becomes one user message, after an optional system message. `ignore_eos` (vLLM, SGLang, TRT-LLM; ignored elsewhere) keeps output lengths at
 * `max_tokens` so runs are comparable; override it with the target's extra body fields.
 */
export const openAiChatDriver: TargetDriver = {
  name: 'chat',
  path: 'v1/chat/completions',
  buildBody(request: GenerationRequest, stream: boolean): Record<string, unknown> {
    const messages: { role: string; content: string }[] = request.messages ?? [
      ...(request.systemPrompt ? [{ role: 'system', content: request.systemPrompt }] : []),
      { role: 'user', content: request.prompt },
    ];
    return {
      model: request.model,
      messages,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      max_tokens: request.maxTokens,
      ignore_eos: true,
      seed: request.seed,
    };
  },
};
