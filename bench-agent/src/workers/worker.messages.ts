import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import type { AccumulatorState } from '../metrics/run-accumulator';
import type { AgentCpuUsage } from '../metrics/agent-cpu';
import type { RunOptions } from '../run/run.service';
import type { SampleInput } from '../run/sample.types';
import type { StartRunInput } from '../graphql/agent-operations';

/** What the parent sends a worker process: the serialisable part of RunOptions for its share. */
export interface WorkerStartMessage {
  type: 'start';
  index: number;
  /** Epoch ms at which every worker starts scheduling (a common barrier, so shares line up). */
  startAtEpochMs: number;
  /** Forward every sample to the parent (it uploads them); off when nothing is uploaded. */
  forwardSamples: boolean;
  options: Omit<
    RunOptions,
    'signal' | 'onProgress' | 'onStart' | 'onSample' | 'log' | 'server' | 'keepSamples'
  >;
}

/** The worker resolved its target (model, quantization, config) and is about to send requests. */
export interface WorkerStartedMessage {
  type: 'started';
  index: number;
  input: StartRunInput;
}

/**
 * A slice of the worker's samples, with its own seqs (0, 1, 2… warm-up first) and times relative to
 * its own clock zero; the parent makes them run-wide (seq-allocation.ts). Sent in order, all before
 * the result message.
 */
export interface WorkerSamplesMessage {
  type: 'samples';
  index: number;
  /** Epoch ms of the worker's run clock zero (its sample times are relative to it). */
  clockZeroEpochMs: number;
  samples: SampleInput[];
}

/** A worker's result: its accumulator (counters + encoded latency values), CPU use and time origin. */
export interface WorkerResultMessage {
  type: 'result';
  index: number;
  status: string;
  /** Epoch ms of the worker's run clock zero (its sample times are relative to it). */
  clockZeroEpochMs: number;
  accumulator: AccumulatorState;
  agentCpu: AgentCpuUsage;
  config: MeasuredRunConfigInput;
}

export interface WorkerErrorMessage {
  type: 'error';
  index: number;
  message: string;
}

/** Parent → worker: stop scheduling (Ctrl-C). */
export interface WorkerAbortMessage {
  type: 'abort';
}

export type WorkerMessage =
  WorkerStartedMessage | WorkerSamplesMessage | WorkerResultMessage | WorkerErrorMessage;
