/**
 * Entry point of one load-generating worker process (forked by worker-pool.ts with tsx). It runs its
 * share of the scenario with the normal run service, keeps no samples in memory, and sends back its
 * accumulator (counters + HdrHistogram-encoded histograms) for the parent to merge.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../run/run.service';
import type { WorkerAbortMessage, WorkerMessage, WorkerStartMessage } from './worker.messages';

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
  try {
    const waitMs = msg.startAtEpochMs - (performance.timeOrigin + performance.now());
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    let clockZeroEpochMs: number | null = null;
    const outcome = await runScenario({
      ...msg.options,
      keepSamples: false,
      signal: controller.signal,
      onProgress: (p) => {
        clockZeroEpochMs ??= performance.timeOrigin + performance.now() - p.elapsedMs;
      },
    });
    await send({
      type: 'result',
      index: msg.index,
      status: outcome.status,
      clockZeroEpochMs: clockZeroEpochMs ?? performance.timeOrigin,
      accumulator: outcome.summary.accumulator,
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
  }
  process.disconnect();
}
