import type { ChatResult } from '../targets/openai.target';
import type { SampleInput } from './sample.types';

/** Inputs to one sample besides the raw result: absolute `performance.now()` times and the run origin. */
export interface SampleContext {
  seq: number;
  warmup: boolean;
  runStartAt: number;
  scheduledAt: number;
  slotAt: number;
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Turns a raw streamed result into the contract's SampleInput (ms, relative to run start).
 * TTFT = first non-empty content chunk - send; E2E = last byte - send; TPOT = (E2E - TTFT) / (N_out - 1)
 * for N_out >= 2, where N_out is the server's completion_tokens when reported (tokenSource SERVER),
 * else the client's count of content chunks (CLIENT); ITL = gaps between consecutive content chunks.
 */
export function buildSample(ctx: SampleContext, r: ChatResult): SampleInput {
  const sentAt = r.sentAt || ctx.slotAt;
  const ttftMs = r.firstTokenAt !== null ? r.firstTokenAt - sentAt : null;
  const e2eMs = r.lastByteAt !== null ? r.lastByteAt - sentAt : null;
  const clientCount = r.contentChunkTimes.length;
  // Non-streamed requests have no client-side count: only the server's usage (or nothing).
  const clientCounted = r.streamed !== false && (r.errorKind === null || clientCount > 0);
  const outputTokens = r.completionTokens ?? (clientCounted ? clientCount : null);
  const tokenSource = r.completionTokens !== null ? 'SERVER' : outputTokens !== null ? 'CLIENT' : null;
  const tpotMs =
    ttftMs !== null && e2eMs !== null && outputTokens !== null && outputTokens >= 2 && r.errorKind === null
      ? (e2eMs - ttftMs) / (outputTokens - 1)
      : null;
  const itlMs: number[] = [];
  for (let i = 1; i < r.contentChunkTimes.length; i += 1) {
    itlMs.push(round3(r.contentChunkTimes[i]! - r.contentChunkTimes[i - 1]!));
  }
  return {
    seq: ctx.seq,
    warmup: ctx.warmup,
    scheduledAtMs: round3(ctx.scheduledAt - ctx.runStartAt),
    sentAtMs: round3(sentAt - ctx.runStartAt),
    sendLagMs: round3(sentAt - ctx.scheduledAt),
    queueMs: round3(ctx.slotAt - ctx.scheduledAt),
    ttftMs: ttftMs !== null ? round3(ttftMs) : null,
    e2eMs: e2eMs !== null ? round3(e2eMs) : null,
    tpotMs: tpotMs !== null ? round3(tpotMs) : null,
    itlMs,
    inputTokens: r.promptTokens,
    outputTokens,
    outputTokensServer: r.completionTokens,
    outputTokensClient: clientCounted ? clientCount : null,
    tokenSource,
    errorKind: r.errorKind,
    errorMessage: r.errorMessage,
  };
}
