import type { MeasuredRunConfigInput } from '@yardstick/schema/run-config';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { RunAccumulator } from '../metrics/run-accumulator';
import { parseSloBlock, perRequestLimits } from '../metrics/goodput';
import { sumAgentCpu } from '../metrics/agent-cpu';
import { summarizeAccumulator, type RunSummary } from '../metrics/run-summary';
import type { RunOptions } from '../run/run.service';
import { splitScenario } from './load-split';
import { toRunSample } from './seq-allocation';
import type { WorkerMessage, WorkerResultMessage, WorkerStartMessage } from './worker.messages';
import type { SampleInput } from '../run/sample.types';
import type { StartRunInput } from '../graphql/agent-operations';

const CHILD = fileURLToPath(new URL('./worker.child.ts', import.meta.url));

/** Result of a multi-process run: the merged summary plus each worker's own. */
export interface PooledOutcome {
  status: 'COMPLETED' | 'ABORTED';
  workers: number;
  summary: RunSummary;
  perWorker: { index: number; requests: number; agentCpuPercent: number }[];
  config: MeasuredRunConfigInput;
}

/** Receives a multi-process run's samples as they arrive (pooled-upload.ts spools and uploads them). */
export interface PooledSampleSink {
  /** Worker `index` resolved its target: its run identity and config. */
  workerStarted(index: number, input: StartRunInput): void;
  /** Samples with run-wide seqs and times relative to the run's origin (the common start barrier). */
  samples(samples: SampleInput[]): void;
}

/**
 * Runs one scenario from `workers` processes (one per core) when one core cannot hold the rate. Each
 * process drives its share (load-split.ts), all start on a common barrier, and their latency values are
 * pooled exactly (never averaged). With a `sink`, every worker forwards every sample as it is made;
 * the sink receives them with run-wide seqs (seq-allocation.ts: worker w's k-th request is
 * k × workers + w) and times on one clock whose zero is the common start barrier.
 * @throws Error with the worker's message when a worker fails.
 */
export async function runWithWorkers(
  opts: Omit<RunOptions, 'onProgress' | 'log' | 'keepSamples'>,
  workers: number,
  sink?: PooledSampleSink,
): Promise<PooledOutcome> {
  const shares = splitScenario(opts.scenario, opts.overrides ?? {}, workers);
  const startAtEpochMs = performance.timeOrigin + performance.now() + 1500; // time for tsx to load
  const children: ChildProcess[] = [];
  const onAbort = (): void => children.forEach((c) => c.connected && c.send({ type: 'abort' }));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const results = await Promise.all(
      shares.map((share, index) => {
        const child = fork(CHILD, [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          // Structured clone: sample slices cross the pipe without a JSON round trip.
          serialization: 'advanced',
        });
        children.push(child);
        const {
          signal: _signal,
          server: _server,
          onStart: _onStart,
          onSample: _onSample,
          ...serialisable
        } = opts;
        const start: WorkerStartMessage = {
          type: 'start',
          index,
          startAtEpochMs: startAtEpochMs + share.startOffsetMs,
          forwardSamples: sink !== undefined,
          options: { ...serialisable, scenario: share.scenario, overrides: share.overrides },
        };
        return new Promise<WorkerResultMessage>((resolve, reject) => {
          let settled = false;
          child.on('message', (m: WorkerMessage) => {
            if (m.type === 'started') return sink?.workerStarted(index, m.input);
            if (m.type === 'samples') {
              // The barrier is the run's time zero; a worker's clock starts at or after it.
              const shiftMs = Math.max(0, m.clockZeroEpochMs - startAtEpochMs);
              try {
                return sink?.samples(m.samples.map((s) => toRunSample(s, index, workers, shiftMs)));
              } catch (err) {
                settled = true;
                return reject(err as Error);
              }
            }
            settled = true;
            if (m.type === 'result') resolve(m);
            else reject(new Error(`worker ${index}: ${m.message}`));
          });
          child.on('exit', (code) => {
            if (!settled) reject(new Error(`worker ${index} exited with code ${code} before reporting`));
          });
          child.send(start);
        });
      }),
    );
    const limitsSlos = parseSloBlock(opts.scenario.slo as Record<string, unknown> | undefined);
    const limits = perRequestLimits(limitsSlos);
    const origin = Math.min(...results.map((r) => r.clockZeroEpochMs));
    const merged = new RunAccumulator(limits);
    for (const r of results)
      merged.merge(RunAccumulator.fromJSON(r.accumulator, limits, r.clockZeroEpochMs - origin));
    const summary = summarizeAccumulator(merged, {
      slos: limitsSlos,
      agentCpu: sumAgentCpu(results.map((r) => r.agentCpu)),
    });
    return {
      status: opts.signal?.aborted || results.some((r) => r.status === 'ABORTED') ? 'ABORTED' : 'COMPLETED',
      workers,
      summary,
      perWorker: results.map((r) => ({
        index: r.index,
        requests: r.accumulator.requests,
        agentCpuPercent: r.agentCpu.percentOfOneCore,
      })),
      config: { ...results[0]!.config, workers, scenario: opts.scenario, seed: opts.scenario.seed },
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}
