/**
 * The README's first command: a server started on an empty database benchmarks this machine with the
 * embedded engines — llama.cpp at F16, Q8_0 and Q4_0, TensorFlow.js fp32 for comparison — and stores
 * every run with the engine's roofline figures and each level's quality against full precision.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, serverBin, startCli, type Started } from '../support/processes';

interface Runs {
  runs: {
    edges: {
      node: {
        quantization: string;
        status: string;
        targetEngine: string;
        engineBackend: string | null;
        config: {
          engine: {
            engine: string;
            threads: number | null;
            weightBytes: number;
            quality: { reference: string; meanKlNats: number; top1Agreement: number } | null;
          };
        };
        summary: {
          requests: number;
          enginePerformance?: { decode: { tokensPerS: number; bandwidthFraction: number } | null };
        };
        stats: { requests: number; errors: number };
      };
    }[];
  };
}

describe('first start on an empty database', () => {
  let workDir: string | undefined;
  let server: (Started & { match: string }) | undefined;

  afterAll(async () => {
    delete process.env.YARDSTICK_CACHE_DIR;
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('benchmarks llama.cpp F16, Q8_0, Q4_0 and TensorFlow.js fp32, and stores every run', async () => {
    workDir = mkdtempSync(join(tmpdir(), 'yardstick-first-run-'));
    // Generated GGUF files go to a cache folder of this test, not the user's ~/.cache.
    process.env.YARDSTICK_CACHE_DIR = join(workDir, 'cache');
    server = await startCli(
      serverBin,
      ['start', '--db', join(workDir, 'first.duckdb'), '--port', '0'],
      /\[first-run\] (benchmark finished\.|benchmark exited.*|failed.*|could not start.*)$/m,
      230_000,
    );
    expect(server.match, server.output()).toBe('benchmark finished.');
    const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())![1]!;
    const { runs } = await graphql<Runs>(
      url,
      `
        {
          runs(first: 10) {
            edges {
              node {
                quantization
                status
                targetEngine
                engineBackend
                config
                summary
                stats {
                  requests
                  errors
                }
              }
            }
          }
        }
      `,
    );
    const byQuant = new Map(runs.edges.map((e) => [e.node.quantization, e.node]));
    expect([...byQuant.keys()].sort(), server.output()).toEqual(['f16', 'fp32', 'q4_0', 'q8_0']);
    for (const [level, run] of byQuant) {
      expect(run.status).toBe('COMPLETED');
      expect(run.targetEngine).toBe('yardstick-embedded');
      if (level === 'fp32') {
        expect(run.engineBackend).toMatch(/^(wasm|cpu|tfjs-node|tfjs-node-gpu)$/);
        expect(run.config.engine).toMatchObject({ engine: 'tfjs', threads: null });
      } else {
        expect(run.engineBackend).toMatch(/^llama\.cpp\/(cpu|cuda|vulkan|metal)/);
        expect(run.config.engine.engine).toBe('llamacpp');
        expect(run.config.engine.threads).toBeGreaterThanOrEqual(1);
        expect(run.config.engine.quality).toMatchObject({ reference: 'f32' });
        expect(run.config.engine.quality!.meanKlNats).toBeGreaterThan(0);
      }
      expect(run.stats.errors).toBe(0);
      expect(run.stats.requests).toBe(run.summary.requests);
      const decode = run.summary.enginePerformance?.decode;
      expect(decode?.tokensPerS).toBeGreaterThan(0);
      expect(decode?.bandwidthFraction).toBeGreaterThan(0);
      expect(decode?.bandwidthFraction).toBeLessThanOrEqual(1.5);
    }
    // Real low-bit kernels: fewer stored bytes, and more divergence from F32, at each step down.
    const engine = (level: string) => byQuant.get(level)!.config.engine;
    expect(engine('q4_0').weightBytes).toBeLessThan(engine('q8_0').weightBytes);
    expect(engine('q8_0').weightBytes).toBeLessThan(engine('f16').weightBytes);
    expect(engine('q4_0').quality!.meanKlNats).toBeGreaterThan(engine('q8_0').quality!.meanKlNats);
    expect(engine('q8_0').quality!.meanKlNats).toBeGreaterThan(engine('f16').quality!.meanKlNats);
  });
});
