import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/engine/backend.service';
import { klDivergence, measureQuality } from '../src/engine/quality.service';

describe('klDivergence', () => {
  it('matches a hand-worked case and is zero for identical or shifted logits', () => {
    // P = softmax([0, 0]) = [½, ½], Q = softmax([0, ln 3]) = [¼, ¾]: ½ ln 2 + ½ ln(2/3).
    const kl = klDivergence(new Float32Array([0, 0]), new Float32Array([0, Math.log(3)]));
    expect(kl).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 6);
    const p = new Float32Array([1, -2, 3.5, 0]);
    expect(klDivergence(p, p)).toBe(0);
    expect(
      klDivergence(
        p,
        p.map((v) => v + 100),
      ),
    ).toBeLessThan(1e-9); // softmax is shift-invariant
    expect(() => klDivergence(p, new Float32Array(3))).toThrow(/^logits: lengths differ/);
  });
});

describe('measureQuality (tiny preset, wasm)', () => {
  beforeAll(async () => {
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });

  it('orders levels by divergence from fp32: fp32 = 0 < fp16 < int8 < int4, with weight bytes alongside', async () => {
    const report = await measureQuality({
      preset: 'tiny',
      levels: ['fp32', 'fp16', 'int8', 'int4'],
      seed: 9,
      continuationTokens: 4,
    });
    expect(report).toMatchObject({ preset: 'tiny', seed: 9, positions: 8 * 5, reference: 'fp32' });
    const [fp32, fp16, int8, int4] = report.levels;
    expect(fp32!.meanKlNats).toBe(0);
    expect(fp32!.top1Agreement).toBe(1);
    expect(fp16!.meanKlNats).toBeGreaterThan(0);
    expect(int8!.meanKlNats).toBeGreaterThan(10 * fp16!.meanKlNats);
    expect(int4!.meanKlNats).toBeGreaterThan(10 * int8!.meanKlNats);
    expect(int4!.maxKlNats).toBeGreaterThanOrEqual(int4!.meanKlNats);
    expect(fp16!.top1Agreement).toBe(1);
    expect(int4!.top1Agreement).toBeLessThanOrEqual(int8!.top1Agreement);
    expect(int4!.weightBytes).toBeLessThan(int8!.weightBytes);
    expect(int8!.weightBytes).toBeLessThan(fp16!.weightBytes);
    for (const level of report.levels) expect(level.computePrecision).toBe('fp32');

    // Same seed, same prompts: the figures reproduce exactly.
    const again = await measureQuality({ preset: 'tiny', levels: ['int4'], seed: 9, continuationTokens: 4 });
    expect(again.levels[0]!.meanKlNats).toBe(int4!.meanKlNats);
  });

  it('names the field when the prompts plus continuation exceed the context', async () => {
    await expect(
      measureQuality({ preset: 'tiny', levels: ['int8'], continuationTokens: 300 }),
    ).rejects.toThrow(/^continuationTokens: prompts \+ 300 tokens exceed the context 256/);
  });
});

describe('yardstick-agent engine-quality', () => {
  const agentBin = join(import.meta.dirname, '../bin/yardstick-agent.js');

  it('prints a table per level and writes the same figures as JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'engine-quality-')), 'q.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        agentBin,
        'engine-quality',
        '--preset',
        'tiny',
        '--quantization',
        'int8,int4',
        '--tokens',
        '2',
        '--backend',
        'wasm',
        '--json',
        file,
      ],
      { timeout: 60_000 },
    );
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      backend: string;
      positions: number;
      levels: { quantization: string; meanKlNats: number }[];
    };
    expect(report.backend).toBe('wasm');
    expect(report.positions).toBe(8 * 3);
    expect(report.levels.map((l) => l.quantization)).toEqual(['int8', 'int4']);
    expect(report.levels[1]!.meanKlNats).toBeGreaterThan(report.levels[0]!.meanKlNats);
    expect(stdout).toMatch(/^tiny \(seed 0\) on wasm: 24 positions/);
    expect(stdout).toContain(report.levels[1]!.meanKlNats.toExponential(3));
  }, 60_000);

  it('rejects an unknown level with a usage error that lists the accepted ones', async () => {
    const failure = await promisify(execFile)(
      process.execPath,
      [agentBin, 'engine-quality', '--quantization', 'int3'],
      {
        timeout: 30_000,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      '"int3" is not a level of either engine; llama.cpp: F32,F16,Q8_0,Q6_K,Q5_K,Q4_K,Q4_0; tfjs: fp32,fp16,int8,int4',
    );
  }, 30_000);
});

describe('llama.cpp levels against llama.cpp F32 (tiny preset, child process)', () => {
  it('orders levels by divergence: F16 < Q8_0 < Q4_0, fewer weight bytes as they go', async () => {
    const { measureLlamaCppQualityInChild } = await import('../src/engine');
    const report = await measureLlamaCppQualityInChild(
      {
        preset: 'tiny',
        levels: ['F16', 'Q8_0', 'Q4_0'],
        seed: 0,
        continuationTokens: 4,
        gpu: 'cpu',
        cacheDir: mkdtempSync(join(tmpdir(), 'yardstick-quality-gguf-')),
      },
      () => {},
    );
    expect(report).toMatchObject({ engine: 'llamacpp', preset: 'tiny', reference: 'f32', positions: 8 * 5 });
    const [f16, q8, q4] = report.levels;
    expect(report.levels.map((l) => l.quantization)).toEqual(['f16', 'q8_0', 'q4_0']);
    expect(f16!.meanKlNats).toBeGreaterThan(0);
    expect(q8!.meanKlNats).toBeGreaterThan(10 * f16!.meanKlNats);
    expect(q4!.meanKlNats).toBeGreaterThan(10 * q8!.meanKlNats);
    expect(q4!.top1Agreement).toBeLessThan(f16!.top1Agreement);
    // 2 bytes, 34/32 and 18/32 bytes per weight (the norms stay F32).
    expect(f16!.weightBytes).toBeGreaterThan(q8!.weightBytes);
    expect(q8!.weightBytes).toBeGreaterThan(q4!.weightBytes);
  }, 60_000);
});
