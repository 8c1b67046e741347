import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/** How to start and check one inference server. */
export interface LaunchSpec {
  /** Label used in the log file name. */
  name: string;
  command: string;
  healthUrl: string;
  startupTimeoutMs: number;
  stopTimeoutMs: number;
  logDir: string;
  cwd?: string;
  env?: Record<string, string>;
}

/**
 * A server started from a shell command in its own process group (so `stop` reaches every process it
 * spawned: `vllm serve` forks workers), with stdout and stderr appended to a log file that is kept.
 */
export class LaunchedServer {
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private exitInfo: string | undefined;
  private readonly exited: Promise<void>;

  constructor(private readonly spec: LaunchSpec) {
    mkdirSync(spec.logDir, { recursive: true });
    const stamp = new Date().toISOString().replaceAll(':', '-');
    this.logFile = path.join(spec.logDir, `${spec.name.replace(/[^\w.-]+/g, '_')}-${stamp}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.log.write(`$ ${spec.command}\n`);
    this.child = spawn('/bin/sh', ['-c', spec.command], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true, // own process group: kill(-pid) stops the whole tree
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.pipe(this.log, { end: false });
    this.child.stderr!.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolve();
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Polls the health URL every 500 ms until it answers 2xx.
   * @throws Error when the process exits first or the start-up timeout passes (naming the log file).
   */
  async waitHealthy(signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (this.exitInfo) {
        throw new Error(
          `server "${this.spec.name}" ${this.exitInfo} before it was healthy; see ${this.logFile}`,
        );
      }
      if (signal?.aborted) throw new Error('interrupted while waiting for the server');
      try {
        const res = await fetch(this.spec.healthUrl, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > this.spec.startupTimeoutMs) {
        throw new Error(
          `server "${this.spec.name}" not healthy at ${this.spec.healthUrl} within ${this.spec.startupTimeoutMs / 1000} s ` +
            `(raise startup_timeout_s?); see ${this.logFile}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** SIGTERM to the process group, SIGKILL after the stop timeout; resolves once it has exited. */
  async stop(): Promise<string> {
    if (!this.exitInfo && this.child.pid !== undefined) {
      this.signalGroup('SIGTERM');
      const timer = setTimeout(() => this.signalGroup('SIGKILL'), this.spec.stopTimeoutMs);
      await this.exited;
      clearTimeout(timer);
      // The shell may have exited before the server it started: make sure the group is gone.
      this.signalGroup('SIGKILL');
    }
    await new Promise<void>((r) => this.log.end(r));
    return this.exitInfo ?? 'not started';
  }

  private signalGroup(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, sig);
    } catch {
      // already gone
    }
  }
}
