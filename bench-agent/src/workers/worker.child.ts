/**
 * Entry point of one load-generating worker process (forked by worker-pool.ts with tsx). It runs its
 * share of the scenario with the normal run service, keeps no samples in memory, forwards its samples
 * to the parent in slices (the parent spools and uploads them under the one run), and finally sends
 * its accumulator (counters + every latency value, encoded exactly) for the parent to merge.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../run/run.service';
import type { SampleInput } from '../run/sample.types';
import type { WorkerAbortMessage, WorkerMessage, WorkerStartMessage } from './worker.messages';

/** Samples per IPC message, and the longest a sample waits in the worker before it is forwarded. */
const FORWARD_SAMPLES = 1_000;
const FORWARD_INTERVAL_MS = 200;

const controller = new AbortController();
// Every in-flight request listens for the abort: thousands may wait on this one signal.
setMaxListeners(0, controller.signal);

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

process.on('message', (msg: WorkerStartMessage | WorkerAbortMessage) => {
  if (msg.type === 'abort') {
    controller.abort();
    return;
  }
  void run(msg);
});
// The parent handles Ctrl-C and tells us; ignore the terminal's SIGINT to the process group.
process.on('SIGINT', () => {});

async function run(msg: WorkerStartMessage): Promise<void> {
  let pending: SampleInput[] = [];
  let clockZeroEpochMs: number | null = null;
  // IPC keeps message order, so every slice reaches the parent before the result message.
  const forward = (): void => {
    if (pending.length === 0 || clockZeroEpochMs === null) return;
    process.send!({ type: 'samples', index: msg.index, clockZeroEpochMs, samples: pending });
    pending = [];
  };
  const timer = msg.forwardSamples ? setInterval(forward, FORWARD_INTERVAL_MS) : undefined;
  try {
    const waitMs = msg.startAtEpochMs - (performance.timeOrigin + performance.now());
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    const outcome = await runScenario({
      ...msg.options,
      keepSamples: false,
      signal: controller.signal,
      onStart: (input) => void send({ type: 'started', index: msg.index, input }),
      onSample: msg.forwardSamples ? (s) => pending.push(s) : undefined,
      // Called right after onSample for the same request, so the clock zero is known before any
      // slice is forwarded.
      onProgress: (p) => {
        clockZeroEpochMs ??= performance.timeOrigin + performance.now() - p.elapsedMs;
        if (pending.length >= FORWARD_SAMPLES) forward();
      },
    });
    forward();
    await send({
      type: 'result',
      index: msg.index,
      status: outcome.status,
      clockZeroEpochMs: clockZeroEpochMs ?? performance.timeOrigin,
      accumulator: outcome.accumulator!.toJSON(),
      agentCpu: outcome.summary.agentCpu ?? {
        userS: 0,
        systemS: 0,
        wallS: 0,
        percentOfOneCore: 0,
        processes: 1,
      },
      config: outcome.config,
    });
  } catch (err) {
    await send({ type: 'error', index: msg.index, message: (err as Error).message });
  } finally {
    clearInterval(timer);
  }
  process.disconnect();
}
