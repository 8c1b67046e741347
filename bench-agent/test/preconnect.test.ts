/**
 * Pre-opened connections: the pool opens them before any request (a raw TCP server counts accepts),
 * within maxSockets, never throws when they fail, retries a request whose pre-opened connection the
 * server had closed idle, and a run opens them before its first request so that none of its requests
 * waits for a TCP connect.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Http1Pool } from '../src/targets/http1-pool';
import type { Http1Sink } from '../src/targets/http1-connection';
import { preconnectCount, runScenario } from '../src/run/run.service';
import { preconnectSetting } from '../src/commands/parse-options';
import { sseBody, startRawServer, type RawRequest, type RawServer } from './helpers/raw-http.server';
import { closedPort } from './helpers/fake-openai.server';
import { HARDWARE_FIXTURE, scenarioFixture } from './helpers/scenario.fixture';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function raw(respond: (req: RawRequest) => void): Promise<RawServer> {
  const server = await startRawServer(respond);
  cleanups.push(() => server.close());
  return server;
}

function pool(port: number, maxSockets?: number): Http1Pool {
  const p = new Http1Pool({ host: '127.0.0.1', port, https: false, maxSockets });
  cleanups.push(() => p.close());
  return p;
}

const reply = (req: RawRequest, body: string, type = 'application/json'): void =>
  void req.socket.write(
    `HTTP/1.1 200 OK\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

/** Sends one GET through the pool; resolves the status or the error. */
function get(p: Http1Pool): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    let status = 0;
    const sink: Http1Sink = {
      onHead: (s) => (status = s),
      onBody: () => {},
      onComplete: () => resolve({ status }),
      onError: (kind, message) => resolve({ error: `${kind}: ${message}` }),
    };
    p.request('GET / HTTP/1.1\r\nhost: x\r\n\r\n', sink);
  });
}

describe('Http1Pool.preconnect', () => {
  it('opens n connections before any request, and requests then reuse them', async () => {
    const server = await raw((req) => setTimeout(() => reply(req, 'ok'), 20));
    const p = pool(server.port);
    const r = await p.preconnect(4);
    expect(r).toEqual({ attempted: 4, opened: 4, failed: 0, pending: 0 });
    await vi.waitFor(() => expect(server.connections()).toBe(4));
    expect(server.requests).toHaveLength(0);
    const answers = await Promise.all([get(p), get(p), get(p), get(p)]);
    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ status: 200 })));
    expect(server.connections()).toBe(4);
    expect(new Set(server.requests.map((q) => q.connection))).toEqual(new Set([0, 1, 2, 3]));
    // Already open: nothing more to do.
    expect(await p.preconnect(4)).toMatchObject({ attempted: 0, opened: 0 });
  });

  it('stays within maxSockets and counts connections already open', async () => {
    const server = await raw((req) => reply(req, 'ok'));
    const p = pool(server.port, 3);
    expect(await get(p)).toEqual({ status: 200 });
    expect(await p.preconnect(10)).toMatchObject({ attempted: 2, opened: 2 });
    await vi.waitFor(() => expect(server.connections()).toBe(3));
    expect(p.openConnections).toBe(3);
  });

  it('reports connections that cannot be opened instead of throwing', async () => {
    const p = pool(await closedPort());
    const r = await p.preconnect(3);
    expect(r).toMatchObject({ attempted: 3, opened: 0, failed: 3, pending: 0 });
    expect(r.firstFailure).toMatch(/ECONNREFUSED/);
    expect(p.openConnections).toBe(0);
    // The pool still works as before: the request reports the connect failure itself.
    expect((await get(p)).error).toMatch(/^connect: ECONNREFUSED/);
  });

  it('retries on a fresh connection when the server closed a pre-opened one as the request went out', async () => {
    // The keep-alive race, on a connection that never carried a request: the server closes
    // connection 0 on its first request without answering; the pool must resend, not fail.
    const server = await raw((req) => (req.connection === 0 ? req.socket.destroy() : reply(req, 'ok')));
    const p = pool(server.port);
    expect(await p.preconnect(1)).toMatchObject({ opened: 1 });
    expect(await get(p)).toEqual({ status: 200 });
    expect(server.connections()).toBe(2);
  });
});

describe('a run pre-opens its connections', () => {
  /** A target that answers /v1/models and streams 2 tokens after 150 ms, noting accepts per POST. */
  async function target(): Promise<{ server: RawServer; acceptedAtPost: number[] }> {
    const acceptedAtPost: number[] = [];
    const server = await raw((req) => {
      if (req.head.startsWith('GET /v1/models')) return reply(req, '{"data":[{"id":"m"}]}');
      acceptedAtPost.push(server.connections());
      setTimeout(() => reply(req, sseBody(2), 'text/event-stream'), 150);
    });
    return { server, acceptedAtPost };
  }
  // 8 requests at 20/s, at most 4 in flight; each takes 150 ms, so 3-4 overlap.
  const scenario = scenarioFixture({
    load: { type: 'constant', rate_per_s: 20, max_concurrency: 4 },
    stop: { requests: 8 },
  });

  it('auto: opens the cap (4) before the first request, and records it in the config', async () => {
    const { server, acceptedAtPost } = await target();
    const outcome = await runScenario({ targetUrl: server.url, scenario, hardware: HARDWARE_FIXTURE });
    expect(outcome.summary.errors).toBe(0);
    expect(acceptedAtPost).toHaveLength(8);
    // Every connection the run used was open before its first request.
    expect(acceptedAtPost[0]).toBe(4);
    expect(server.connections()).toBe(4);
    expect(outcome.config.preconnect).toEqual({ setting: 'auto', connections: 4 });
  });

  it('--preconnect 0: connections are opened by the requests that need them', async () => {
    const { server, acceptedAtPost } = await target();
    const outcome = await runScenario({
      targetUrl: server.url,
      scenario,
      hardware: HARDWARE_FIXTURE,
      preconnect: 0,
    });
    expect(acceptedAtPost).toHaveLength(8);
    // Only the /v1/models connection existed when the first request went out.
    expect(acceptedAtPost[0]).toBe(1);
    expect(server.connections()).toBeGreaterThan(1);
    expect(outcome.config.preconnect).toEqual({ setting: 0, connections: 0 });
  });

  it('a target that refuses connections: one log line, and the run goes on', async () => {
    const log: string[] = [];
    const outcome = await runScenario({
      targetUrl: `http://127.0.0.1:${await closedPort()}`,
      scenario: scenarioFixture({
        model: 'm',
        load: { type: 'concurrency', concurrency: 3 },
        stop: { requests: 3 },
      }),
      hardware: HARDWARE_FIXTURE,
      log: (l) => log.push(l),
    });
    expect(outcome.status).toBe('COMPLETED');
    expect(outcome.samples.map((s) => s.errorKind)).toEqual(['connect', 'connect', 'connect']);
    const lines = log.filter((l) => l.startsWith('preconnect:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/0 of 3 connection\(s\) opened .*3 failed \(ECONNREFUSED.*the run goes on/);
  });
});

describe('how many connections', () => {
  it('auto follows the load; a number is taken as is', () => {
    expect(preconnectCount({ type: 'concurrency', concurrency: 32 })).toBe(32);
    expect(preconnectCount({ type: 'poisson', ratePerS: 1000 })).toBe(250);
    expect(preconnectCount({ type: 'constant', ratePerS: 3 })).toBe(1);
    expect(preconnectCount({ type: 'gamma', ratePerS: 5000, burstiness: 1 })).toBe(256);
    expect(preconnectCount({ type: 'poisson', ratePerS: 1000, maxConcurrency: 12 })).toBe(12);
    expect(
      preconnectCount({
        type: 'ramp',
        arrivals: 'poisson',
        stages: [
          { durationS: 10, ratePerS: 40 },
          { durationS: 10, ratePerS: 400 },
        ],
      }),
    ).toBe(10);
    expect(preconnectCount({ type: 'trace', file: 't.jsonl', speedup: 1 })).toBe(0);
    expect(preconnectCount({ type: 'concurrency', concurrency: 32 }, 0)).toBe(0);
    expect(preconnectCount({ type: 'poisson', ratePerS: 1 }, 64)).toBe(64);
  });

  it('--preconnect takes auto, 0 or a whole number', () => {
    expect(preconnectSetting('auto')).toBe('auto');
    expect(preconnectSetting('0')).toBe(0);
    expect(preconnectSetting('128')).toBe(128);
    for (const bad of ['-1', '1.5', 'all', '']) expect(() => preconnectSetting(bad)).toThrow(/auto, 0/);
  });
});
