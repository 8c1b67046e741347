import { readTraceFile, TraceFileError, type TraceRecord } from '../workload/trace.reader';
import { runOpenLoop, type Arrival } from './open-loop.runner';
import { loadOf, type LoadExecutor } from './executor.types';

function* traceArrivals(
  records: readonly TraceRecord[],
  speedup: number,
  stop: { requests?: number; durationMs?: number },
): Generator<Arrival> {
  const count = stop.requests ?? Infinity;
  const durationMs = stop.durationMs ?? Infinity;
  for (let i = 0; i < records.length && i < count; i += 1) {
    const r = records[i]!;
    const offsetMs = r.offsetMs / speedup;
    if (offsetMs >= durationMs) return;
    yield { offsetMs, lengths: { inputTokens: r.inputTokens, outputTokens: r.outputTokens } };
  }
}

/**
 * Timed trace replay: each record of a JSONL trace (workload/trace.reader.ts) is sent at its timestamp
 * (relative to the first, divided by `speedup`) with the trace's input/output lengths; lengths a record
 * omits come from the scenario's distributions. Replays production traffic shapes (Mooncake, Azure LLM
 * inference traces converted to JSONL) exactly, bursts included. Ends with the trace or at the stop block.
 */
export const traceReplayModel: LoadExecutor<'trace'> = {
  type: 'trace',
  check: (spec) => {
    const problems: string[] = [];
    try {
      readTraceFile(spec.file);
    } catch (err) {
      if (!(err instanceof TraceFileError)) throw err;
      problems.push(...err.issues.map((i) => `load.file: ${i}`));
    }
    return problems;
  },
  run: (ctx) => {
    const load = loadOf(ctx, 'trace');
    const records = readTraceFile(load.file);
    return runOpenLoop(ctx, traceArrivals(records, load.speedup, ctx.stop), load.maxConcurrency);
  },
};
