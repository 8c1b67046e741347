import { Worker } from 'node:worker_threads';
import { describeCache, lastLevelCache, probeWorkingSetBytes } from './cache-size';
import type { RooflineCeilings } from './roofline';

/**
 * A WebAssembly function `sum(start, end) -> i32` that streams memory[start, end) with 128-bit
 * loads, eight per iteration into four accumulators: a pure read of the buffer, bound by memory
 * bandwidth once the buffer is beyond the caches (on the build machine it reads 13-17 GB/s from one
 * core, where an AVX2 C loop reads 16-18 GB/s). Hand-assembled so nothing is compiled at install.
 */
function readKernel(): Uint8Array {
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return out;
  };
  const loads: number[] = [];
  for (let i = 0; i < 8; i++) {
    const acc = 2 + (i % 4); // locals 2..5 are v128 accumulators
    // local.get acc; local.get 0; v128.load offset=16i; i32x4.add; local.set acc
    loads.push(0x20, acc, 0x20, 0x00, 0xfd, 0x00, 0x04, ...leb(i * 16), 0xfd, 0xae, 0x01, 0x21, acc);
  }
  const body = [
    0x01,
    0x04,
    0x7b, // 4 locals of type v128
    0x03,
    0x40, // loop
    ...loads,
    0x20,
    0x00,
    0x41,
    0x80,
    0x01,
    0x6a,
    0x22,
    0x00, // p += 128 (local.tee)
    0x20,
    0x01,
    0x49,
    0x0d,
    0x00,
    0x0b, // br_if p < end; end loop
    0x20,
    2,
    0x20,
    3,
    0xfd,
    0xae,
    0x01,
    0x20,
    4,
    0xfd,
    0xae,
    0x01,
    0x20,
    5,
    0xfd,
    0xae,
    0x01,
    0xfd,
    0x1b,
    0x00, // i32x4.extract_lane 0 of the summed accumulators
    0x0b,
  ];
  const code = [1, ...leb(body.length), ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // \0asm v1
    0x01,
    0x07,
    0x01,
    0x60,
    0x02,
    0x7f,
    0x7f,
    0x01,
    0x7f, // type: (i32, i32) -> i32
    0x03,
    0x02,
    0x01,
    0x00, // one function of that type
    0x05,
    0x03,
    0x01,
    0x00,
    0x01, // memory, 1 page to start
    0x07,
    0x0d,
    0x02,
    0x03,
    0x73,
    0x75,
    0x6d,
    0x00,
    0x00,
    0x03,
    0x6d,
    0x65,
    0x6d,
    0x02,
    0x00, // export sum, mem
    0x0a,
    ...leb(code.length),
    ...code,
  ]);
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { kernel, bytes, rounds, flag } = workerData;
const instance = new WebAssembly.Instance(new WebAssembly.Module(kernel), {});
const { sum, mem } = instance.exports;
mem.grow(Math.ceil(bytes / 65536));
new Uint8Array(mem.buffer).fill(1, 0, bytes);
sum(0, bytes); // warm: pages touched, code compiled
const go = new Int32Array(flag);
parentPort.postMessage({ ready: true });
Atomics.wait(go, 0, 0);
const seconds = [];
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  sink += sum(0, bytes);
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
parentPort.postMessage({ seconds, sink });
`;

export interface ReadBandwidth {
  bytesPerS: number;
  threads: number;
  workingSetBytes: number;
}

/**
 * Best streaming-read bandwidth of `threads` workers reading `workingSetBytes` between them at
 * the same time (each its own part): per round, bytes / the slowest worker's time; best of
 * `rounds` rounds. Workers start together on a shared flag, so the figure is what that many
 * cores draw from memory at once — the ceiling a multi-threaded decode shares.
 *
 * Example: 1 thread over 128 MiB in 9.0 ms at best -> 14.9 GB/s.
 */
export async function probeReadBandwidth(
  threads: number,
  workingSetBytes: number,
  rounds = 5,
): Promise<ReadBandwidth> {
  const perWorker = Math.ceil(workingSetBytes / threads / 128) * 128;
  const flag = new SharedArrayBuffer(4);
  const kernel = readKernel();
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { kernel, bytes: perWorker, rounds, flag } }),
  );
  try {
    const results = workers.map(
      (worker) =>
        new Promise<number[]>((resolve, reject) => {
          worker.on('message', (message: { seconds?: number[] }) => {
            if (message.seconds) resolve(message.seconds);
          });
          worker.once('error', reject);
        }),
    );
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
          }),
      ),
    );
    const go = new Int32Array(flag);
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    const seconds = await Promise.all(results);
    let best = 0;
    for (let r = 0; r < rounds; r++) {
      const slowest = Math.max(...seconds.map((s) => s[r]!));
      best = Math.max(best, (perWorker * threads) / slowest);
    }
    return { bytesPerS: best, threads, workingSetBytes: perWorker * threads };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The llama.cpp engine's ceiling: the best streaming read of 4 × the last-level cache by as many
 * threads as llama.cpp computes with, at once (bandwidth.probe.ts). node-llama-cpp offers no
 * standalone matmul to probe, so there is no compute ceiling: decode, which is memory-bound at
 * small batches, is judged against bandwidth alone. Host-memory figures say nothing about a GPU:
 * for GPU backends the engine records no roofline.
 */
export async function measureReadCeiling(backend: string, threads: number): Promise<RooflineCeilings> {
  const llc = await lastLevelCache();
  const read = await probeReadBandwidth(threads, probeWorkingSetBytes(llc));
  return {
    backend,
    matmulFlopsPerS: null,
    bandwidthBytesPerS: read.bytesPerS,
    method:
      `bandwidth: best streaming read of ${read.workingSetBytes / 1024 ** 2} MiB (≥ 4 × the ${describeCache(llc)}) ` +
      `by ${threads} thread(s) at once (wasm SIMD), the threads llama.cpp computes with; compute: not probed`,
  };
}
