import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineInfo, EnginePerformance, RunningEngine } from '../engine-info';
import type { QualityReport } from '../quality-metrics';
import type { LlamaCppQualityOptions } from './llamacpp-quality';
import type { LlamaCppServeOptions } from './llamacpp-serve';

const CHILD = fileURLToPath(new URL('./llamacpp.child.ts', import.meta.url));
const CLOSE_GRACE_MS = 15_000;

/** Thrown when llama.cpp cannot run on this host at all (no binding or no loadable CPU build). */
export class LlamaCppUnavailable extends Error {
  readonly code = 'LLAMACPP_UNAVAILABLE';
}

type ChildMessage =
  | { type: 'ready'; url: string; info: EngineInfo }
  | { type: 'failed'; message: string; unavailable: boolean }
  | { type: 'performance'; id: number; performance: EnginePerformance }
  | { type: 'quality'; report: QualityReport }
  | { type: 'log'; line: string };

/**
 * Starts the llama.cpp child: the agent's own Node with tsx's loader (TypeScript runs as is, as in
 * bin/yardstick-agent.js), the llama.cpp binding loaded there only. node-llama-cpp never builds or
 * downloads (NODE_LLAMA_CPP_SKIP_DOWNLOAD; `build: 'never'` in the runtime).
 */
function spawnChild(log: (line: string) => void): { child: ChildProcess; stderrTail: () => string } {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(CHILD, [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'log') log(message.line);
  });
  return { child, stderrTail: () => tail.slice(-5).join(' | ') };
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** Serves a seeded preset or a model file with llama.cpp in a child process; resolves when it listens. */
export async function startLlamaCppEngine(
  options: LlamaCppServeOptions,
  log: (line: string) => void,
): Promise<RunningEngine> {
  const { child, stderrTail } = spawnChild(log);
  const ready = await new Promise<{ url: string; info: EngineInfo }>((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message);
      if (message.type === 'failed')
        reject(message.unavailable ? new LlamaCppUnavailable(message.message) : new Error(message.message));
    };
    child.on('message', onMessage);
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `llama.cpp engine process exited with ${exitText(code, signal)} before it was ready: ${stderrTail()}`,
        ),
      ),
    );
    child.send({ type: 'serve', options });
  });
  let alive = true;
  let lastPerformance: EnginePerformance = { prefill: null, decode: null };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (alive)
        log(`engine: the llama.cpp process ended unexpectedly (${exitText(code, signal)}): ${stderrTail()}`);
      alive = false;
      resolve();
    }),
  );
  let nextId = 0;
  const performance = (): Promise<EnginePerformance> => {
    if (!alive || !child.connected) return Promise.resolve(lastPerformance);
    const id = ++nextId;
    return new Promise((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'performance' || message.id !== id) return;
        child.off('message', onMessage);
        lastPerformance = message.performance;
        resolve(message.performance);
      };
      child.on('message', onMessage);
      child.send({ type: 'performance', id });
      void exited.then(() => resolve(lastPerformance));
    });
  };
  return {
    url: ready.url,
    info: ready.info,
    pid: child.pid!,
    performance,
    async close() {
      if (!alive) return;
      await performance();
      alive = false;
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs the llama.cpp quality comparison in a child process (a native crash cannot take the agent down). */
export async function measureLlamaCppQualityInChild(
  options: LlamaCppQualityOptions,
  log: (line: string) => void,
): Promise<QualityReport> {
  const { child, stderrTail } = spawnChild(log);
  return new Promise<QualityReport>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'quality') resolve(message.report);
      if (message.type === 'failed')
        reject(message.unavailable ? new LlamaCppUnavailable(message.message) : new Error(message.message));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`llama.cpp quality process exited with ${exitText(code, signal)}: ${stderrTail()}`)),
    );
    child.send({ type: 'quality', options });
  });
}
