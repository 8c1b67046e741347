import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlanFile } from '../src/plan/plan.schema';
import { runPlan } from '../src/plan/plan.service';
import { HARDWARE_FIXTURE } from './helpers/scenario.fixture';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'plan-'));
  temps.push(d);
  return d;
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const SCENARIO = `name: plan-test
description: tiny plan test
seed: 3
request:
  input_tokens: { dist: fixed, value: 8 }
  output_tokens: { dist: fixed, value: 4 }
load: { type: concurrency, concurrency: 2 }
stop: { requests: 6 }
`;

describe('run plan file', () => {
  it('rejects invalid plans naming the file and each field path', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'scenario: s.yaml\ntarget: not-a-url\nprofiles:\n  - quantization: int8\n    comand: x\n',
    );
    let message = '';
    try {
      loadPlanFile(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${file}: invalid run plan`);
    expect(message).toMatch(/- target: /);
    expect(message).toMatch(/- profiles\[0\]\.command: /);
    expect(message).toMatch(/- profiles\[0\]: Unrecognized key: "comand"/);
  });

  it('starts the embedded engine per profile, benchmarks it, stops it and keeps its log', async () => {
    const dir = tempDir();
    const port = await freePort();
    writeFileSync(path.join(dir, 'scenario.yaml'), SCENARIO);
    const agent = path.join(repoRoot, 'bench-agent', 'bin', 'yardstick-agent.js');
    writeFileSync(
      path.join(dir, 'plan.yaml'),
      `scenario: scenario.yaml
target: http://127.0.0.1:${port}
startup_timeout_s: 60
stop_timeout_s: 5
profiles:
  - quantization: int8
    command: node ${agent} serve-engine --preset tiny --port ${port} --quantization int8
  - quantization: broken
    command: echo "no such engine" >&2; exit 3
`,
    );
    const plan = loadPlanFile(path.join(dir, 'plan.yaml'));
    const results = await runPlan({ plan, base: { hardware: HARDWARE_FIXTURE, keepSamples: false } });
    const [ok, broken] = results;
    expect(ok).toMatchObject({ quantization: 'int8', status: 'COMPLETED' });
    expect(ok!.summary!.requests).toBe(6);
    expect(ok!.summary!.errors).toBe(0);
    expect(ok!.startupS!).toBeGreaterThan(0);
    expect(ok!.serverExit).toMatch(/killed by SIGTERM|exited with code/);
    expect(readFileSync(ok!.logFile, 'utf8')).toContain('serve-engine --preset tiny');
    // The server is gone: nothing listens on its port any more.
    await expect(fetch(`http://127.0.0.1:${port}/v1/models`)).rejects.toThrow();
    expect(broken).toMatchObject({ quantization: 'broken', status: 'FAILED', startupS: null });
    expect(broken!.error).toMatch(
      /server "broken" exited with code 3 before it was healthy; see .*broken-.*\.log/,
    );
    expect(readFileSync(broken!.logFile, 'utf8')).toContain('no such engine');
  }, 90_000);
});
