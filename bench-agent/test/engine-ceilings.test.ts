/**
 * What sizes the roofline probes (the last-level cache, from a sysfs tree laid out as Linux lays it
 * out) and which engine a request picks.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeReadBandwidth } from '../src/engine/bandwidth.probe';
import { parseCacheSize, probeWorkingSetBytes, readLastLevelCache } from '../src/engine/cache-size';
import { resolveEngine } from '../src/engine/engine.server';
import { defaultThreads } from '../src/engine/llamacpp/llamacpp.runtime';
import { gemvColumns } from '../src/engine/roofline.probe';

/** A sysfs cache tree: per cpu, index0 L1d, index1 L1i, index2 L2, index3 L3 shared per `l3Groups`. */
function fakeSysfs(cpus: number, l3: string, l3Groups: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'sysfs-'));
  for (let cpu = 0; cpu < cpus; cpu++) {
    const levels: [string, string, string, string][] = [
      ['1', 'Data', '32K', String(cpu)],
      ['1', 'Instruction', '32K', String(cpu)],
      ['2', 'Unified', '512K', String(cpu)],
      ['3', 'Unified', l3, l3Groups[Math.floor((cpu * l3Groups.length) / cpus)]!],
    ];
    levels.forEach(([level, type, size, shared], i) => {
      const dir = join(root, `cpu${cpu}`, 'cache', `index${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'level'), `${level}\n`);
      writeFileSync(join(dir, 'type'), `${type}\n`);
      writeFileSync(join(dir, 'size'), `${size}\n`);
      writeFileSync(join(dir, 'shared_cpu_list'), `${shared}\n`);
    });
  }
  mkdirSync(join(root, 'cpufreq'));
  return root;
}

describe('last-level cache and probe sizes', () => {
  it('parses sysfs sizes', () => {
    expect(parseCacheSize('32768K')).toBe(32 * 1024 ** 2);
    expect(parseCacheSize('8M')).toBe(8 * 1024 ** 2);
    expect(parseCacheSize('512K\n')).toBe(512 * 1024);
  });

  it('takes the highest data/unified level, once per group of CPUs sharing it', () => {
    expect(readLastLevelCache(fakeSysfs(2, '32768K', ['0-1']))).toMatchObject({
      level: 3,
      bytesPerInstance: 32 * 1024 ** 2,
      instances: 1,
    });
    // Two CCDs of 32 MiB each (EPYC-style): 64 MiB of L3 in all.
    const twoCcds = readLastLevelCache(fakeSysfs(4, '32768K', ['0-1', '2-3']));
    expect(twoCcds).toMatchObject({ instances: 2 });
    expect(probeWorkingSetBytes(twoCcds)).toBe(4 * 64 * 1024 ** 2);
    expect(readLastLevelCache(join(tmpdir(), 'no-such-sysfs'))).toBeNull();
  });

  it('sizes probes at 4 × LLC, at least 64 MiB; the tfjs GEMV in 128-column steps', () => {
    const l3 = (mib: number) => ({
      level: 3,
      bytesPerInstance: mib * 1024 ** 2,
      instances: 1,
      source: 'test',
    });
    expect(probeWorkingSetBytes(null)).toBe(64 * 1024 ** 2);
    expect(probeWorkingSetBytes(l3(8))).toBe(64 * 1024 ** 2);
    expect(probeWorkingSetBytes(l3(32))).toBe(128 * 1024 ** 2);
    expect(gemvColumns(l3(32))).toBe(16_384); // 2048 × 16384 × 4 B = 128 MiB
    expect(gemvColumns(l3(384))).toBe(16_384 * 4); // capped at 512 MiB for the wasm heap
  });

  it('the read probe streams its working set and reports bytes per second', async () => {
    const read = await probeReadBandwidth(1, 8 * 1024 ** 2, 2);
    expect(read.workingSetBytes).toBe(8 * 1024 ** 2);
    expect(read.bytesPerS).toBeGreaterThan(1e8); // orders of magnitude only on a shared machine
    expect(read.bytesPerS).toBeLessThan(1e13);
  });
});

describe('engine choice', () => {
  it('follows the level names, the model file and the tfjs backend; auto otherwise', () => {
    expect(resolveEngine({})).toBe('auto');
    expect(resolveEngine({ quantization: 'Q4_0' })).toBe('llamacpp');
    expect(resolveEngine({ quantization: 'int8' })).toBe('tfjs');
    expect(resolveEngine({ backend: 'wasm' })).toBe('tfjs');
    expect(resolveEngine({ modelFile: 'x.gguf' })).toBe('llamacpp');
    expect(resolveEngine({ engine: 'llamacpp' })).toBe('llamacpp');
    expect(() => resolveEngine({ engine: 'llamacpp', quantization: 'int4' })).toThrow(
      "engine: llamacpp requested but 'int4' belongs to the tfjs engine; use --quantization F32|F16|Q8_0|Q6_K|Q5_K|Q4_K|Q4_0",
    );
    expect(resolveEngine({ quantization: 'q4_0' as never })).toBe('llamacpp'); // GGUF names in either case
    expect(() => resolveEngine({ quantization: 'int3' as never })).toThrow(
      /^quantization: unknown level 'int3'/,
    );
  });

  it('defaults llama.cpp to one thread less than the cores', () => {
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(16)).toBe(15);
  });
});
