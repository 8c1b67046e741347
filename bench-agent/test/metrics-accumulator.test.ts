import { describe, expect, it } from 'vitest';
import { percentiles as reference } from '@yardstick/schema/percentile';
import { LatencyValues } from '../src/metrics/latency-values';
import { RunAccumulator } from '../src/metrics/run-accumulator';
import { summarizeAccumulator, summarizeSamples } from '../src/metrics/run-summary';
import { AgentCpuMeter, agentCpuUsage, sumAgentCpu } from '../src/metrics/agent-cpu';
import type { SampleInput } from '../src/run/sample.types';

function sample(seq: number, over: Partial<SampleInput> = {}): SampleInput {
  return {
    seq,
    warmup: false,
    scheduledAtMs: seq * 10,
    sentAtMs: seq * 10 + 0.5,
    sendLagMs: 0.5,
    queueMs: 0,
    ttftMs: 100 + seq,
    e2eMs: 500 + seq,
    tpotMs: 10,
    itlMs: [10, 10],
    inputTokens: 20,
    outputTokens: 41,
    outputTokensServer: 41,
    outputTokensClient: 40,
    tokenSource: 'SERVER',
    errorKind: null,
    errorMessage: null,
    ...over,
  };
}

describe('LatencyValues', () => {
  it('reports p99.9 and stddev, and survives an encode/decode round trip exactly', () => {
    const h = new LatencyValues();
    for (let i = 1; i <= 1000; i += 1) h.recordMs(i);
    const p = h.percentiles();
    // Linear interpolation: h = 999 × 0.999 = 998.001 → 999 + 0.001 × (1000 − 999).
    expect(p.p999).toBeCloseTo(999.001, 9);
    // population stddev of 1..1000 = sqrt((1000² − 1) / 12) ≈ 288.675
    expect(p.stddev!).toBeCloseTo(288.675, 3);
    const back = LatencyValues.decode(JSON.parse(JSON.stringify(h.encode())));
    expect(back.percentiles()).toEqual(p);
    expect(() => LatencyValues.decode({ encoding: 'i32us', base64: 'AAA' })).toThrow(
      /not encoded latency values/,
    );
  });

  it('keeps every value exactly: microseconds compactly, other values as doubles', () => {
    const values = [12.345, 0.001, 7, 1999.999, 0.5];
    const micro = new LatencyValues();
    for (const v of values) micro.recordMs(v);
    expect(micro.encode().encoding).toBe('i32us');
    const odd = new LatencyValues();
    for (const v of [...values, Math.PI]) odd.recordMs(v);
    expect(odd.encode().encoding).toBe('f64');
    const ps = [50, 90, 99];
    expect(ps.map((p) => micro.percentileMs(p))).toEqual(reference(values, ps));
    expect(ps.map((p) => odd.percentileMs(p))).toEqual(reference([...values, Math.PI], ps));
    expect(LatencyValues.decode(odd.encode()).percentiles()).toEqual(odd.percentiles());
  });
});

describe('RunAccumulator', () => {
  const samples = Array.from({ length: 200 }, (_, i) =>
    sample(
      i,
      i % 10 === 0 ? { errorKind: 'timeout', ttftMs: null, e2eMs: null, tpotMs: null, itlMs: [] } : {},
    ),
  );

  it('merging per-worker accumulators (through JSON) equals one accumulator over all samples', () => {
    const whole = new RunAccumulator({ ttftMs: 250 });
    for (const s of samples) whole.add(s);
    const parts = [
      new RunAccumulator({ ttftMs: 250 }),
      new RunAccumulator({ ttftMs: 250 }),
      new RunAccumulator({ ttftMs: 250 }),
    ];
    samples.forEach((s, i) => parts[i % 3]!.add(s));
    const merged = new RunAccumulator({ ttftMs: 250 });
    for (const p of parts)
      merged.merge(RunAccumulator.fromJSON(JSON.parse(JSON.stringify(p.toJSON())), { ttftMs: 250 }));
    const a = summarizeAccumulator(whole);
    const b = summarizeAccumulator(merged);
    expect(b.ttftMs).toEqual(a.ttftMs);
    expect(b.itlMs).toEqual(a.itlMs);
    expect(b.goodput).toEqual(a.goodput);
    expect(b.errorsByKind).toEqual([{ kind: 'timeout', count: 20 }]);
    expect(b.durationS).toBe(a.durationS);
  });

  it('keeps both token counts and the source used', () => {
    const s = summarizeSamples([
      sample(0),
      sample(1, { tokenSource: 'CLIENT', outputTokensServer: null, outputTokens: 40 }),
    ]);
    expect(s.tokenCounts).toEqual({
      outputTokensServer: 41,
      outputTokensClient: 80,
      requestsWithServerCount: 1,
      requestsWithClientCount: 1,
    });
    expect(s.outputTokens).toBe(81);
    expect(s.sendLagMs.p50).toBeCloseTo(0.5, 2);
  });

  it('shifts a worker window by its clock offset', () => {
    const w = new RunAccumulator();
    w.add(sample(0));
    const shifted = RunAccumulator.fromJSON(w.toJSON(), {}, 1000);
    expect(shifted.firstSendMs).toBe(w.firstSendMs! + 1000);
    expect(shifted.durationS).toBe(w.durationS);
    expect(() => RunAccumulator.fromJSON({ ...w.toJSON(), version: 1 as 2 })).toThrow(/version 1/);
  });
});

describe('agent CPU', () => {
  it('measures CPU time of a busy loop and sums worker processes', () => {
    const meter = new AgentCpuMeter();
    const until = Date.now() + 60;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const u = meter.stop();
    expect(x).toBeGreaterThan(0);
    expect(u.userS + u.systemS).toBeGreaterThan(0.02);
    expect(u.percentOfOneCore).toBeGreaterThan(10);
    expect(agentCpuUsage(2, 0.5, 5, 1).percentOfOneCore).toBe(50);
    expect(sumAgentCpu([agentCpuUsage(1, 0, 2, 1), agentCpuUsage(1, 1, 4, 1)])).toEqual(
      agentCpuUsage(2, 1, 4, 2),
    );
  });
});
