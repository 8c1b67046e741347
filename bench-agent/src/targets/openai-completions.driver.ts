import type { GenerationRequest, TargetDriver } from './target.types';

/**
 * OpenAI (legacy) text completions (`POST /v1/completions`): the raw prompt, no chat template, so the
 * input token count is what the prompt synthesiser asked for. A system prompt, when the scenario has
 * one, is prepended to the prompt with a blank line.
 */
export const openAiCompletionsDriver: TargetDriver = {
  name: 'completions',
  path: 'v1/completions',
  buildBody(request: GenerationRequest, stream: boolean): Record<string, unknown> {
    return {
      model: request.model,
      prompt: request.systemPrompt ? `${request.systemPrompt}\n\n${request.prompt}` : request.prompt,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      max_tokens: request.maxTokens,
      ignore_eos: true,
      seed: request.seed,
    };
  },
};
