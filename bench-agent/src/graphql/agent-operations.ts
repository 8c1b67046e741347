/**
 * Hand-written mirror of operations.graphql and the contract's input types.
 * TODO(schema): replace with the typed documents from `@yardstick/schema/generated/agent` once
 * `npm run gen` produces schema/generated/agent-operations.ts.
 */
import type { SampleInput } from '../run/sample.types';

export const START_RUN = /* GraphQL */ `
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) {
      id
      status
    }
  }
`;

export const APPEND_SAMPLES = /* GraphQL */ `
  mutation AppendSamples($input: AppendSamplesInput!) {
    appendSamples(input: $input) {
      runId
      batchSeq
      accepted
      duplicate
    }
  }
`;

export const FINISH_RUN = /* GraphQL */ `
  mutation FinishRun($input: FinishRunInput!) {
    finishRun(input: $input) {
      id
      status
    }
  }
`;

export interface AcceleratorInput {
  vendor: string;
  model: string;
  memoryBytes: number | null;
  driver: string | null;
}

export interface HardwareInput {
  hostname: string;
  cpuModel: string;
  cpuCores: number;
  memoryBytes: number;
  os: string;
  accelerators: AcceleratorInput[];
  notes: string[];
  raw: unknown;
}

export interface StartRunInput {
  clientRunId: string;
  scenario: string;
  targetUrl: string;
  targetEngine: string;
  model: string;
  quantization: string;
  engineBackend: string | null;
  config: unknown;
  hardware: HardwareInput;
  startedAt?: string;
}

export type RunStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';

export interface AppendSamplesInput {
  runId: string;
  batchSeq: number;
  samples: SampleInput[];
}

export interface FinishRunInput {
  runId: string;
  status: RunStatus;
  summary?: unknown;
  finishedAt?: string;
}

export interface StartRunResult {
  startRun: { id: string; status: RunStatus };
}
export interface AppendSamplesResult {
  appendSamples: { runId: string; batchSeq: number; accepted: number; duplicate: boolean };
}
export interface FinishRunResult {
  finishRun: { id: string; status: RunStatus };
}
