import { hostname as osHostname } from 'node:os';
import si from 'systeminformation';
import { findOnPath } from './tool-path';
import { probeNvidiaSmi } from './nvidia-smi.probe';
import type { AcceleratorInput, HardwareInput } from '../graphql/agent-operations';

export interface DetectOptions {
  /** PATH used to find vendor tools (default: process.env.PATH). */
  envPath?: string;
}

const VENDOR_NAMES: [RegExp, string][] = [
  [/nvidia/i, 'NVIDIA'],
  [/advanced micro devices|\bamd\b|\bati\b/i, 'AMD'],
  [/intel/i, 'Intel'],
  [/habana/i, 'Habana'],
  [/qualcomm/i, 'Qualcomm'],
];

function vendorName(raw: string): string {
  for (const [re, name] of VENDOR_NAMES) if (re.test(raw)) return name;
  return raw || 'unknown';
}

/**
 * Hardware inventory in the contract's `HardwareInput` shape: host, CPU, memory, OS (systeminformation)
 * and accelerators. NVIDIA GPUs come from nvidia-smi when it is on PATH; other PCI display/accelerator
 * devices from systeminformation (which uses lspci on Linux). A missing vendor tool becomes a note
 * instead of silently reporting nothing.
 */
export async function detectHardware(opts: DetectOptions = {}): Promise<HardwareInput> {
  const notes: string[] = [];
  const [cpu, mem, osInfo, graphics] = await Promise.all([
    si.cpu(),
    si.mem(),
    si.osInfo(),
    si.graphics().catch((err: Error) => {
      notes.push(`systeminformation graphics failed: ${err.message}`);
      return { controllers: [], displays: [] } as si.Systeminformation.GraphicsData;
    }),
  ]);
  const accelerators: AcceleratorInput[] = [];
  const raw: Record<string, unknown> = {
    cpu,
    mem: { total: mem.total },
    osInfo,
    graphics: graphics.controllers,
  };

  const nvidiaSmi = findOnPath('nvidia-smi', opts.envPath);
  if (nvidiaSmi) {
    try {
      const { gpus, stdout } = await probeNvidiaSmi(nvidiaSmi);
      accelerators.push(...gpus);
      raw.nvidiaSmi = stdout;
      if (gpus.length === 0) notes.push(`${nvidiaSmi} listed no GPUs`);
    } catch (err) {
      notes.push(
        `nvidia-smi failed (${(err as Error).message.split('\n')[0]}): NVIDIA GPUs cannot be detailed`,
      );
    }
  } else {
    notes.push('nvidia-smi not found on PATH: NVIDIA GPUs cannot be detailed');
  }
  if (process.platform === 'linux' && !findOnPath('lspci', opts.envPath)) {
    notes.push(
      'lspci not found on PATH (Debian: apt-get install pciutils): PCI GPUs/accelerators cannot be listed',
    );
  }
  for (const c of graphics.controllers) {
    const vendor = vendorName(c.vendor || c.model);
    if (vendor === 'NVIDIA' && nvidiaSmi) continue; // nvidia-smi's view is more precise
    if (!c.model && !c.name) continue;
    accelerators.push({
      vendor,
      model: c.name || c.model,
      memoryBytes: c.vram ? c.vram * 1024 * 1024 : null,
      driver: c.driverVersion || null,
    });
  }
  if (
    accelerators.some((a) => a.vendor === 'AMD') &&
    !findOnPath('rocm-smi', opts.envPath) &&
    !findOnPath('amd-smi', opts.envPath)
  ) {
    notes.push('amd-smi/rocm-smi not found on PATH: AMD GPUs cannot be detailed');
  }
  return {
    hostname: osHostname(),
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ') || 'unknown CPU',
    cpuCores: cpu.cores,
    memoryBytes: mem.total,
    os: `${osInfo.platform} ${osInfo.kernel || osInfo.release} (${osInfo.distro} ${osInfo.release})`.trim(),
    accelerators,
    notes,
    raw,
  };
}
