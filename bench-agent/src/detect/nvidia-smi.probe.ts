import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AcceleratorInput } from '../graphql/agent-operations';

const execFileAsync = promisify(execFile);

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=name,memory.total,driver_version',
  '--format=csv,noheader,nounits',
];

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits`:
 * one GPU per line, memory.total in MiB. Example line: `NVIDIA H100 80GB HBM3, 81559, 550.54.15`
 * -> { vendor: 'NVIDIA', model: 'NVIDIA H100 80GB HBM3', memoryBytes: 81559 * 2^20, driver: '550.54.15' }.
 */
export function parseNvidiaSmiCsv(stdout: string): AcceleratorInput[] {
  const gpus: AcceleratorInput[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = line.split(',').map((f) => f.trim());
    // The name may itself contain commas (rare); memory and driver are always the last two fields.
    const driver = fields.pop() ?? '';
    const memoryMiB = Number(fields.pop());
    const name = fields.join(', ');
    if (!name) continue;
    gpus.push({
      vendor: 'NVIDIA',
      model: name,
      memoryBytes: Number.isFinite(memoryMiB) && memoryMiB > 0 ? memoryMiB * 1024 * 1024 : null,
      driver: driver && !/not supported|N\/A/i.test(driver) ? driver : null,
    });
  }
  return gpus;
}

/** Runs nvidia-smi (`binary` = its path) and parses the GPUs; throws with stderr on failure. */
export async function probeNvidiaSmi(binary: string): Promise<{ gpus: AcceleratorInput[]; stdout: string }> {
  const { stdout } = await execFileAsync(binary, NVIDIA_SMI_ARGS, { timeout: 15_000 });
  return { gpus: parseNvidiaSmiCsv(stdout), stdout };
}
