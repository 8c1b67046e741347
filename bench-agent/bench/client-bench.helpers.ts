import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../test/fixtures/tools/sse-load.server.ts', import.meta.url));

/** Starts the benchmark SSE server in its own process(es); resolves once it listens. */
export async function startSseServer(o: {
  processes?: number;
  ttftMs?: number;
  itlMs?: number;
  chunks?: number;
  /** A bare node:net server with prebuilt responses (zero delays only): the server costs little. */
  raw?: boolean;
}): Promise<{ url: string; close(): Promise<void> }> {
  const args = [
    '--import',
    'tsx',
    SERVER,
    '--processes',
    String(o.processes ?? 1),
    '--ttft-ms',
    String(o.ttftMs ?? 0),
    '--itl-ms',
    String(o.itlMs ?? 0),
    '--chunks',
    String(o.chunks ?? 16),
    ...(o.raw ? ['--raw'] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /^listening (\d+)$/.exec(l);
      if (m) resolve(Number(m[1]));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** wrk's requests/s (non-streaming GET, one thread), or null when wrk is not installed. */
export function runWrk(url: string, seconds: number, connections: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    execFile('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, `${url}/completion`], (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        console.log('wrk not installed');
        resolve(null);
        return;
      }
      if (err) return reject(err);
      const m = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
      if (!m) return reject(new Error(`cannot read wrk output:\n${stdout}`));
      resolve(Number(m[1]));
    });
  });
}
