import type { AccumulatorState } from '../metrics/run-accumulator';
import type { AgentCpuUsage } from '../metrics/agent-cpu';
import type { RunOptions } from '../run/run.service';

/** What the parent sends a worker process: the serialisable part of RunOptions for its share. */
export interface WorkerStartMessage {
  type: 'start';
  index: number;
  /** Epoch ms at which every worker starts scheduling (a common barrier, so shares line up). */
  startAtEpochMs: number;
  options: Omit<RunOptions, 'signal' | 'onProgress' | 'log' | 'server' | 'keepSamples'>;
}

/** A worker's result: its accumulator (counters + encoded histograms), CPU use and time origin. */
export interface WorkerResultMessage {
  type: 'result';
  index: number;
  status: string;
  /** Epoch ms of the worker's run clock zero (its sample times are relative to it). */
  clockZeroEpochMs: number;
  accumulator: AccumulatorState;
  agentCpu: AgentCpuUsage;
  config: Record<string, unknown>;
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

export type WorkerMessage = WorkerResultMessage | WorkerErrorMessage;
