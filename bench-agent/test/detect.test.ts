import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectHardware } from '../src/detect/hardware.detector';
import { parseNvidiaSmiCsv } from '../src/detect/nvidia-smi.probe';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/yardstick-agent.js');

/** A stand-in nvidia-smi that checks it got the documented query and prints what the real tool prints for it. */
function fixtureBinDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-bin-'));
  const script = `#!/bin/sh
if [ "$1" = "--query-gpu=name,memory.total,driver_version" ] && [ "$2" = "--format=csv,noheader,nounits" ]; then
  echo "NVIDIA H100 80GB HBM3, 81559, 550.54.15"
  echo "NVIDIA H100 80GB HBM3, 81559, 550.54.15"
  exit 0
fi
echo "unexpected arguments: $*" >&2
exit 2
`;
  writeFileSync(path.join(dir, 'nvidia-smi'), script);
  chmodSync(path.join(dir, 'nvidia-smi'), 0o755);
  return dir;
}

const H100 = {
  vendor: 'NVIDIA',
  model: 'NVIDIA H100 80GB HBM3',
  memoryBytes: 81559 * 1024 * 1024,
  driver: '550.54.15',
};

describe('hardware detection', () => {
  it('details NVIDIA GPUs through nvidia-smi when it is on PATH', async () => {
    const dir = fixtureBinDir();
    const hw = await detectHardware({ envPath: `${dir}${path.delimiter}${process.env.PATH}` });
    expect(hw.accelerators.filter((a) => a.vendor === 'NVIDIA')).toEqual([H100, H100]);
    expect(hw.notes.join('\n')).not.toContain('nvidia-smi not found');
    expect(hw.cpuCores).toBeGreaterThan(0);
    expect(hw.memoryBytes).toBeGreaterThan(0);
    expect(hw.hostname.length).toBeGreaterThan(0);
  });

  it('says so when nvidia-smi (or lspci) is missing instead of reporting nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'yardstick-empty-'));
    const hw = await detectHardware({ envPath: empty });
    expect(hw.notes).toContain('nvidia-smi not found on PATH: NVIDIA GPUs cannot be detailed');
    expect(hw.notes.some((n) => n.startsWith('lspci not found on PATH'))).toBe(process.platform === 'linux');
  });

  it('`detect --json` prints the HardwareInput shape', async () => {
    const dir = fixtureBinDir();
    const { stdout } = await execFileAsync(process.execPath, [BIN, 'detect', '--json'], {
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
    });
    const hw = JSON.parse(stdout);
    expect(Object.keys(hw).sort()).toEqual(
      ['accelerators', 'cpuCores', 'cpuModel', 'hostname', 'memoryBytes', 'notes', 'os', 'raw'].sort(),
    );
    expect(hw.accelerators).toContainEqual(H100);
    expect(hw.raw.nvidiaSmi).toContain('H100');
  });

  it('parses unsupported driver fields and names with commas', () => {
    expect(parseNvidiaSmiCsv('Tesla T4, 15360, [N/A]\nA, B GPU, 1024, 535.1\n\n')).toEqual([
      { vendor: 'NVIDIA', model: 'Tesla T4', memoryBytes: 15360 * 2 ** 20, driver: null },
      { vendor: 'NVIDIA', model: 'A, B GPU', memoryBytes: 1024 * 2 ** 20, driver: '535.1' },
    ]);
  });
});
