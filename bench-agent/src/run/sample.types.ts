/**
 * One request's measurements. Field names and units are the GraphQL contract's `SampleInput`
 * (schema/schema.graphql); all times are milliseconds on the monotonic clock, relative to run start.
 */
import type { ErrorKind } from '@yardstick/schema/metrics';

export { ERROR_KINDS, type ErrorKind } from '@yardstick/schema/metrics';

export interface SampleInput {
  seq: number;
  warmup: boolean;
  scheduledAtMs: number;
  sentAtMs: number;
  sendLagMs: number;
  queueMs: number;
  ttftMs: number | null;
  e2eMs: number | null;
  tpotMs: number | null;
  itlMs: number[];
  inputTokens: number | null;
  outputTokens: number | null;
  outputTokensServer: number | null;
  outputTokensClient: number | null;
  tokenSource: 'SERVER' | 'CLIENT' | null;
  errorKind: ErrorKind | null;
  errorMessage: string | null;
}
