/**
 * The target-driver contract. A driver knows one API shape of an inference server (its endpoint path and
 * request body); the HTTP transport (`openai.target.ts`) sends it, streams or buffers the answer and
 * classifies failures. Drivers are registered by name in `target.registry.ts`, one per file.
 */
export interface GenerationRequest {
  model: string;
  /** The text prompt (the completions API sends this; chat sends it when `messages` is absent). */
  prompt: string;
  systemPrompt?: string;
  /** A whole conversation for the chat API (system, alternating user/assistant, ending with user). */
  messages?: { role: string; content: string }[];
  maxTokens: number;
  seed: number;
}

export interface TargetDriver {
  /** Registry name, e.g. "chat" or "completions"; recorded in the run config. */
  readonly name: string;
  /** Endpoint path relative to the base URL, e.g. "v1/chat/completions". */
  readonly path: string;
  /**
   * The JSON body for one request. With `stream`, drivers ask for `stream_options.include_usage` so the
   * server's token count arrives in the last chunk. The target's `extraBody` is merged on top.
   */
  buildBody(request: GenerationRequest, stream: boolean): Record<string, unknown>;
}
