import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DelayServerRecord } from '../test/fixtures/tools/delay.server';

const SERVER = fileURLToPath(new URL('../test/fixtures/tools/sse-load.server.ts', import.meta.url));
const DELAY_SERVER = fileURLToPath(new URL('../test/fixtures/tools/delay.server.ts', import.meta.url));

/** Starts the benchmark SSE server in its own process(es); resolves once it listens. */
export function startSseServer(o: {
  processes?: number;
  ttftMs?: number;
  itlMs?: number;
  chunks?: number;
  /** A bare node:net server with prebuilt responses (zero delays only): the server costs little. */
  raw?: boolean;
}): Promise<SpawnedServer> {
  return spawnServer(SERVER, [
    '--processes',
    String(o.processes ?? 1),
    '--ttft-ms',
    String(o.ttftMs ?? 0),
    '--itl-ms',
    String(o.itlMs ?? 0),
    '--chunks',
    String(o.chunks ?? 16),
    ...(o.raw ? ['--raw'] : []),
  ]);
}

/**
 * Starts the recording delay server (test/fixtures/tools/delay.server.ts) in its own process. `records()`
 * reads its per-request records (GET /records); `stats()` its event-loop delay since the previous
 * `stats()` call (GET /stats).
 */
export async function startDelayServer(o: { ttftMs: number; itlMs: number; chunks: number }): Promise<
  SpawnedServer & {
    records(): Promise<DelayServerRecord[]>;
    stats(): Promise<DelayServerStats>;
  }
> {
  const server = await spawnServer(DELAY_SERVER, [
    '--ttft-ms',
    String(o.ttftMs),
    '--itl-ms',
    String(o.itlMs),
    '--chunks',
    String(o.chunks),
  ]);
  const get = async (path: string): Promise<string> => {
    const res = await fetch(`${server.url}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return res.text();
  };
  return {
    ...server,
    records: async () =>
      (await get('/records'))
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as DelayServerRecord),
    stats: async () => JSON.parse(await get('/stats')) as DelayServerStats,
  };
}

/** What GET /stats of the delay server answers. */
export interface DelayServerStats {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** A benchmark server in its own process. */
export interface SpawnedServer {
  url: string;
  /**
   * CPU time (user + system) the server process has used so far, in ms (10 ms ticks); null off Linux
   * (no /proc). With `processes > 1` only the cluster primary, which serves nothing, is counted.
   */
  cpuMs(): number | null;
  close(): Promise<void>;
}

/** Spawns `node --import tsx <script> <args>` in its own process group; resolves on `listening <port>`. */
async function spawnServer(script: string, args: string[]): Promise<SpawnedServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
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
    cpuMs: () => processCpuMs(child.pid!),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** utime + stime of one process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces; fields after it start behind its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
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

/** One agent measurement to judge: its request's id (the `seed` it sent) and the agent's numbers. */
export interface ClientTiming {
  id: number;
  ttftMs: number | null;
  tpotMs: number | null;
  /** Epoch ms (performance.timeOrigin + performance.now()) of the send, when known: splits the error. */
  sentAt?: number | null;
}

/** Agent measurements joined to the delay server's records; all values in ms, one entry per request. */
export interface FidelityJoin {
  /** Requests with an agent TTFT and exactly one server record. */
  matched: number;
  /** Agent samples with a TTFT but no server record. */
  clientUnmatched: number;
  /** Agent samples without a TTFT (failed requests). */
  clientWithoutTiming: number;
  /** Server records no agent sample points to. */
  serverUnmatched: number;
  /** Ids with several server records (a retried request): left out, the answer's owner is unknown. */
  duplicated: number;
  /** Agent TTFT − server TTFT (first content write − request received): the agent's error, signed. */
  ttftError: number[];
  /** ttftError split by connection: the request opened its connection (connect time included) or reused one. */
  ttftErrorFreshConnection: number[];
  ttftErrorReusedConnection: number[];
  /** Agent TPOT − server TPOT ((last − first content write) / (chunks − 1)). */
  tpotError: number[];
  /** The old yardstick: agent TTFT / TPOT − the nominal injected delay (server lateness included). */
  ttftVsNominal: number[];
  tpotVsNominal: number[];
  /** Server TTFT / TPOT − nominal: how late the server's timers fired. */
  serverTtftLate: number[];
  serverTpotLate: number[];
  /** Server received − agent sent (needs `sentAt`): loopback, the agent's write and the server's read. */
  inboundMs: number[];
  /** Agent first token − server first write, i.e. ttftError − inbound: loopback and the agent's read. */
  outboundMs: number[];
}

/**
 * Joins agent timings to the delay server's records by id and computes the agent's measurement error
 * against what the server really did (not against the delay it was told to inject).
 */
export function joinFidelity(
  client: readonly ClientTiming[],
  server: readonly DelayServerRecord[],
  nominal: { ttftMs: number; tpotMs: number },
): FidelityJoin {
  const byId = new Map<number, DelayServerRecord[]>();
  for (const r of server) {
    if (r.id === null) continue;
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  const out: FidelityJoin = {
    matched: 0,
    clientUnmatched: 0,
    clientWithoutTiming: 0,
    serverUnmatched: 0,
    duplicated: 0,
    ttftError: [],
    ttftErrorFreshConnection: [],
    ttftErrorReusedConnection: [],
    tpotError: [],
    ttftVsNominal: [],
    tpotVsNominal: [],
    serverTtftLate: [],
    serverTpotLate: [],
    inboundMs: [],
    outboundMs: [],
  };
  const claimed = new Set<number>();
  for (const c of client) {
    if (c.ttftMs === null) {
      out.clientWithoutTiming += 1;
      continue;
    }
    const records = byId.get(c.id);
    if (!records) {
      out.clientUnmatched += 1;
      continue;
    }
    claimed.add(c.id);
    if (records.length > 1) {
      out.duplicated += 1;
      continue;
    }
    const r = records[0]!;
    out.matched += 1;
    const serverTtft = r.firstWriteAt - r.receivedAt;
    out.ttftError.push(c.ttftMs - serverTtft);
    (r.onConnection === 0 ? out.ttftErrorFreshConnection : out.ttftErrorReusedConnection).push(
      c.ttftMs - serverTtft,
    );
    out.ttftVsNominal.push(c.ttftMs - nominal.ttftMs);
    out.serverTtftLate.push(serverTtft - nominal.ttftMs);
    if (r.chunks > 1) {
      const serverTpot = (r.lastWriteAt - r.firstWriteAt) / (r.chunks - 1);
      out.serverTpotLate.push(serverTpot - nominal.tpotMs);
      if (c.tpotMs !== null) {
        out.tpotError.push(c.tpotMs - serverTpot);
        out.tpotVsNominal.push(c.tpotMs - nominal.tpotMs);
      }
    }
    if (c.sentAt !== undefined && c.sentAt !== null) {
      const inbound = r.receivedAt - c.sentAt;
      out.inboundMs.push(inbound);
      out.outboundMs.push(c.ttftMs - serverTtft - inbound);
    }
  }
  for (const [id, records] of byId) if (!claimed.has(id)) out.serverUnmatched += records.length;
  return out;
}

/** Nearest-rank quantile of `values` (unsorted; not modified); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** p50 / p99 / max of |x|: the size of an error regardless of its sign. */
export function absErrorQuantiles(errors: readonly number[]): { p50: number; p99: number; max: number } {
  const abs = errors.map((e) => Math.abs(e));
  return { p50: quantile(abs, 0.5), p99: quantile(abs, 0.99), max: abs.length ? Math.max(...abs) : NaN };
}

/** Whole-machine CPU counters (all cores), to tell whether a measurement ran on a saturated machine. */
export interface CpuSnapshot {
  busyMs: number;
  totalMs: number;
}

export function cpuSnapshot(): CpuSnapshot {
  let busyMs = 0;
  let totalMs = 0;
  for (const c of os.cpus()) {
    const { user, nice, sys, idle, irq } = c.times;
    busyMs += user + nice + sys + irq;
    totalMs += user + nice + sys + idle + irq;
  }
  return { busyMs, totalMs };
}

/** Fraction of all cores' time that was busy between two snapshots (0…1). */
export function busyFraction(before: CpuSnapshot, after: CpuSnapshot): number {
  const total = after.totalMs - before.totalMs;
  return total > 0 ? (after.busyMs - before.busyMs) / total : 0;
}
