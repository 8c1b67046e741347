/**
 * Entry of the llama.cpp child process (started by llamacpp-engine.ts with tsx's loader). A native
 * crash in llama.cpp ends this process only; the agent that started it sees the exit and carries on.
 *
 * Protocol (Node IPC messages):
 *   parent → child  { type: 'serve', options } | { type: 'quality', options } | { type: 'performance', id } | { type: 'close' }
 *   child → parent  { type: 'ready', url, info } | { type: 'failed', message, unavailable }
 *                   | { type: 'performance', id, performance } | { type: 'quality', report } | { type: 'log', line }
 */
import type { RunningEngine } from '../engine-info';
import { measureLlamaCppQuality, type LlamaCppQualityOptions } from './llamacpp-quality';
import { LlamaCppUnavailableError, serveLlamaCpp, type LlamaCppServeOptions } from './llamacpp-serve';

type Request =
  | { type: 'serve'; options: LlamaCppServeOptions }
  | { type: 'quality'; options: LlamaCppQualityOptions }
  | { type: 'performance'; id: number }
  | { type: 'close' };

/** Resolves once the message is handed to the channel (so exiting after it does not lose it). */
const send = (message: unknown) =>
  new Promise<void>((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, () => resolve());
  });
const log = (line: string) => void send({ type: 'log', line });
let engine: RunningEngine | null = null;

function fail(error: unknown): void {
  void send({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    unavailable: error instanceof LlamaCppUnavailableError,
  }).then(shutdown);
}

process.on('message', (message: Request) => {
  switch (message.type) {
    case 'serve':
      serveLlamaCpp(message.options, log)
        .then((running) => {
          engine = running;
          return send({ type: 'ready', url: running.url, info: running.info });
        })
        .catch(fail);
      return;
    case 'quality':
      measureLlamaCppQuality(message.options, log)
        .then((report) => send({ type: 'quality', report }))
        .then(shutdown)
        .catch(fail);
      return;
    case 'performance':
      void engine
        ?.performance()
        .then((performance) => send({ type: 'performance', id: message.id, performance }));
      if (!engine)
        void send({ type: 'performance', id: message.id, performance: { prefill: null, decode: null } });
      return;
    case 'close':
      shutdown();
      return;
  }
});

let closing: Promise<void> | null = null;
/** Closes the engine once, then exits (native handles would otherwise keep the process alive). */
function shutdown(): void {
  closing ??= (engine?.close() ?? Promise.resolve())
    .catch((error: unknown) => log(`engine: close failed: ${String(error)}`))
    .finally(() => process.exit(0));
}

// The parent went away: nothing else keeps this process useful.
process.on('disconnect', shutdown);
// Ctrl-C reaches the whole process group: the parent decides when the engine stops (it sends 'close').
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
