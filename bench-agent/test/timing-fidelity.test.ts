import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import {
  absErrorQuantiles,
  joinFidelity,
  quantile,
  startDelayServer,
  type ClientTiming,
} from '../bench/client-bench.helpers';
import { buildSample } from '../src/run/sample.builder';
import { OpenAiTarget, type ChatResult } from '../src/targets/openai.target';
import type { DelayServerRecord } from './fixtures/tools/delay.server';

/** A server record with round numbers: received at t, first write at t + ttft, gaps of `gap`. */
function record(
  id: number | null,
  t: number,
  ttft: number,
  gap: number,
  chunks = 5,
  onConnection = 1,
): DelayServerRecord {
  return {
    id,
    receivedAt: t,
    firstWriteAt: t + ttft,
    lastWriteAt: t + ttft + gap * (chunks - 1),
    firstFlushedAt: null,
    lastFlushedAt: null,
    chunks,
    onConnection,
  };
}

describe('joinFidelity (agent timings vs the delay server records)', () => {
  it('measures the agent against what the server did, not against the nominal delay', () => {
    // The server was told 20 ms / 5 ms but produced 23 ms / 6 ms on request 7 (its timers fired late).
    const server = [record(7, 1000, 23, 6), record(8, 2000, 20, 5, 5, 0)];
    const client: ClientTiming[] = [
      // Agent saw 23.4 ms and 6.1 ms: errors 0.4 / 0.1 against the truth, 3.4 / 1.1 against nominal.
      { id: 7, ttftMs: 23.4, tpotMs: 6.1, sentAt: 999.9 },
      // Agent saw 19.5 ms: the agent is 0.5 ms short (negative error), TPOT exact.
      { id: 8, ttftMs: 19.5, tpotMs: 5, sentAt: 1999.8 },
    ];
    const j = joinFidelity(client, server, { ttftMs: 20, tpotMs: 5 });
    expect(j.matched).toBe(2);
    expect(j.ttftError[0]).toBeCloseTo(0.4, 9);
    expect(j.ttftError[1]).toBeCloseTo(-0.5, 9);
    expect(j.tpotError[0]).toBeCloseTo(0.1, 9);
    expect(j.tpotError[1]).toBeCloseTo(0, 9);
    expect(j.ttftVsNominal[0]).toBeCloseTo(3.4, 9);
    expect(j.tpotVsNominal[0]).toBeCloseTo(1.1, 9);
    expect(j.serverTtftLate).toEqual([3, 0]);
    expect(j.serverTpotLate).toEqual([1, 0]);
    // Request 7: server read it 0.1 ms after the send, so 0.3 ms of the 0.4 ms error is on the way back.
    expect(j.inboundMs[0]).toBeCloseTo(0.1, 9);
    expect(j.outboundMs[0]).toBeCloseTo(0.3, 9);
    // Request 8 was the first on its connection.
    expect(j.ttftErrorFreshConnection).toHaveLength(1);
    expect(j.ttftErrorFreshConnection[0]).toBeCloseTo(-0.5, 9);
    expect(j.ttftErrorReusedConnection[0]).toBeCloseTo(0.4, 9);
  });

  it('counts what cannot be joined instead of guessing', () => {
    const server = [
      record(1, 0, 20, 5),
      record(2, 10, 20, 5),
      record(2, 11, 20, 5), // retried request: two answers for one id
      record(3, 20, 20, 5), // no agent sample
      record(null, 30, 20, 5), // request without a seed
      record(4, 40, 20, 5, 1), // one chunk: no TPOT
    ];
    const client: ClientTiming[] = [
      { id: 1, ttftMs: 20, tpotMs: 5 },
      { id: 2, ttftMs: 20, tpotMs: 5 },
      { id: 4, ttftMs: 21, tpotMs: null },
      { id: 5, ttftMs: 20, tpotMs: 5 }, // server never recorded it
      { id: 6, ttftMs: null, tpotMs: null }, // failed request
    ];
    const j = joinFidelity(client, server, { ttftMs: 20, tpotMs: 5 });
    expect(j).toMatchObject({
      matched: 2,
      duplicated: 1,
      clientUnmatched: 1,
      clientWithoutTiming: 1,
      serverUnmatched: 1,
    });
    expect(j.ttftError).toEqual([0, 1]);
    expect(j.tpotError).toEqual([0]);
    expect(j.inboundMs).toEqual([]); // no send times given
  });

  it('takes nearest-rank quantiles of the error size', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100…1, unsorted
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([], 0.5)).toBeNaN();
    expect(absErrorQuantiles([-3, 1, -2])).toEqual({ p50: 2, p99: 3, max: 3 });
  });
});

describe('delay server and the real agent client', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('records every request, and the agent TTFT is within a few ms of the server truth', async () => {
    const chunks = 16;
    const server = await startDelayServer({ ttftMs: 20, itlMs: 5, chunks });
    close = server.close;
    const target = new OpenAiTarget({ baseUrl: server.url, timeoutMs: 10_000 });
    try {
      // 20 requests, one every 30 ms without waiting for the previous one (a low, overlapping rate).
      const pending: Promise<{ seed: number; result: ChatResult }>[] = [];
      for (let i = 0; i < 20; i += 1) {
        const seed = 500 + i;
        pending.push(
          target
            .chat({ model: 'bench-model', prompt: `request ${i}`, maxTokens: chunks, seed })
            .then((result) => ({ seed, result })),
        );
        await new Promise((r) => setTimeout(r, 30));
      }
      const results = await Promise.all(pending);
      const timings: ClientTiming[] = results.map(({ seed, result }) => {
        expect(result.errorKind).toBeNull();
        // The agent's own sample builder makes TTFT / TPOT, exactly as in a run.
        const s = buildSample(
          { seq: seed, warmup: false, runStartAt: 0, scheduledAt: result.sentAt, slotAt: result.sentAt },
          result,
        );
        return {
          id: seed,
          ttftMs: s.ttftMs,
          tpotMs: s.tpotMs,
          sentAt: performance.timeOrigin + result.sentAt,
        };
      });
      const records = await server.records();
      expect(records).toHaveLength(20);
      expect(new Set(records.map((r) => r.id))).toEqual(new Set(results.map((r) => r.seed)));
      for (const r of records) {
        expect(r.chunks).toBe(chunks);
        // The server did inject the delay (its timers may fire up to ~1 ms early, never much more).
        expect(r.firstWriteAt - r.receivedAt).toBeGreaterThan(18);
        // Due times are absolute from receipt (a late first chunk does not push the rest back), so
        // the last chunk is due at ttft + 15 gaps after receipt, however late the first one was.
        expect(r.lastWriteAt - r.receivedAt).toBeGreaterThan(20 + (chunks - 1) * 5 - 2);
      }
      const j = joinFidelity(timings, records, { ttftMs: 20, tpotMs: 5 });
      expect(j.matched).toBe(20);
      // Loose bounds for a loaded CI machine; a TTFT stamped at the end of the body would be ~75 ms off.
      expect(absErrorQuantiles(j.ttftError).p50).toBeLessThan(10);
      expect(absErrorQuantiles(j.tpotError).p50).toBeLessThan(3);
      // The shared epoch clock: the server cannot have read a request before the agent sent it.
      expect(Math.min(...j.inboundMs)).toBeGreaterThan(-1);
    } finally {
      target.close();
    }
  });
});
