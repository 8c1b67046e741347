import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from './helpers/fake-openai.server';
import { startFakeGraphql } from './helpers/fake-graphql.server';

const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');
const SMOKE = path.resolve(import.meta.dirname, '../../scenarios/smoke.yaml');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const until = async (cond: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Ctrl-C (SIGINT) on a real `yardstick-agent run` process', () => {
  it('stops cleanly: in-flight requests become cancelled samples, partial results are saved and uploaded as ABORTED', async () => {
    // Slow answers (16 tokens x 25 ms) so requests are always in flight when the signal lands.
    const target = await startFakeOpenAi({ ttftMs: 10, itlMs: 25 });
    cleanups.push(target.close);
    const server = await startFakeGraphql('tok');
    cleanups.push(server.close);
    const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-sigint-'));
    const jsonFile = path.join(dir, 'out.json');
    const child = spawn(
      process.execPath,
      [
        BIN,
        'run',
        '--target',
        target.url,
        '--scenario',
        SMOKE,
        '--concurrency',
        '4',
        '--requests',
        '100000',
        '--json',
        jsonFile,
        '--server',
        server.url,
        '--token',
        'tok',
        '--spool-dir',
        path.join(dir, 'spool'),
        '--upload-batch-size',
        '5',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    cleanups.push(async () => void child.kill('SIGKILL'));

    // Warm-up (2) plus a dozen measured requests, then Ctrl-C with 4 in flight.
    await until(() => target.requests.length >= 14, 60_000, `requests to reach the target\n${output}`);
    child.kill('SIGINT');
    const code = await exited;

    expect(code, output).toBe(130);
    expect(output).toContain('interrupted: stopping');
    const saved = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
      status: string;
      samples: { seq: number; errorKind: string | null }[];
    };
    expect(saved.status).toBe('ABORTED');
    // Every request that was sent has a sample: nothing lost, nothing counted twice.
    expect(saved.samples).toHaveLength(target.requests.length);
    expect(saved.samples.map((s) => s.seq)).toEqual(saved.samples.map((_, i) => i));
    const cancelled = saved.samples.filter((s) => s.errorKind === 'cancelled').length;
    expect(cancelled).toBeGreaterThanOrEqual(1);
    expect(cancelled).toBeLessThanOrEqual(4);
    // The server got the same samples exactly once, and the run finished as ABORTED.
    const uploaded = server.log.appendSamples
      .flatMap((b) => b.samples as { seq: number }[])
      .map((s) => s.seq);
    expect(uploaded.sort((a, b) => a - b)).toEqual(saved.samples.map((s) => s.seq));
    expect(server.log.finishRun).toEqual([expect.objectContaining({ status: 'ABORTED' })]);
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  }, 90_000);
});
