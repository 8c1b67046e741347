import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const agentBin = resolve(repoRoot, 'bench-agent/bin/yardstick-agent.js');
export const serverBin = resolve(repoRoot, 'server/bin/yardstick-server.js');

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts a Node CLI of ours as a real child process and resolves once a line of its output matches
 * `ready` (returning the first capture group), rejecting with the whole output if it exits first.
 */
export function startCli(
  bin: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<Started & { match: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`timed out waiting for ${ready} from ${bin}\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, output: () => out, stop, match: m[1] ?? m[0] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} ${args.join(' ')} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** A `yardstick-server` child process, listening. */
export interface ServerProcess extends Started {
  url: string;
  /** The admin token it printed: only on its first start on a database, else null. */
  adminToken: string | null;
}

/**
 * Starts the real server (`yardstick-server start --db FILE --port 0 --no-first-run-bench`) as a child
 * process and resolves once it listens, with its URL and the admin token it printed. The one way
 * tests and benchmarks start a server process (`extraArgs` and `env` for the rest).
 */
export async function startServerProcess(
  dbPath: string,
  o: { extraArgs?: string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const started = await startCli(
    serverBin,
    ['start', '--db', dbPath, '--port', '0', '--no-first-run-bench', ...(o.extraArgs ?? [])],
    /running at (http:\/\/127\.0\.0\.1:\d+)/,
    o.timeoutMs,
    o.env,
  );
  const adminToken = /(ys_[A-Za-z0-9_-]+)/.exec(started.output())?.[1] ?? null;
  return { ...started, url: started.match, adminToken };
}

/** Runs a CLI of ours to completion; resolves with its exit code and combined output. */
export function runCli(
  bin: string,
  args: string[],
  timeoutMs = 180_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')} timed out:\n${out}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, output: out });
    });
  });
}

/** POSTs a GraphQL operation and returns `data`, throwing on transport or GraphQL errors. */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}
