/**
 * The README's first command: a server started on an empty database benchmarks this machine with the
 * embedded engine at two quantization levels and stores both runs, with the engine's roofline figures.
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
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('benchmarks this machine at fp32 and int8 and stores both runs', async () => {
    workDir = mkdtempSync(join(tmpdir(), 'yardstick-first-run-'));
    server = await startCli(
      serverBin,
      ['start', '--db', join(workDir, 'first.duckdb'), '--port', '0'],
      /\[first-run\] (benchmark finished\.|benchmark exited.*|failed.*|could not start.*)$/m,
      200_000,
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
    expect([...byQuant.keys()].sort()).toEqual(['fp32', 'int8']);
    for (const run of byQuant.values()) {
      expect(run.status).toBe('COMPLETED');
      expect(run.targetEngine).toBe('yardstick-embedded');
      expect(run.engineBackend).toMatch(/^(wasm|cpu|tfjs-node|tfjs-node-gpu)$/);
      expect(run.stats.errors).toBe(0);
      expect(run.stats.requests).toBe(run.summary.requests);
      const decode = run.summary.enginePerformance?.decode;
      expect(decode?.tokensPerS).toBeGreaterThan(0);
      expect(decode?.bandwidthFraction).toBeGreaterThan(0);
      expect(decode?.bandwidthFraction).toBeLessThanOrEqual(1.5);
    }
  });
});
