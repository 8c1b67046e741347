/**
 * Imported runs record the hardware the source file states, what the user gives (`--hardware FILE`,
 * `--detect`), and everything else explicitly as unknown — never a made-up machine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { importerFor } from '../src/interop/importer.registry';
import { importResults } from '../src/interop/import.service';
import { readHardwareFile } from '../src/interop/import-hardware';
import { detectHardware } from '../src/detect/hardware.detector';
import { startRealServer } from './helpers/real-server';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');
const DIR = path.resolve(import.meta.dirname, 'fixtures/import');
const fixture = (f: string) => path.join(DIR, f);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-import-hw-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const raw = (hw: { raw: unknown }) =>
  (hw.raw as { import: { unknown: string[]; fieldSources: Record<string, string> } }).import;

describe('hardware of imported runs', () => {
  it.each([
    ['vllm', 'vllm-0.1x-detailed.json'],
    ['aiperf', 'aiperf-multi-turn.jsonl'],
    ['guidellm', 'guidellm-0.7-benchmarks.json'],
  ])(
    '%s (%s) states no hardware: every field is recorded as unknown, none invented',
    async (format, file) => {
      const [run] = await importResults({ format, file: fixture(file) });
      const hw = run!.run.hardware;
      expect(hw).toMatchObject({
        hostname: 'unknown',
        cpuModel: '',
        memoryBytes: 0,
        os: '',
        accelerators: [],
      });
      expect(raw(hw).unknown).toEqual([
        'hostname',
        'cpuModel',
        'cpuCores',
        'memoryBytes',
        'os',
        'accelerators',
      ]);
      expect(hw.notes.join('\n')).toMatch(
        /hostname, cpuModel, cpuCores, memoryBytes, os, accelerators: unknown, not in the source file/,
      );
      // 0 is the server's "unknown" core count, never a made-up 1.
      expect(hw.cpuCores).toBe(0);
    },
  );

  it('llama-bench: cpu_info and gpu_info are mapped; core count, memory, OS and host stay unknown', () => {
    const [pp] = importerFor('llama-bench').parse(
      readFileSync(fixture('llama-bench.json'), 'utf8'),
      'llama-bench.json',
    );
    const hw = pp!.hardware;
    expect(hw.cpuModel).toBe('AMD EPYC 9654 96-Core Processor');
    expect(hw.accelerators).toEqual([
      { vendor: 'NVIDIA', model: 'NVIDIA H100 80GB HBM3', memoryBytes: null, driver: null },
    ]);
    expect(raw(hw).unknown).toEqual(['hostname', 'cpuCores', 'memoryBytes', 'os']);
    expect(raw(hw).fieldSources).toEqual({
      cpuModel: 'the source file (llama-bench cpu_info, gpu_info)',
      accelerators: 'the source file (llama-bench cpu_info, gpu_info)',
    });
    // n_threads is 48 in the file: threads used, never taken for the core count.
    expect(hw.cpuCores).not.toBe(16);
    expect(hw.notes.join('\n')).toMatch(/n_threads 48 \(threads used, not the core count\)/);
  });

  it('--hardware FILE wins field by field; the source file still gives what the FILE leaves out', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'box.json');
    writeFileSync(file, JSON.stringify({ hostname: 'gpu-box-7', cpuCores: 128, memoryBytes: 512e9 }));
    const [first] = await importResults({
      format: 'llama-bench',
      file: fixture('llama-bench.json'),
      hardware: { file: readHardwareFile(file) },
    });
    const hw = first!.run.hardware;
    expect(hw).toMatchObject({
      hostname: 'gpu-box-7',
      cpuCores: 128,
      memoryBytes: 512e9,
      cpuModel: 'AMD EPYC 9654 96-Core Processor',
      os: '',
    });
    expect(raw(hw).unknown).toEqual(['os']);
    expect(raw(hw).fieldSources.cpuCores).toBe(`--hardware ${file}`);
  });

  it('--detect records this host, over what the file says', async () => {
    const detected = await detectHardware();
    const [first] = await importResults({
      format: 'llama-bench',
      file: fixture('llama-bench.json'),
      hardware: { detected },
    });
    const hw = first!.run.hardware;
    expect(hw.hostname).toBe(hostname());
    expect(hw.cpuCores).toBe(detected.cpuCores);
    expect(hw.cpuModel).toBe(detected.cpuModel);
    expect(raw(hw).unknown).toEqual([]);
  });

  it('a bad --hardware file is refused, naming the field and the fix', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ cpuCores: '16 cores' }));
    expect(() => readHardwareFile(file)).toThrow(
      /cpuCores must be an integer 1-100000 \(logical cores\), got "16 cores"/,
    );
    writeFileSync(file, JSON.stringify({ accelerators: [{ model: 'H100' }] }));
    expect(() => readHardwareFile(file)).toThrow(/accelerators.0: needs "vendor" and "model"/);
    writeFileSync(file, '{ not json');
    expect(() => readHardwareFile(file)).toThrow(/--hardware .*bad.json: cannot read it as JSON/);
  });

  it('a malformed file: one line naming the file and the place, exit 1, no stack trace, nothing uploaded', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'result.json');
    writeFileSync(bad, '{"date": "20250612-101531", "duration": 2.5,\n');
    const err = await execFileAsync(process.execPath, [
      BIN,
      'import',
      '--format',
      'vllm',
      bad,
      '--dry-run',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    const stderr = (err as { stderr: string }).stderr.trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^import failed: result\.json: line 1, column \d+: expected JSON/);
    expect(stderr).not.toMatch(/ at /);
  });

  it('the real server stores an import with unknown hardware as unknown (CLI, --hardware)', async () => {
    const dir = tempDir();
    const server = await startRealServer(path.join(dir, 'store.duckdb'));
    cleanups.push(server.stop);
    const hwFile = path.join(dir, 'box.json');
    writeFileSync(hwFile, JSON.stringify({ os: 'linux 6.8.0' }));
    const { stdout } = await execFileAsync(process.execPath, [
      BIN,
      'import',
      '--format',
      'llama-bench',
      fixture('llama-bench.jsonl'),
      '--hardware',
      hwFile,
      '--server',
      server.url,
      '--token',
      server.agentToken,
      '--spool-dir',
      path.join(dir, 'spool'),
    ]);
    expect(stdout).toMatch(/hardware: hostname, cpuCores, memoryBytes: unknown, not in the source file/);
    const { runs } = await server.gql<{
      runs: {
        edges: {
          node: {
            sampleCount: number;
            hardware: {
              hostname: string;
              cpuModel: string;
              os: string;
              memoryBytes: number;
              notes: string[];
            };
          };
        }[];
      };
    }>(
      'query { runs(first: 5) { edges { node { sampleCount hardware { hostname cpuModel os memoryBytes notes } } } } }',
    );
    // llama-bench.jsonl holds three tests (pp512, tg128, tg128 at depth 4096) of 5 repetitions each
    expect(runs.edges).toHaveLength(3);
    const node = runs.edges[0]!.node;
    expect(node.sampleCount).toBe(5);
    expect(node.hardware).toMatchObject({
      hostname: 'unknown',
      cpuModel: 'AMD EPYC 9654 96-Core Processor',
      os: 'linux 6.8.0',
      memoryBytes: 0,
    });
    expect(node.hardware.notes.join('\n')).toMatch(/not in the source file/);
  }, 120_000);
});
